"""The disabled switch in a projection converges whatever the order and repetition of the
numbers.* events (real inventory and wallet, events taken from JetStream and replayed into the
wallet's number view shuffled, with repeats): it always ends where inventory is."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from sautikit.inventory.v1 import inventory_pb2
from tests.integration.test_call_number_view import Replayer, _live_consumers_idle, _published
from tests.integration.usage_harness import UsageStack, running_usage_stack

SHUFFLES = 12
VIEW = "SELECT tenant_number_id, status, disabled FROM wallet.call_numbers ORDER BY 1"


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[UsageStack]:
    async with running_usage_stack(database_url, nats_url) as running:
        yield running


async def test_disabled_converges_under_shuffled_and_repeated_events(stack: UsageStack) -> None:
    inv = stack.inventory

    async def disable(n: Any, disabled: bool) -> None:
        await inv.UpdateTenantNumber(
            inventory_pb2.UpdateTenantNumberRequest(
                workspace_id=n.workspace_id, tenant_number_id=n.id, disabled=disabled
            )
        )

    async def suspend(n: Any) -> None:
        await inv.SuspendNumber(
            inventory_pb2.SuspendNumberRequest(tenant_number_id=n.id, reason="unpaid_rental")
        )

    async def resume(n: Any) -> None:
        await inv.ResumeNumber(inventory_pb2.ResumeNumberRequest(tenant_number_id=n.id))

    a = await stack.claim()  # ends disabled and active: resumption left the switch alone
    await disable(a, True)
    await suspend(a)
    await resume(a)
    b = await stack.claim()  # ends enabled after flipping
    await disable(b, True)
    await disable(b, False)
    await disable(b, True)
    await disable(b, False)
    c = await stack.claim()  # ends suspended and disabled
    await suspend(c)
    await disable(c, True)
    envelopes = await _published(stack, 12)
    await _live_consumers_idle(stack)
    live = await stack.rows(VIEW)
    expected = {
        uuid.UUID(a.id): ("active", True),
        uuid.UUID(b.id): ("active", False),
        uuid.UUID(c.id): ("suspended", True),
    }
    assert {r["tenant_number_id"]: (r["status"], r["disabled"]) for r in live} == expected
    replayer = Replayer(stack)
    try:
        assert await _view(replayer, envelopes) == live
        for seed in range(SHUFFLES):
            rng = random.Random(seed)
            stream = envelopes + [rng.choice(envelopes) for _ in range(len(envelopes) // 2)]
            rng.shuffle(stream)
            assert await _view(replayer, stream) == live, seed
    finally:
        await replayer.close()


async def _view(replayer: Replayer, envelopes: list[Any]) -> list[dict[str, Any]]:
    await replayer.apply(envelopes)
    return await replayer.stack.rows(VIEW)
