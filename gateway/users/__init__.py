"""Console users: people (not keys) who sign in with email and password, belong to workspaces
with a role, and act through server-side sessions (console-contract, gateway/README.md)."""
