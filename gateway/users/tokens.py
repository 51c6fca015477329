"""Opaque tokens of the console (session cookies, password-reset and invitation links): 256
random bits, stored only as their SHA-256, so a read of the database yields nothing usable."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

TOKEN_BYTES = 32
# Longer than any token we issue (43 characters): refused before hashing anything.
MAX_TOKEN_CHARS = 128


def new_token() -> str:
    """43 URL-safe characters from the OS CSPRNG."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """SHA-256 hex, as stored in the tables."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def csrf_token_for(session_token: str) -> str:
    """The session's CSRF token: an HMAC keyed by the session token itself. Nothing more to
    store, and only whoever holds the cookie (never another site: it is HttpOnly and a
    cross-site page cannot read responses) can know it."""
    digest = hmac.new(session_token.encode("utf-8"), b"sautikit-console-csrf", "sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def csrf_matches(session_token: str, sent: str) -> bool:
    return hmac.compare_digest(csrf_token_for(session_token).encode(), sent.encode())
