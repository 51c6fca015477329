"""The routing service over gRPC, with the real inventory and wallet beside it: the routing API
(partial updates, clearing, routing.updated through the outbox), the URL policy in production
mode with a stubbed resolver, and ResolveRoute following the number's lifecycle through real
NATS events."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest

from platform_common.errors import RemoteError
from sautikit.events.v1 import events_pb2
from sautikit.inventory.v1 import inventory_pb2
from sautikit.routing.v1 import routing_pb2
from tests.conftest import eventually
from tests.integration.test_credentials_harness import stream_messages
from tests.integration.test_routing_harness import Stack, running_stack

VOICE = "https://ivr.example.com/voice"  # does not resolve here: accepted, as the seed needs
EVENTS = "https://hooks.example.net/events"  # resolves (stub) to a public address


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[Stack]:
    async with running_stack(database_url, nats_url) as running:
        yield running


async def routing_events(stack: Stack) -> list[events_pb2.RoutingUpdated]:
    messages = await stream_messages(stack.nats_url, "SAUTIKIT_ROUTING")
    parsed = []
    for message in messages:
        assert message.subject == "sautikit.routing.updated"
        assert message.headers["ce-type"] == "sautikit.routing.updated.v1"
        event = events_pb2.RoutingUpdated()
        event.ParseFromString(message.data)
        parsed.append(event)
    return parsed


async def test_update_sets_clears_and_publishes_routing_updated(stack: Stack) -> None:
    number = await stack.claim()
    await stack.wait_row(number.id, status="active")
    empty = await stack.routing.GetRouting(
        routing_pb2.GetRoutingRequest(workspace_id=number.workspace_id, tenant_number_id=number.id)
    )
    assert (empty.routing.voice_callback_url, empty.routing.events_url) == ("", "")

    both = await stack.update(number, voice_callback_url=VOICE, events_url=EVENTS)
    assert (both.routing.voice_callback_url, both.routing.events_url) == (VOICE, EVENTS)
    assert both.routing.e164 == number.e164

    # Partial: only the field sent changes; an empty (present) field clears.
    cleared = await stack.update(number, events_url="")
    assert (cleared.routing.voice_callback_url, cleared.routing.events_url) == (VOICE, "")
    row = await stack.row(number.id)
    assert row is not None and row["voice_callback_url"] == VOICE and row["events_url"] is None

    published = await eventually(lambda: _at_least(stack, 2))
    assert [(e.voice_callback_url, e.events_url, list(e.changed_fields)) for e in published] == [
        (VOICE, EVENTS, ["events_url", "voice_callback_url"]),
        (VOICE, "", ["events_url"]),
    ]
    assert {(e.tenant_number_id, e.workspace_id, e.e164) for e in published} == {
        (number.id, number.workspace_id, number.e164)
    }


async def _at_least(stack: Stack, count: int) -> list[events_pb2.RoutingUpdated] | None:
    events = await routing_events(stack)
    return events if len(events) >= count else None


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://ivr.example.com/voice", "validation_failed"),
        ("https://user:pw@ivr.example.com/voice", "validation_failed"),
        ("https://127.0.0.1/voice", "unsafe_callback_url"),
        ("https://[::1]/voice", "unsafe_callback_url"),
        ("https://169.254.169.254/latest/meta-data/", "unsafe_callback_url"),
        ("https://2130706433/", "unsafe_callback_url"),
        ("https://0177.0.0.1/", "unsafe_callback_url"),
        ("https://[::ffff:10.0.0.1]/", "unsafe_callback_url"),
        ("https://rebind.example.net/hook", "unsafe_callback_url"),  # stub DNS: 10.0.0.1
        ("https://v6.example.net/hook", "unsafe_callback_url"),  # one of its addresses is local
        ("https://ivr.example.com/voice#top", "validation_failed"),
        ("https://ivr.example.com/" + "a" * 2048, "validation_failed"),
    ],
)
async def test_production_refuses_unsafe_urls_and_changes_nothing(
    stack: Stack, url: str, code: str
) -> None:
    number = await stack.claim()
    await stack.wait_row(number.id, status="active")
    await stack.update(number, voice_callback_url=VOICE)
    for field in ("voice_callback_url", "events_url"):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            # The good URL in the other field must not be saved either.
            other = "events_url" if field == "voice_callback_url" else "voice_callback_url"
            await stack.update(number, **{field: url, other: EVENTS})
        error = RemoteError.from_rpc_error(refused.value)
        assert error.status == grpc.StatusCode.INVALID_ARGUMENT
        assert error.reason == code
        assert [v.field for v in error.violations] == [field]
    row = await stack.row(number.id)
    assert row is not None and (row["voice_callback_url"], row["events_url"]) == (VOICE, None)
    assert len(await routing_events(stack)) == 1, "only the first, good update was published"


async def test_another_workspace_and_released_numbers_cannot_be_routed(stack: Stack) -> None:
    number = await stack.claim()
    await stack.wait_row(number.id, status="active")
    stranger = await stack.claim()
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await stack.routing.UpdateRouting(
            routing_pb2.UpdateRoutingRequest(
                workspace_id=stranger.workspace_id, tenant_number_id=number.id, events_url=EVENTS
            )
        )
    assert RemoteError.from_rpc_error(hidden.value).reason == "number_not_found"
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await stack.routing.GetRouting(
            routing_pb2.GetRoutingRequest(
                workspace_id=stranger.workspace_id, tenant_number_id=number.id
            )
        )
    assert RemoteError.from_rpc_error(hidden.value).reason == "number_not_found"

    await stack.update(number, events_url=EVENTS)
    await stack.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id
        )
    )
    released = await stack.wait_row(number.id, status="released")
    assert released["events_url"] is None, "a released number keeps no URL"
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.update(number, events_url=EVENTS)
    assert RemoteError.from_rpc_error(refused.value).reason == "number_released"
    row = await stack.row(number.id)
    assert row is not None and row["events_url"] is None


async def test_routing_a_number_whose_claim_event_is_late_asks_inventory(stack: Stack) -> None:
    number = await stack.claim()
    await stack.wait_row(number.id, status="active")
    # As if the claim event had not been consumed yet.
    await stack.rows("DELETE FROM routing.routings WHERE tenant_number_id = %s", number.id)
    updated = await stack.update(number, voice_callback_url=VOICE)
    assert updated.routing.voice_callback_url == VOICE
    row = await stack.row(number.id)
    assert row is not None and row["status"] == "active" and row["refreshed_at"] is not None


async def test_resolve_route_follows_the_number_within_a_second(stack: Stack) -> None:
    number = await stack.claim()
    await stack.wait_row(number.id, status="active")
    await stack.update(number, voice_callback_url=VOICE, events_url=EVENTS)
    route = await stack.resolve(number.e164)
    assert (route.workspace_id, route.tenant_number_id, route.e164) == (
        number.workspace_id,
        number.id,
        number.e164,
    )
    assert (route.voice_callback_url, route.events_url) == (VOICE, EVENTS)
    assert route.allow_inbound and route.allow_outbound
    assert route.may_take_calls and route.refusal == routing_pb2.ROUTE_REFUSAL_UNSPECIFIED

    async def refusal_becomes(refusal: int) -> None:
        async def reached() -> bool:
            answer = await stack.resolve(number.e164)
            return answer.refusal == refusal and answer.may_take_calls == (
                refusal == routing_pb2.ROUTE_REFUSAL_UNSPECIFIED
            )

        # The bound the voice platform relies on: event written -> answer changed in 1 s.
        await eventually(reached, timeout=1.0, interval=0.02)

    await stack.inventory.SuspendNumber(
        inventory_pb2.SuspendNumberRequest(tenant_number_id=number.id, reason="unpaid")
    )
    await refusal_becomes(routing_pb2.ROUTE_REFUSAL_NUMBER_SUSPENDED)
    await stack.inventory.ResumeNumber(
        inventory_pb2.ResumeNumberRequest(tenant_number_id=number.id)
    )
    await refusal_becomes(routing_pb2.ROUTE_REFUSAL_UNSPECIFIED)
    await stack.inventory.UpdateTenantNumber(
        inventory_pb2.UpdateTenantNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id, allow_inbound=False
        )
    )
    await refusal_becomes(routing_pb2.ROUTE_REFUSAL_INBOUND_NOT_ALLOWED)
    assert (await stack.resolve(number.e164)).allow_outbound, "outbound stays allowed"
    await stack.inventory.UpdateTenantNumber(
        inventory_pb2.UpdateTenantNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id, allow_inbound=True
        )
    )
    await refusal_becomes(routing_pb2.ROUTE_REFUSAL_UNSPECIFIED)
    await stack.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id
        )
    )
    await refusal_becomes(routing_pb2.ROUTE_REFUSAL_NUMBER_RELEASED)
    released = await stack.resolve(number.e164)
    assert (released.voice_callback_url, released.events_url) == ("", "")
    assert not released.allow_inbound and not released.allow_outbound

    # The number goes back to the pool; its next holder is who calls reach.
    again = await stack.claim(number_id=number.number_id)
    await refusal_becomes(routing_pb2.ROUTE_REFUSAL_UNSPECIFIED)
    latest = await stack.resolve(number.e164)
    assert (latest.workspace_id, latest.tenant_number_id) == (again.workspace_id, again.id)
    assert latest.voice_callback_url == "", "the previous holder's URLs are not inherited"


@pytest.mark.parametrize(
    ("e164", "status", "reason"),
    [
        ("+254799999999", grpc.StatusCode.NOT_FOUND, "route_not_found"),
        ("", grpc.StatusCode.INVALID_ARGUMENT, "validation_failed"),
        ("0712345678", grpc.StatusCode.INVALID_ARGUMENT, "validation_failed"),
        ("+254" + "7" * 200, grpc.StatusCode.INVALID_ARGUMENT, "validation_failed"),
        ("+2547'; DROP TABLE x", grpc.StatusCode.INVALID_ARGUMENT, "validation_failed"),
    ],
)
async def test_resolve_route_refuses_unknown_and_malformed_numbers(
    stack: Stack, e164: str, status: grpc.StatusCode, reason: str
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.resolve(e164)
    error = RemoteError.from_rpc_error(refused.value)
    assert (error.status, error.reason) == (status, reason)
