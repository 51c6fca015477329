"""The wallet's view of tenant numbers (what AuthorizeCall decides on: holder, status,
directions, rates) ends the same whatever the order and however often inventory's numbers.*
events arrive. The events are real (inventory publishes them while numbers are claimed,
reconfigured, suspended, resumed, released and claimed again); they are replayed through the
wallet consumers' own code path (EventConsumer.handle_once) against the real database and the
real inventory (for re-reads), in order and then in seeded random orders with duplicates."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from typing import Any

import nats
import pytest

from platform_common.consumer import EventConsumer
from platform_common.db import create_engine
from platform_common.events import EventEnvelope, envelope_from_message
from platform_common.inventory_numbers import GrpcInventory
from platform_common.uow import unit_of_work_factory
from sautikit.inventory.v1 import inventory_pb2
from services.wallet import repository
from services.wallet.usage.consumers import build_subscriptions
from services.wallet.usage.settings import UsageSettings
from tests.conftest import eventually
from tests.integration.test_credentials_harness import stream_messages
from tests.integration.usage_harness import UsageStack, running_usage_stack

SHUFFLES = 12
# Of a released holding only that it is released matters (it never carries a call again).
PROJECTION = """
    SELECT tenant_number_id, workspace_id, e164, status,
           CASE WHEN status = 'released' THEN NULL ELSE allow_inbound END AS allow_inbound,
           CASE WHEN status = 'released' THEN NULL ELSE allow_outbound END AS allow_outbound,
           CASE WHEN status = 'released' THEN NULL ELSE inbound_per_min_minor END AS inbound,
           CASE WHEN status = 'released' THEN NULL ELSE outbound_per_min_minor END AS outbound
    FROM wallet.call_numbers ORDER BY tenant_number_id
"""


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[UsageStack]:
    async with running_usage_stack(database_url, nats_url) as running:
        yield running


def _number_subscriptions(inventory: GrpcInventory) -> dict[str, Any]:
    return {
        durable: entry
        for durable, entry in build_subscriptions(
            settings=UsageSettings(),
            clock=lambda: None,
            inventory=inventory,  # type: ignore[arg-type,return-value]
        ).items()
        if entry[0].startswith("sautikit.numbers.")
    }


class Replayer:
    def __init__(self, stack: UsageStack) -> None:
        self.stack = stack
        self.engine = create_engine(stack.database_url, pool_size=2)
        self.inventory = GrpcInventory(stack.inventory_address)
        new_uow = unit_of_work_factory(self.engine, repository.outbox)
        self.consumers = {
            subject: EventConsumer(
                nats=None,  # type: ignore[arg-type]  # handle_once never touches NATS
                new_uow=new_uow,
                processed=repository.processed_events,
                durable=f"replay-{durable}",
                subject=subject,
                handler=handler,
            )
            for durable, (subject, handler) in _number_subscriptions(self.inventory).items()
        }

    async def apply(self, envelopes: list[EventEnvelope]) -> list[dict[str, Any]]:
        await self.stack.rows("TRUNCATE wallet.call_numbers, wallet.processed_events")
        for envelope in envelopes:
            await self.consumers[envelope.nats_subject].handle_once(envelope)
        return await self.stack.rows(PROJECTION)

    async def close(self) -> None:
        await self.inventory.close()
        await self.engine.dispose()


async def _published(stack: UsageStack, expected: int) -> list[EventEnvelope]:
    async def all_there() -> list[Any] | None:
        messages = await stream_messages(stack.nats_url, "SAUTIKIT_NUMBERS")
        return messages if len(messages) >= expected else None

    messages = await eventually(all_there)
    assert len(messages) == expected
    return [envelope_from_message(m.subject, m.headers, m.data) for m in messages]


async def _live_consumers_idle(stack: UsageStack) -> None:
    client = await nats.connect(stack.nats_url)
    try:
        js = client.jetstream()

        async def idle() -> bool:
            for durable in _number_subscriptions(GrpcInventory("127.0.0.1:1")):
                info = await js.consumer_info("SAUTIKIT_NUMBERS", durable)
                if info.num_pending or info.num_ack_pending:
                    return False
            return True

        await eventually(idle)
    finally:
        await client.close()


async def test_number_view_converges_under_shuffled_and_repeated_events(
    stack: UsageStack,
) -> None:
    inv = stack.inventory

    async def settings(n: Any, **allow: bool) -> None:
        await inv.UpdateTenantNumber(
            inventory_pb2.UpdateTenantNumberRequest(
                workspace_id=n.workspace_id, tenant_number_id=n.id, **allow
            )
        )

    async def suspend(n: Any) -> None:
        await inv.SuspendNumber(
            inventory_pb2.SuspendNumberRequest(tenant_number_id=n.id, reason="unpaid")
        )

    async def resume(n: Any) -> None:
        await inv.ResumeNumber(inventory_pb2.ResumeNumberRequest(tenant_number_id=n.id))

    async def release(n: Any) -> None:
        await inv.ReleaseNumber(
            inventory_pb2.ReleaseNumberRequest(workspace_id=n.workspace_id, tenant_number_id=n.id)
        )

    a = await stack.claim()
    await settings(a, allow_inbound=False)
    await suspend(a)
    await resume(a)
    await settings(a, allow_inbound=True, allow_outbound=False)
    await release(a)
    again = await stack.claim(number_id=a.number_id)  # the same e164, another workspace
    await suspend(again)
    b = await stack.claim()
    await suspend(b)
    await release(b)
    c = await stack.claim()
    await settings(c, allow_outbound=False)
    e = await stack.claim()
    await suspend(e)
    await resume(e)
    await suspend(e)
    holdings = [a, again, b, c, e]
    envelopes = await _published(stack, 17)
    await _live_consumers_idle(stack)
    live = await stack.rows(PROJECTION)
    replayer = Replayer(stack)
    try:
        in_order = await replayer.apply(envelopes)
        assert in_order == live
        truth = {}
        for holding in holdings:
            reply = await inv.GetTenantNumber(
                inventory_pb2.GetTenantNumberRequest(
                    workspace_id=holding.workspace_id, tenant_number_id=holding.id
                )
            )
            truth[uuid.UUID(holding.id)] = reply.tenant_number
        names = {1: "active", 2: "suspended", 3: "released"}
        assert {row["tenant_number_id"] for row in in_order} == set(truth)
        for row in in_order:
            number = truth[row["tenant_number_id"]]
            assert row["status"] == names[number.status]
            if row["status"] != "released":
                assert (row["allow_inbound"], row["allow_outbound"]) == (
                    number.allow_inbound,
                    number.allow_outbound,
                )
                assert (row["inbound"], row["outbound"]) == (
                    number.inbound_per_min_minor,
                    number.outbound_per_min_minor,
                )
        for seed in range(SHUFFLES):
            rng = random.Random(seed)
            stream = envelopes + [rng.choice(envelopes) for _ in range(len(envelopes) // 2)]
            rng.shuffle(stream)
            assert await replayer.apply(stream) == in_order, seed
    finally:
        await replayer.close()
