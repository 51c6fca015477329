"""Credentials context: SIP usernames and Argon2id password hashes for tenant numbers."""
