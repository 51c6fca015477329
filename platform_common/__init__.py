"""Mechanisms shared by every Sautikit service: config, database, outbox, NATS, gRPC bootstrap.

Nothing in this package knows a business rule; services bring those.
"""
