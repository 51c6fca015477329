"""Wallet context: one prepaid KES wallet per workspace and its append-only ledger."""
