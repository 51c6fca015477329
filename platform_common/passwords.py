"""Passwords, shared by SIP credentials and console users so both use ONE set of Argon2id
parameters (ARGON2_MEMORY_KIB, ARGON2_TIME_COST, ARGON2_PARALLELISM) and one throttle shape.

Hashing runs off the event loop: argon2-cffi releases the GIL while it hashes, so a thread pool
with one worker per CPU keeps every core busy and the event loop (health checks, other RPCs)
responsive. Hashes are PHC strings (`$argon2id$v=19$m=...,t=...,p=...$salt$hash`) that carry
their own parameters, so a hash made under older settings still verifies and can be upgraded
(`needs_rehash`).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from platform_common.config import env_int

log = logging.getLogger(__name__)

# OWASP's minimum for Argon2id; configuration may raise each parameter, never lower it.
MIN_MEMORY_KIB = 19_456
MIN_TIME_COST = 2
MIN_PARALLELISM = 1


@dataclass(frozen=True)
class HashParameters:
    """Argon2id cost parameters; refuses anything weaker than the OWASP minimum."""

    memory_kib: int = MIN_MEMORY_KIB
    time_cost: int = MIN_TIME_COST
    parallelism: int = MIN_PARALLELISM

    def __post_init__(self) -> None:
        if not MIN_MEMORY_KIB <= self.memory_kib <= 4 * 1024 * 1024:
            raise ValueError(f"ARGON2_MEMORY_KIB must be {MIN_MEMORY_KIB} to 4194304")
        if not MIN_TIME_COST <= self.time_cost <= 50:
            raise ValueError(f"ARGON2_TIME_COST must be {MIN_TIME_COST} to 50")
        if not MIN_PARALLELISM <= self.parallelism <= 64:
            raise ValueError(f"ARGON2_PARALLELISM must be {MIN_PARALLELISM} to 64")


@dataclass(frozen=True)
class ThrottlePolicy:
    """Failed verifications of one username: the first `free_failures` cost nothing; each
    further failure refuses that username for base * 2^(extra failures - 1) seconds, at most
    `max_delay_seconds`. Failures older than `forget_after_seconds` no longer count. The
    database applies the formula (verification_repository), so every replica agrees."""

    free_failures: int = 5
    base_delay_seconds: float = 1.0
    max_delay_seconds: float = 300.0
    forget_after_seconds: float = 900.0

    def __post_init__(self) -> None:
        if self.free_failures < 0:
            raise ValueError("VERIFY_FREE_FAILURES must be 0 or more")
        if not 0 < self.base_delay_seconds <= self.max_delay_seconds:
            raise ValueError("need 0 < VERIFY_THROTTLE_BASE_SECONDS <= VERIFY_THROTTLE_MAX_SECONDS")
        if self.forget_after_seconds < self.max_delay_seconds:
            raise ValueError(
                "VERIFY_FAILURES_FORGET_SECONDS must be >= VERIFY_THROTTLE_MAX_SECONDS"
            )


def hash_parameters_from_env() -> HashParameters:
    """ARGON2_MEMORY_KIB, ARGON2_TIME_COST, ARGON2_PARALLELISM (unset: the OWASP minimum)."""
    defaults = HashParameters()
    return HashParameters(
        memory_kib=env_int("ARGON2_MEMORY_KIB", defaults.memory_kib),
        time_cost=env_int("ARGON2_TIME_COST", defaults.time_cost),
        parallelism=env_int("ARGON2_PARALLELISM", defaults.parallelism),
    )


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
            self._decoy_hash = await self.hash(secrets.token_urlsafe(24))
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
