"""Every routing consumer (numbers.claimed, updated, suspended, resumed, released) gives the same
final state whatever the order and however often the events arrive.

The events are real: inventory publishes them while numbers are claimed, reconfigured,
suspended, resumed, released and claimed again. They are then replayed through the routing
consumers' own code path (EventConsumer.handle_once: deduplication, the handler, one
transaction) against the real database and the real inventory (for re-reads), first in the
order they were published, then in seeded random orders with duplicates."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import nats
import pytest

from platform_common.consumer import EventConsumer
from platform_common.db import create_engine
from platform_common.errors import RemoteError
from platform_common.events import EventEnvelope, envelope_from_message
from platform_common.inventory_numbers import GrpcInventory
from platform_common.uow import unit_of_work_factory
from sautikit.inventory.v1 import inventory_pb2
from sautikit.routing.v1 import routing_pb2
from services.routing import repository
from services.routing.consumers import build_subscriptions
from tests.conftest import eventually
from tests.integration.test_credentials_harness import stream_messages
from tests.integration.test_routing_harness import Stack, running_stack

SHUFFLES = 12
PROJECTION = """
    SELECT tenant_number_id, workspace_id, e164, status, status_reason, allow_inbound,
           allow_outbound, voice_callback_url, events_url, held_since
    FROM routing.routings ORDER BY tenant_number_id
"""


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url, nats_url) as running:
        yield running


class Replayer:
    """Applies events through the routing consumers' own handle_once, on a clean slate."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self.engine = create_engine(stack.database_url, pool_size=2)
        self.inventory = GrpcInventory(stack.inventory_address)
        new_uow = unit_of_work_factory(self.engine, repository.outbox)
        self.consumers: dict[str, EventConsumer] = {
            subject: EventConsumer(
                nats=None,  # type: ignore[arg-type]  # handle_once never touches NATS
                new_uow=new_uow,
                processed=repository.processed_events,
                durable=f"replay-{durable}",
                subject=subject,
                handler=handler,
            )
            for durable, (subject, handler) in build_subscriptions(self.inventory).items()
        }

    async def apply(self, envelopes: list[EventEnvelope]) -> list[dict[str, Any]]:
        await self.stack.rows("TRUNCATE routing.routings, routing.processed_events")
        for envelope in envelopes:
            await self.consumers[envelope.nats_subject].handle_once(envelope)
        return await self.stack.rows(PROJECTION)

    async def close(self) -> None:
        await self.inventory.close()
        await self.engine.dispose()


async def published_events(stack: Stack, expected: int) -> list[EventEnvelope]:
    async def all_there() -> list[Any] | None:
        messages = await stream_messages(stack.nats_url, "SAUTIKIT_NUMBERS")
        return messages if len(messages) >= expected else None

    messages = await eventually(all_there)
    assert len(messages) == expected
    return [envelope_from_message(m.subject, m.headers, m.data) for m in messages]


async def live_consumers_idle(stack: Stack) -> None:
    """Waits until the routing service's own consumers have acknowledged everything, so they
    do not write while the replays run."""
    client = await nats.connect(stack.nats_url)
    try:
        js = client.jetstream()

        async def idle() -> bool:
            for durable in build_subscriptions(GrpcInventory("127.0.0.1:1")):
                info = await js.consumer_info("SAUTIKIT_NUMBERS", durable)
                if info.num_pending or info.num_ack_pending:
                    return False
            return True

        await eventually(idle)
    finally:
        await client.close()


async def lifecycle(stack: Stack) -> tuple[list[inventory_pb2.TenantNumber], int]:
    """Real numbers through every event kind; returns the holdings and how many events."""
    inv = stack.inventory
    events = 0

    async def suspend(n: inventory_pb2.TenantNumber) -> None:
        await inv.SuspendNumber(
            inventory_pb2.SuspendNumberRequest(tenant_number_id=n.id, reason="unpaid")
        )

    async def resume(n: inventory_pb2.TenantNumber) -> None:
        await inv.ResumeNumber(inventory_pb2.ResumeNumberRequest(tenant_number_id=n.id))

    async def settings(n: inventory_pb2.TenantNumber, **allow: bool) -> None:
        await inv.UpdateTenantNumber(
            inventory_pb2.UpdateTenantNumberRequest(
                workspace_id=n.workspace_id, tenant_number_id=n.id, **allow
            )
        )

    async def release(n: inventory_pb2.TenantNumber) -> None:
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
    events += 8
    b = await stack.claim()
    await suspend(b)
    await release(b)
    events += 3
    c = await stack.claim()
    await settings(c, allow_outbound=False)
    events += 2
    d = await stack.claim()
    await release(d)
    events += 2
    e = await stack.claim()
    await suspend(e)
    await resume(e)
    await suspend(e)
    events += 4
    return [a, again, b, c, d, e], events


async def resolved(stack: Stack, e164s: set[str]) -> dict[str, tuple[str, str, bool, int]]:
    """What ResolveRoute answers for each number: holder, workspace, may take calls, refusal."""
    answers = {}
    for e164 in sorted(e164s):
        reply = await stack.routing.ResolveRoute(routing_pb2.ResolveRouteRequest(e164=e164))
        answers[e164] = (
            reply.tenant_number_id,
            reply.workspace_id,
            reply.may_take_calls,
            reply.refusal,
        )
    return answers


async def test_consumers_converge_under_shuffled_and_repeated_events(stack: Stack) -> None:
    holdings, count = await lifecycle(stack)
    envelopes = await published_events(stack, count)
    assert {e.nats_subject for e in envelopes} == {
        f"sautikit.numbers.{kind}"
        for kind in ("claimed", "updated", "suspended", "resumed", "released")
    }
    await live_consumers_idle(stack)
    replayer = Replayer(stack)
    try:
        in_order = await replayer.apply(envelopes)
        e164s = {h.e164 for h in holdings}
        in_order_routes = await resolved(stack, e164s)

        # The in-order result is inventory's truth.
        truth = {}
        for holding in holdings:
            reply = await stack.inventory.GetTenantNumber(
                inventory_pb2.GetTenantNumberRequest(
                    workspace_id=holding.workspace_id, tenant_number_id=holding.id
                )
            )
            truth[uuid.UUID(holding.id)] = reply.tenant_number
        assert {row["tenant_number_id"] for row in in_order} == set(truth)
        names = {1: "active", 2: "suspended", 3: "released"}
        for row in in_order:
            number = truth[row["tenant_number_id"]]
            assert row["status"] == names[number.status]
            if row["status"] != "released":
                assert (row["allow_inbound"], row["allow_outbound"]) == (
                    number.allow_inbound,
                    number.allow_outbound,
                )
            else:
                assert (row["allow_inbound"], row["allow_outbound"]) == (False, False)
        assert sum(route[2] for route in in_order_routes.values()) == 1, "only C takes calls"

        for seed in range(SHUFFLES):
            rng = random.Random(seed)
            stream = envelopes + [rng.choice(envelopes) for _ in range(len(envelopes) // 2)]
            rng.shuffle(stream)
            shuffled = await replayer.apply(stream)
            assert shuffled == in_order, (seed, _differences(in_order, shuffled))
            assert await resolved(stack, e164s) == in_order_routes, f"seed {seed}"
    finally:
        await replayer.close()


async def test_a_release_heard_before_its_claim_leaves_no_routing(stack: Stack) -> None:
    number = await stack.claim()
    await stack.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id
        )
    )
    envelopes = await published_events(stack, 2)
    await live_consumers_idle(stack)
    replayer = Replayer(stack)
    try:
        claimed, released = envelopes
        assert (claimed.nats_subject, released.nats_subject) == (
            "sautikit.numbers.claimed",
            "sautikit.numbers.released",
        )
        [row] = await replayer.apply([released, claimed, released, claimed])
        assert row["status"] == "released"
        assert (row["voice_callback_url"], row["events_url"]) == (None, None)
        route = await stack.routing.ResolveRoute(routing_pb2.ResolveRouteRequest(e164=number.e164))
        assert not route.may_take_calls
        assert route.refusal == routing_pb2.ROUTE_REFUSAL_NUMBER_RELEASED
        with pytest.raises(grpc.aio.AioRpcError) as hidden:
            await stack.routing.GetRouting(
                routing_pb2.GetRoutingRequest(
                    workspace_id=number.workspace_id, tenant_number_id=number.id
                )
            )
        assert RemoteError.from_rpc_error(hidden.value).reason == "routing_not_found"
    finally:
        await replayer.close()


def _differences(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> list[str]:
    """The columns that differ, per number (a readable assertion message)."""
    found = []
    for want, have in zip(expected, got, strict=False):
        for column in want:
            if want[column] != have.get(column):
                found.append(
                    f"{want['tenant_number_id']} {column}: {want[column]!r} != {have.get(column)!r}"
                )
    if len(expected) != len(got):
        found.append(f"{len(expected)} rows != {len(got)} rows")
    return found
