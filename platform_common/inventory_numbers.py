"""A service's read-through to inventory (gRPC) for one tenant number: what inventory says
about the holding now. Services that keep a projection of tenant numbers (credentials, routing,
wallet usage) ask it when an event does not fit what they know, or when they meet a number
whose numbers.claimed has not arrived yet."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import grpc

from platform_common.errors import RemoteError
from platform_common.grpc_client import call_metadata, open_channel
from platform_common.number_projection import NumberStatus
from platform_common.timestamps import optional_time
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc

_STATUSES = {
    inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE: NumberStatus.ACTIVE,
    inventory_pb2.TENANT_NUMBER_STATUS_SUSPENDED: NumberStatus.SUSPENDED,
    inventory_pb2.TENANT_NUMBER_STATUS_RELEASED: NumberStatus.RELEASED,
}


@dataclass(frozen=True)
class NumberState:
    """A tenant number as inventory sees it; each projection keeps the parts it needs."""

    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    status: NumberStatus
    allow_inbound: bool
    allow_outbound: bool
    claimed_at: datetime | None = None
    suspended_reason: str = ""
    inbound_per_min_minor: int = 0
    outbound_per_min_minor: int = 0
    disabled: bool = False
    livemode: bool = True  # false: a test-pool number held by a sandbox workspace


class InventoryUnreachable(Exception):
    """Inventory did not answer; the caller retries later (consumers) or says UNAVAILABLE."""


class InventoryPort(Protocol):
    async def get_tenant_number(
        self, *, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
    ) -> NumberState | None:
        """The number as inventory sees it now; None when the workspace holds no such number."""
        ...

    async def find_holding(self, *, workspace_id: uuid.UUID, e164: str) -> NumberState | None:
        """The workspace's holding of this E.164 (current, else latest); None if it never held
        it. For a view that meets a number by E.164 before its numbers.claimed arrives."""
        ...


@dataclass
class GrpcInventory:
    address: str
    timeout_seconds: float = 3.0
    _channel: grpc.aio.Channel | None = field(default=None, init=False)

    def _stub(self) -> inventory_pb2_grpc.InventoryServiceStub:
        # Opened lazily: grpc.aio channels belong to the event loop that creates them.
        if self._channel is None:
            self._channel = open_channel(self.address)
        return inventory_pb2_grpc.InventoryServiceStub(self._channel)

    async def get_tenant_number(
        self, *, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
    ) -> NumberState | None:
        return await self._get(
            inventory_pb2.GetTenantNumberRequest(
                workspace_id=str(workspace_id), tenant_number_id=str(tenant_number_id)
            )
        )

    async def find_holding(self, *, workspace_id: uuid.UUID, e164: str) -> NumberState | None:
        return await self._get(
            inventory_pb2.GetTenantNumberRequest(workspace_id=str(workspace_id), e164=e164)
        )

    async def _get(self, request: inventory_pb2.GetTenantNumberRequest) -> NumberState | None:
        try:
            reply = await self._stub().GetTenantNumber(
                request, timeout=self.timeout_seconds, metadata=call_metadata()
            )
        except grpc.aio.AioRpcError as exc:
            error = RemoteError.from_rpc_error(exc)
            if error.status == grpc.StatusCode.NOT_FOUND:
                return None
            raise InventoryUnreachable(str(error)) from None
        number = reply.tenant_number
        status = _STATUSES.get(number.status)
        if status is None:
            raise InventoryUnreachable(f"unknown tenant number status {number.status}")
        return NumberState(
            tenant_number_id=uuid.UUID(number.id),
            workspace_id=uuid.UUID(number.workspace_id),
            e164=number.e164,
            status=status,
            allow_inbound=number.allow_inbound,
            allow_outbound=number.allow_outbound,
            claimed_at=optional_time(number, "claimed_at"),
            suspended_reason=number.suspended_reason,
            inbound_per_min_minor=number.inbound_per_min_minor,
            outbound_per_min_minor=number.outbound_per_min_minor,
            disabled=number.disabled,
            livemode=number.livemode,
        )

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
