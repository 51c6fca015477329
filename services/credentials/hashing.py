"""Argon2id hashing off the event loop.

argon2-cffi releases the GIL while it hashes, so a thread pool with one worker per CPU keeps
every core busy and the event loop (health checks, other RPCs) responsive. Hashes are PHC
strings (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`) that carry their own parameters, so a
hash made under older settings still verifies and can be upgraded (`needs_rehash`).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from services.credentials.domain import HashParameters, new_password

log = logging.getLogger(__name__)


class PasswordHashing:
    """Hashes and verifies passwords in a bounded thread pool."""

    def __init__(self, parameters: HashParameters, *, workers: int) -> None:
        self.parameters = parameters
        self._hasher = PasswordHasher(
            time_cost=parameters.time_cost,
            memory_cost=parameters.memory_kib,
            parallelism=parameters.parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="argon2")
        self._decoy_hash: str | None = None

    async def hash(self, password: str) -> str:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._hasher.hash, password)

    async def verify(self, stored_hash: str, password: str) -> bool:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, self._verify_blocking, stored_hash, password)

    def _verify_blocking(self, stored_hash: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(stored_hash, password))
        except VerificationError:
            return False
        except InvalidHashError:
            log.error("stored credential hash is not a valid Argon2 hash")
            return False

    async def verify_decoy(self, password: str) -> bool:
        """Spends what a real verification costs and answers False: an unknown or revoked
        username takes as long to refuse as a wrong password."""
        if self._decoy_hash is None:
            self._decoy_hash = await self.hash(new_password())
        await self.verify(self._decoy_hash, password)
        return False

    def needs_rehash(self, stored_hash: str) -> bool:
        """True when the hash was made with other parameters than the configured ones."""
        try:
            return bool(self._hasher.check_needs_rehash(stored_hash))
        except InvalidHashError:
            return True

    async def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
