"""Argon2id hashing in the thread pool: PHC strings with the configured parameters, verify,
rehash detection, the decoy, and an event loop that keeps running while hashes are computed."""

from __future__ import annotations

import asyncio
import time

from argon2 import PasswordHasher

from platform_common.passwords import PasswordHashing
from services.credentials.domain import HashParameters


async def test_hash_verify_and_rehash() -> None:
    hashing = PasswordHashing(HashParameters(), workers=2)
    try:
        stored = await hashing.hash("correct horse")
        assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert "correct horse" not in stored
        assert await hashing.verify(stored, "correct horse")
        assert not await hashing.verify(stored, "correct horsE")
        assert not await hashing.verify("not a hash", "correct horse")
        assert not hashing.needs_rehash(stored)
        assert await hashing.hash("correct horse") != stored, "salted"

        weak = PasswordHasher(time_cost=1, memory_cost=8192).hash("correct horse")
        assert await hashing.verify(weak, "correct horse"), "old hashes still verify"
        assert hashing.needs_rehash(weak)
        assert hashing.needs_rehash("garbage")
        assert await hashing.verify_decoy("correct horse") is False
    finally:
        await hashing.close()


async def test_the_event_loop_keeps_ticking_while_hashing() -> None:
    """Four hashes take 100+ ms of CPU. Done on the loop, a 1 ms ticker would stall for each;
    in the pool it keeps ticking all along."""
    hashing = PasswordHashing(HashParameters(), workers=1)
    ticks = 0
    longest_gap = 0.0
    done = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks, longest_gap
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            longest_gap = max(longest_gap, now - last)
            last = now
            ticks += 1

    try:
        task = asyncio.create_task(ticker())
        started = time.perf_counter()
        await asyncio.gather(*(hashing.hash(f"password {i}") for i in range(4)))
        elapsed = time.perf_counter() - started
        done.set()
        await task
    finally:
        await hashing.close()
    assert elapsed > 0.06, "the hashes really cost something"
    assert ticks > elapsed / 0.005, (ticks, elapsed)
    assert longest_gap < elapsed / 2, (longest_gap, elapsed)
