"""Test numbers never take part in the live edge, and test mode's simulator never touches a live
number, through the real inventory, credentials, routing and wallet services over NATS: each
service learns a number's livemode from its numbers.claimed event (or a re-read from inventory)
and answers VerifyCredential, ResolveRoute and AuthorizeCall accordingly."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import grpc
import pytest

from sautikit.credentials.v1 import credentials_pb2, credentials_pb2_grpc
from sautikit.events.v1 import calls_pb2
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from sautikit.wallet.v1 import usage_pb2, usage_pb2_grpc
from tests.integration.test_mode_harness import ModeStack, Tenant, running_mode_stack

REASON = "test_number_on_live_edge"


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[ModeStack]:
    async with running_mode_stack(database_url, nats_url) as running:
        yield running


async def _credential(stack: ModeStack, tenant: Tenant, number_id: str) -> dict[str, Any]:
    reply = await stack.http.post(
        f"/v1/numbers/{number_id}/sip-credentials", json={"label": "pbx"}, headers=tenant.headers
    )
    assert reply.status_code == 201, reply.text
    body: dict[str, Any] = reply.json()
    return body


async def _authorize(
    usage: usage_pb2_grpc.UsageServiceStub, e164: str, *, simulated: bool
) -> usage_pb2.AuthorizeCallResponse:
    reply: usage_pb2.AuthorizeCallResponse = await usage.AuthorizeCall(
        usage_pb2.AuthorizeCallRequest(
            call_id=f"edge-{uuid.uuid4()}",
            e164=e164,
            direction=calls_pb2.CALL_DIRECTION_INBOUND,
            from_number="+254711000001",
            to_number=e164,
            simulated=simulated,
        )
    )
    return reply


async def test_projections_learn_livemode_from_the_claim_event(stack: ModeStack) -> None:
    test_number = await stack.claim(stack.test)
    live_number = await stack.claim(stack.live)

    for table in ("credentials.tenant_numbers", "routing.routings", "wallet.call_numbers"):
        rows = await stack.rows(
            f"SELECT tenant_number_id::text AS id, livemode FROM {table} "  # noqa: S608
            "WHERE tenant_number_id = ANY(%s::uuid[]) ORDER BY livemode",
            [test_number.id, live_number.id],
        )
        assert [(r["id"], r["livemode"]) for r in rows] == [
            (test_number.id, False),
            (live_number.id, True),
        ], table


async def test_a_test_number_is_refused_on_the_live_edge_and_a_live_one_to_the_simulator(
    stack: ModeStack,
) -> None:
    test_number = await stack.claim(stack.test, call_money=2_000)
    live_number = await stack.claim(stack.live, call_money=2_000)
    test_credential = await _credential(stack, stack.test, test_number.id)
    live_credential = await _credential(stack, stack.live, live_number.id)

    async with (
        grpc.aio.insecure_channel(stack.credentials_address) as credentials_channel,
        grpc.aio.insecure_channel(stack.routing_address) as routing_channel,
        grpc.aio.insecure_channel(stack.wallet_address) as wallet_channel,
    ):
        credentials = credentials_pb2_grpc.CredentialsServiceStub(credentials_channel)
        routing = routing_pb2_grpc.RoutingServiceStub(routing_channel)
        usage = usage_pb2_grpc.UsageServiceStub(wallet_channel)

        # VerifyCredential: the test credential is real (right password) but refused here.
        verdict = await credentials.VerifyCredential(
            credentials_pb2.VerifyCredentialRequest(
                username=test_credential["username"], password=test_credential["password"]
            )
        )
        assert (verdict.valid, verdict.reason) == (False, REASON)
        live_verdict = await credentials.VerifyCredential(
            credentials_pb2.VerifyCredentialRequest(
                username=live_credential["username"], password=live_credential["password"]
            )
        )
        assert (live_verdict.valid, live_verdict.reason) == (True, "")

        # ResolveRoute (the live edge's question): the test number may not take calls.
        route = await routing.ResolveRoute(routing_pb2.ResolveRouteRequest(e164=test_number.e164))
        assert (route.may_take_calls, route.refusal) == (
            False,
            routing_pb2.ROUTE_REFUSAL_TEST_NUMBER_ON_LIVE_EDGE,
        )
        live_route = await routing.ResolveRoute(
            routing_pb2.ResolveRouteRequest(e164=live_number.e164)
        )
        assert (live_route.may_take_calls, live_route.refusal) == (
            True,
            routing_pb2.ROUTE_REFUSAL_UNSPECIFIED,
        )

        # AuthorizeCall: the edge may not use a test number, the simulator may not use a live
        # one; each may use its own side's.
        edge_on_test = await _authorize(usage, test_number.e164, simulated=False)
        assert (edge_on_test.allowed, edge_on_test.refusal_reason) == (
            False,
            usage_pb2.CALL_REFUSAL_REASON_TEST_NUMBER_ON_LIVE_EDGE,
        )
        simulator_on_live = await _authorize(usage, live_number.e164, simulated=True)
        assert (simulator_on_live.allowed, simulator_on_live.refusal_reason) == (
            False,
            usage_pb2.CALL_REFUSAL_REASON_LIVE_NUMBER_IN_TEST_MODE,
        )
        assert (edge_on_test.reserved_minor, simulator_on_live.reserved_minor) == (0, 0)
        assert (await _authorize(usage, live_number.e164, simulated=False)).allowed
        assert (await _authorize(usage, test_number.e164, simulated=True)).allowed


async def test_a_re_read_number_keeps_its_livemode(stack: ModeStack) -> None:
    """A projection that lost the number (or never heard numbers.claimed) re-reads it from
    inventory: GetTenantNumber's livemode lands in the projection too."""
    test_number = await stack.claim(stack.test)
    await stack.rows(
        "DELETE FROM credentials.tenant_numbers WHERE tenant_number_id = %s", test_number.id
    )
    credential = await _credential(stack, stack.test, test_number.id)  # asks inventory

    [row] = await stack.rows(
        "SELECT livemode FROM credentials.tenant_numbers WHERE tenant_number_id = %s",
        test_number.id,
    )
    assert row["livemode"] is False
    async with grpc.aio.insecure_channel(stack.credentials_address) as channel:
        verdict = await credentials_pb2_grpc.CredentialsServiceStub(channel).VerifyCredential(
            credentials_pb2.VerifyCredentialRequest(
                username=credential["username"], password=credential["password"]
            )
        )
    assert (verdict.valid, verdict.reason) == (False, REASON)
