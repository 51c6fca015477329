"""Argon2id hashing in the thread pool: PHC strings with the configured parameters, verify,
rehash detection, the decoy, and an event loop that keeps running while hashes are computed."""

from __future__ import annotations

import asyncio
import threading

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


class GatedHasher:
    """The real hasher behind a gate that only the event loop opens. Run on the loop, a hash
    would wait at the gate with the loop stopped, so the gate would never open."""

    def __init__(self, real: PasswordHasher) -> None:
        self.real = real
        self.entered = threading.Event()
        self.gate = threading.Event()

    def hash(self, password: str) -> str:
        self.entered.set()
        if not self.gate.wait(timeout=30):
            raise TimeoutError("the event loop never opened the gate: the hash blocked it")
        return self.real.hash(password)


async def test_the_event_loop_keeps_running_while_a_hash_is_computed() -> None:
    """A hash in progress (held at the gate) does not stop the loop: it still runs other
    coroutines, and only then lets the hash finish."""
    hashing = PasswordHashing(HashParameters(), workers=1)
    gated = GatedHasher(hashing._hasher)
    hashing._hasher = gated  # type: ignore[assignment]
    try:
        pending = asyncio.create_task(hashing.hash("correct horse"))
        deadline = asyncio.get_running_loop().time() + 30
        while not gated.entered.is_set():
            assert asyncio.get_running_loop().time() < deadline, "the hash never started"
            await asyncio.sleep(0.001)
        # The hash is in progress; the loop still runs this coroutine, and other tasks.
        assert not pending.done()
        assert await asyncio.gather(*(asyncio.sleep(0, result=i) for i in range(10))) == list(
            range(10)
        )
        gated.gate.set()
        stored = await asyncio.wait_for(pending, timeout=30)
    finally:
        await hashing.close()
    assert PasswordHasher().verify(stored, "correct horse")
