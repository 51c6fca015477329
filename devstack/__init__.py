"""Local infrastructure for `make run` and the tests: PostgreSQL and NATS from PyPI wheels,
and a supervisor for the platform's processes. Not used in production."""
