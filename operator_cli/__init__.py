"""The `sautikit` operator command line: workspaces, inventory imports, wallet credits."""
