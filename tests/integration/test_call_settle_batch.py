"""The call.completed consumer's batch path (settle_batch): a fetched batch is settled with a
few set-based statements. With real PostgreSQL, the wallet service and JetStream, batches of
shuffled, repeated call.completed events (several event ids per call, a call ending twice in
one batch, a call costing more than it holds, a call never authorized) charge each call once,
exactly its rated cost, and keep the balance equal to the ledger."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from platform_common.db import create_engine
from platform_common.events import EventEnvelope
from platform_common.uow import unit_of_work_factory
from services.wallet import repository
from services.wallet.usage.consumers import CompletedCalls
from services.wallet.usage.domain import cost_minor
from tests.integration.usage_harness import (
    RATE,
    UsageStack,
    running_usage_stack,
    usage_settings,
)
from tests.ledger_integrity import ledger_checked_after_each_test

pytestmark = pytest.mark.usefixtures("ledger_checked_after_each_test")
__all__ = ["ledger_checked_after_each_test"]

SETTINGS = usage_settings(slice_seconds=180)  # each call holds 600 (3 minutes at KES 2/min)
FUNDS = 100 * RATE


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[UsageStack]:
    async with running_usage_stack(database_url, nats_url, settings=SETTINGS) as running:
        yield running


def _envelope(stack: UsageStack, number: object, call_id: str, seconds: int) -> EventEnvelope:
    return EventEnvelope(
        id=uuid.uuid4(),  # each delivery its own event id: the consumer's dedup cannot help
        source="sautikit/voice",
        ce_type="sautikit.calls.completed.v1",
        subject=f"calls/{call_id}",
        time=datetime.now(UTC),
        nats_subject="sautikit.calls.completed",
        data=stack.completed(number, call_id, seconds).SerializeToString(),
    )


async def test_shuffled_repeated_batches_charge_each_call_once_at_its_rated_cost(
    stack: UsageStack,
) -> None:
    number = await stack.claim(call_money=FUNDS)
    durations = [0, 1, 59, 60, 61, 179, 180, 400]  # 400 s costs more than the 600 held
    calls = [(await stack.authorize(number)).call.call_id for _ in durations]
    left_running = (await stack.authorize(number)).call.call_id  # no end event: keeps its 600
    never_authorized = stack.new_call_id()
    ends = [*zip(calls, durations, strict=True), (never_authorized, 61)]
    deliveries = [_envelope(stack, number, c, s) for c, s in ends for _ in range(3)]
    random.Random(5).shuffle(deliveries)

    engine = create_engine(stack.database_url)
    new_uow = unit_of_work_factory(engine, repository.outbox)
    handler = CompletedCalls(settings=SETTINGS, clock=stack.clock)
    try:
        for start in range(0, len(deliveries), 7):
            async with new_uow() as uow:
                await handler.apply_batch(uow, deliveries[start : start + 7])
                await uow.commit()
    finally:
        await engine.dispose()

    costs = {c: cost_minor(s, RATE, SETTINGS.increments) for c, s in ends}
    assert costs[calls[1]] == 200 and costs[calls[4]] == 204 and costs[calls[7]] == 1334
    for call_id, cost in costs.items():
        row = await stack.call_row(call_id)
        assert row is not None
        assert (row["status"], row["cost_minor"], row["charged_minor"]) == (
            "completed",
            cost,
            cost,
        )
        assert row["reserved_minor"] == 0
        entries = await stack.usage_entries(call_id)
        assert [e["amount_minor"] for e in entries] == ([-cost] if cost else [])
    wallet = await stack.wallet_row(number.workspace_id)
    assert wallet["balance_minor"] == FUNDS - sum(costs.values())
    assert wallet["reserved_minor"] == 600  # only the call still running holds money
    assert (await stack.call_row(left_running) or {})["status"] == "authorized"


async def test_a_batch_charges_an_overrun_at_most_what_the_call_held_plus_what_is_available(
    stack: UsageStack,
) -> None:
    number = await stack.claim(call_money=1_200)  # two calls of 600: nothing left available
    long_call = (await stack.authorize(number)).call.call_id
    short_call = (await stack.authorize(number)).call.call_id
    engine = create_engine(stack.database_url)
    handler = CompletedCalls(settings=SETTINGS, clock=stack.clock)
    try:
        async with unit_of_work_factory(engine, repository.outbox)() as uow:
            await handler.apply_batch(
                uow,
                [
                    _envelope(stack, number, long_call, 400),  # costs 1,334, holds 600
                    _envelope(stack, number, short_call, 61),  # costs 204, holds 600
                ],
            )
            await uow.commit()
    finally:
        await engine.dispose()
    # In event order, as one call at a time: the long call takes its 600 (0 available), the
    # short one its 204; 396 is left.
    long_row, short_row = await stack.call_row(long_call), await stack.call_row(short_call)
    assert long_row is not None and short_row is not None
    assert (long_row["cost_minor"], long_row["charged_minor"]) == (1_334, 600)
    assert (short_row["cost_minor"], short_row["charged_minor"]) == (204, 204)
    wallet = await stack.wallet_row(number.workspace_id)
    assert (wallet["balance_minor"], wallet["reserved_minor"]) == (396, 0)
