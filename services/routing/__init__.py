"""Routing context: where the platform POSTs voice callbacks and call events for each number."""
