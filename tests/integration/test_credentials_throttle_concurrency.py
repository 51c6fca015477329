"""The SIP throttle under concurrency: the attempt is decided by PostgreSQL before any hash is
computed, so many guesses sent at once buy no more hashing than the same guesses one by one."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from platform_common.passwords import PasswordHashing
from services.credentials.domain import ThrottlePolicy
from tests.integration.test_credentials_harness import (
    Stack,
    credentials_settings,
    running_stack,
)

# A block far longer than the burst takes to arrive, so every guess after the free ones meets
# it however slow the machine is.
LONG_BLOCK = ThrottlePolicy(free_failures=2, base_delay_seconds=60.0, max_delay_seconds=120.0)
SETTINGS = credentials_settings(throttle=LONG_BLOCK)


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url, nats_url, settings=SETTINGS) as running:
        yield running


async def test_forty_concurrent_wrong_passwords_hash_only_the_free_failures_and_one_more(
    stack: Stack, monkeypatch: pytest.MonkeyPatch
) -> None:
    number = await stack.claim()
    created = await stack.create(number)
    username = created.credential.username
    hashed: list[str] = []
    real_verify = PasswordHashing.verify

    async def counting_verify(self: PasswordHashing, stored_hash: str, password: str) -> bool:
        hashed.append(password)
        return await real_verify(self, stored_hash, password)

    monkeypatch.setattr(PasswordHashing, "verify", counting_verify)
    other = await stack.replica(SETTINGS)
    stubs = [stack.credentials, other]
    verdicts = await asyncio.gather(
        *(stack.verify(username, f"guess-{i}", stubs[i % 2]) for i in range(40))
    )

    assert not any(v.valid for v in verdicts)
    admitted = LONG_BLOCK.free_failures + 1
    assert len(hashed) == admitted, f"{len(hashed)} guesses were hashed"
    assert sum(not v.HasField("retry_after") for v in verdicts) == admitted
    [row] = await stack.rows("SELECT failures FROM credentials.verify_failures")
    assert row["failures"] == admitted
    # The right password is refused too while the username is blocked.
    assert not await stack.valid(username, created.password)
