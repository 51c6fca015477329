"""A workspace turns a number off and on again (seed 002: PATCH status "disabled"/"active"),
against the real inventory, wallet, credentials and routing services (one PostgreSQL, one
JetStream): inventory keeps the switch and says so in numbers.updated; the credentials,
routing and call-billing projections follow it. Disabled is independent of suspension."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import grpc
import pytest

from platform_common.inventory_numbers import GrpcInventory
from sautikit.events.v1 import calls_pb2
from sautikit.inventory.v1 import inventory_pb2
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from sautikit.wallet.v1 import usage_pb2, usage_pb2_grpc
from services.routing.main import create_service as create_routing
from tests.conftest import eventually
from tests.integration.renewal_stack import RenewalStack, running_renewal_stack

pytestmark = pytest.mark.asyncio


class Edges:
    """The three questions the voice platform asks about a number."""

    def __init__(
        self,
        stack: RenewalStack,
        routing: routing_pb2_grpc.RoutingServiceStub,
        usage: usage_pb2_grpc.UsageServiceStub,
        number: inventory_pb2.TenantNumber,
        username: str,
        password: str,
    ) -> None:
        self.stack, self.routing, self.usage, self.number = stack, routing, usage, number
        self.username, self.password = username, password

    async def verdict(self) -> tuple[bool, str]:
        from sautikit.credentials.v1 import credentials_pb2

        reply = await self.stack.credentials.VerifyCredential(
            credentials_pb2.VerifyCredentialRequest(username=self.username, password=self.password)
        )
        return reply.valid, reply.reason

    async def route(self) -> tuple[bool, int]:
        reply = await self.routing.ResolveRoute(
            routing_pb2.ResolveRouteRequest(e164=self.number.e164)
        )
        return reply.may_take_calls, reply.refusal

    async def authorize(self) -> tuple[bool, int]:
        reply = await self.usage.AuthorizeCall(
            usage_pb2.AuthorizeCallRequest(
                call_id=f"call-{uuid.uuid4()}",
                e164=self.number.e164,
                direction=calls_pb2.CALL_DIRECTION_INBOUND,
                from_number="+254700000001",
                to_number=self.number.e164,
            )
        )
        return reply.allowed, reply.refusal_reason

    async def all_three(self) -> tuple[tuple[bool, str], tuple[bool, int], tuple[bool, int]]:
        return await self.verdict(), await self.route(), await self.authorize()

    async def set_disabled(self, disabled: bool) -> inventory_pb2.TenantNumber:
        reply = await self.stack.inventory.UpdateTenantNumber(
            inventory_pb2.UpdateTenantNumberRequest(
                workspace_id=self.number.workspace_id,
                tenant_number_id=self.number.id,
                disabled=disabled,
            )
        )
        return reply.tenant_number


ON = (
    (True, ""),
    (True, routing_pb2.ROUTE_REFUSAL_UNSPECIFIED),
    (True, usage_pb2.CALL_REFUSAL_REASON_UNSPECIFIED),
)
DISABLED = (
    (False, "number_disabled"),
    (False, routing_pb2.ROUTE_REFUSAL_NUMBER_DISABLED),
    (False, usage_pb2.CALL_REFUSAL_REASON_NUMBER_DISABLED),
)
SUSPENDED = (
    (False, "number_suspended"),
    (False, routing_pb2.ROUTE_REFUSAL_NUMBER_SUSPENDED),
    (False, usage_pb2.CALL_REFUSAL_REASON_NUMBER_SUSPENDED),
)


@pytest.fixture
async def edges(database_url: str, nats_url: str) -> AsyncIterator[Edges]:
    async with running_renewal_stack(database_url, nats_url, with_credentials=True) as stack:
        routing = create_routing(
            database_url=database_url,
            nats_url=nats_url,
            inventory=GrpcInventory(stack.inventory_address),
        )
        port = await routing.start()
        try:
            async with (
                grpc.aio.insecure_channel(f"127.0.0.1:{port}") as routing_channel,
                grpc.aio.insecure_channel(stack.wallet_address) as wallet_channel,
            ):
                workspace = str(uuid.uuid4())
                number = await stack.claim(workspace)
                await stack.fund(workspace, 100_000)  # calls are affordable: money is no reason
                username, password = await stack.credential(number)
                yield Edges(
                    stack,
                    routing_pb2_grpc.RoutingServiceStub(routing_channel),
                    usage_pb2_grpc.UsageServiceStub(wallet_channel),
                    number,
                    username,
                    password,
                )
        finally:
            await routing.stop()


async def _becomes(edges: Edges, expected: object) -> None:
    async def reached() -> bool:
        try:
            return await edges.all_three() == expected
        except grpc.aio.AioRpcError:
            return False  # routing has not heard of the claim yet

    await eventually(reached)
    assert await edges.all_three() == expected


async def test_a_disabled_number_refuses_registration_routing_and_calls_until_re_enabled(
    edges: Edges,
) -> None:
    await _becomes(edges, ON)

    disabled = await edges.set_disabled(True)
    assert disabled.disabled and disabled.status == inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE
    await _becomes(edges, DISABLED)

    enabled = await edges.set_disabled(False)
    assert not enabled.disabled
    await _becomes(edges, ON)


async def test_suspended_and_disabled_stays_refused_until_both_are_cleared(
    edges: Edges,
) -> None:
    await _becomes(edges, ON)
    await edges.set_disabled(True)
    await edges.stack.inventory.SuspendNumber(
        inventory_pb2.SuspendNumberRequest(tenant_number_id=edges.number.id, reason="unpaid_rental")
    )
    await _becomes(edges, SUSPENDED)

    # Resuming (the rental was paid) must not turn the workspace's switch back on.
    resumed = await edges.stack.inventory.ResumeNumber(
        inventory_pb2.ResumeNumberRequest(tenant_number_id=edges.number.id)
    )
    assert resumed.tenant_number.disabled
    await _becomes(edges, DISABLED)

    await edges.set_disabled(False)
    await _becomes(edges, ON)
