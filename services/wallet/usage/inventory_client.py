"""The wallet's adapter to the inventory service (gRPC): the current state of a tenant number,
read only when a numbers.* event does not fit what the wallet's number view knows."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol

import grpc

from platform_common.errors import RemoteError
from platform_common.grpc_client import call_metadata, open_channel
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from services.wallet.usage.domain import NumberStatus

_STATUSES = {
    inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE: NumberStatus.ACTIVE,
    inventory_pb2.TENANT_NUMBER_STATUS_SUSPENDED: NumberStatus.SUSPENDED,
    inventory_pb2.TENANT_NUMBER_STATUS_RELEASED: NumberStatus.RELEASED,
}


@dataclass(frozen=True)
class NumberState:
    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    status: NumberStatus
    allow_inbound: bool
    allow_outbound: bool
    inbound_per_min_minor: int
    outbound_per_min_minor: int


class InventoryUnreachable(Exception):
    """Inventory did not answer; the consumer retries the event later."""


class InventoryPort(Protocol):
    async def get_tenant_number(
        self, *, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
    ) -> NumberState | None:
        """The number as inventory sees it now; None when the workspace holds no such number."""
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
        try:
            reply = await self._stub().GetTenantNumber(
                inventory_pb2.GetTenantNumberRequest(
                    workspace_id=str(workspace_id), id=str(tenant_number_id)
                ),
                timeout=self.timeout_seconds,
                metadata=call_metadata(),
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
            inbound_per_min_minor=number.inbound_per_min_minor,
            outbound_per_min_minor=number.outbound_per_min_minor,
        )

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
