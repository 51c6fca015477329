"""API keys: their format, how they are hashed, and authentication with a short cache.

A key is `sk_live_` or `sk_test_` followed by 43 base62 characters (256 random bits). Only its
SHA-256 is stored. Looking a key up by hash equality in SQL leaks nothing useful through timing:
an attacker cannot choose inputs whose hashes approach a stored one.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway import repository

KEY_MODES = ("live", "test")
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SECRET_BYTES = 32
# 62**43 > 2**256, so every 32-byte secret fits in 43 base62 digits.
_SECRET_CHARS = 43
KEY_PATTERN = re.compile(r"^sk_(live|test)_[0-9A-Za-z]{43}$")
DISPLAY_PREFIX_CHARS = 12


@dataclass(frozen=True)
class IssuedKey:
    """A freshly generated key: `key` is shown once, the rest is what gets stored."""

    key: str
    key_hash: str
    key_prefix: str
    mode: str


@dataclass(frozen=True)
class Principal:
    """Who an authenticated request acts for.

    `organization_id` is the workspace W the key belongs to. `workspace_id` is the tenant the
    request acts as: W for a live key, W's sandbox workspace for a test key, so every service
    isolates the two modes as two tenants (DESIGN.md §11).
    """

    workspace_id: uuid.UUID
    api_key_id: uuid.UUID | None  # None: a console session
    mode: str
    organization_id: uuid.UUID
    livemode: bool
    # A console user's role in the workspace; an API key acts as its workspace's owner.
    role: str = "owner"
    user_id: uuid.UUID | None = None  # set for console sessions only


def _base62(data: bytes, width: int) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    for _ in range(width):
        number, digit = divmod(number, 62)
        digits.append(_BASE62[digit])
    return "".join(reversed(digits))


def hash_key(key: str) -> str:
    """SHA-256 hex of the full key, as stored in api_keys.key_hash."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_key(mode: str) -> IssuedKey:
    """Generates a new random key of the given mode ("live" or "test")."""
    if mode not in KEY_MODES:
        raise ValueError(f"unknown key mode {mode!r}")
    key = f"sk_{mode}_{_base62(secrets.token_bytes(_SECRET_BYTES), _SECRET_CHARS)}"
    return IssuedKey(
        key=key, key_hash=hash_key(key), key_prefix=key[:DISPLAY_PREFIX_CHARS], mode=mode
    )


def looks_like_key(candidate: str) -> bool:
    """True when the string has the shape of a key (checked before touching the database)."""
    return KEY_PATTERN.fullmatch(candidate) is not None


KeyLookup = Callable[[str], Awaitable[Principal | None]]


def principal_for(key: repository.ActiveKey) -> Principal:
    """The principal of a key: a test key acts as its workspace's sandbox tenant."""
    livemode = key.mode == "live"
    return Principal(
        workspace_id=key.workspace_id if livemode else key.sandbox_workspace_id,
        api_key_id=key.api_key_id,
        mode=key.mode,
        organization_id=key.workspace_id,
        livemode=livemode,
    )


def database_lookup(engine: AsyncEngine) -> KeyLookup:
    """Finds the principal of a key hash in PostgreSQL (and records that the key was used:
    a write only for a known key, so unknown keys cost one read each)."""

    async def lookup(key_hash: str) -> Principal | None:
        async with engine.begin() as conn:
            found = await repository.find_active_key(conn, key_hash)
            if found is not None:
                await repository.mark_key_used(conn, found.api_key_id)
        if found is None:
            return None
        return principal_for(found)

    return lookup


class Authenticator:
    """Resolves API keys to principals, caching hits for `ttl` seconds.

    Only successful lookups are cached: caching misses would let anyone fill the cache with
    random keys (and a miss costs one read, never a write). A revocation reaches every
    replica's cache through key_revocations.py; the `ttl` bounds how long a revoked key could
    still work if that notice were lost. `last_used_at` is refreshed at most once per `ttl`
    per replica.
    """

    def __init__(
        self,
        lookup: KeyLookup,
        *,
        ttl: float = 30.0,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lookup = lookup
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        self._cache: OrderedDict[str, tuple[float, Principal]] = OrderedDict()

    async def authenticate(self, key: str) -> Principal | None:
        """The principal of a valid, unrevoked key; None otherwise."""
        if not looks_like_key(key):
            return None
        key_hash = hash_key(key)
        now = self._clock()
        cached = self._cache.get(key_hash)
        if cached is not None:
            expires_at, cached_principal = cached
            if now < expires_at:
                return cached_principal
            del self._cache[key_hash]
        principal = await self._lookup(key_hash)
        if principal is not None and self._ttl > 0:
            self._cache[key_hash] = (now + self._ttl, principal)
            while len(self._cache) > self._max_entries:
                self._cache.popitem(last=False)
        return principal

    def forget(self, key: str) -> None:
        """Drops a key from this replica's cache (e.g. right after revoking it here)."""
        self.forget_hash(hash_key(key))

    def forget_hash(self, key_hash: str) -> None:
        """Drops a key, named by its hash, from this replica's cache (a revocation notice)."""
        self._cache.pop(key_hash, None)

    def forget_all(self) -> None:
        """Drops every cached key (revocation notices may have been missed)."""
        self._cache.clear()
