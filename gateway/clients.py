"""gRPC clients of the four services, with deadlines, error conversion and health checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from platform_common.errors import RemoteError
from platform_common.grpc_client import call_metadata, open_channel
from sautikit.credentials.v1 import credentials_pb2_grpc
from sautikit.credentials.v1 import test_mode_pb2_grpc as credentials_test_mode_grpc
from sautikit.inventory.v1 import inventory_pb2_grpc, orders_pb2_grpc
from sautikit.inventory.v1 import test_mode_pb2_grpc as inventory_test_mode_grpc
from sautikit.routing.v1 import (
    callbacks_pb2_grpc,
    deliveries_pb2_grpc,
    routing_pb2_grpc,
)
from sautikit.routing.v1 import test_mode_pb2_grpc as routing_test_mode_grpc
from sautikit.wallet.v1 import test_mode_pb2_grpc as wallet_test_mode_grpc
from sautikit.wallet.v1 import topups_pb2_grpc, usage_pb2_grpc, wallet_pb2_grpc

SERVICES = ("inventory", "wallet", "credentials", "routing")

Reply = TypeVar("Reply")
Stub = TypeVar("Stub")


class Upstreams:
    """One channel per service, opened lazily inside the running event loop (grpc.aio channels
    belong to the loop that created them)."""

    def __init__(self, addresses: dict[str, str], *, timeout_seconds: float) -> None:
        missing = set(SERVICES) - set(addresses)
        if missing:
            raise ValueError(f"no address for {sorted(missing)}")
        self.addresses = dict(addresses)
        self.timeout_seconds = timeout_seconds
        self._channels: dict[str, grpc.aio.Channel] = {}
        self._stubs: dict[str, Any] = {}

    def channel(self, service: str) -> grpc.aio.Channel:
        if service not in self._channels:
            self._channels[service] = open_channel(self.addresses[service])
        return self._channels[service]

    def _stub(self, service: str, stub_class: Callable[[grpc.aio.Channel], Stub]) -> Stub:
        if service not in self._stubs:
            self._stubs[service] = stub_class(self.channel(service))
        stub: Stub = self._stubs[service]
        return stub

    @property
    def inventory(self) -> inventory_pb2_grpc.InventoryServiceStub:
        return self._stub("inventory", inventory_pb2_grpc.InventoryServiceStub)

    @property
    def wallet(self) -> wallet_pb2_grpc.WalletServiceStub:
        return self._stub("wallet", wallet_pb2_grpc.WalletServiceStub)

    @property
    def topups(self) -> topups_pb2_grpc.TopupServiceStub:
        """M-Pesa top-ups, served by the wallet process (on the wallet's channel)."""
        if "topups" not in self._stubs:
            self._stubs["topups"] = topups_pb2_grpc.TopupServiceStub(self.channel("wallet"))
        stub: topups_pb2_grpc.TopupServiceStub = self._stubs["topups"]
        return stub

    @property
    def usage(self) -> usage_pb2_grpc.UsageServiceStub:
        """Call billing and call records, served by the wallet process (its channel)."""
        if "usage" not in self._stubs:
            self._stubs["usage"] = usage_pb2_grpc.UsageServiceStub(self.channel("wallet"))
        stub: usage_pb2_grpc.UsageServiceStub = self._stubs["usage"]
        return stub

    @property
    def credentials(self) -> credentials_pb2_grpc.CredentialsServiceStub:
        return self._stub("credentials", credentials_pb2_grpc.CredentialsServiceStub)

    @property
    def routing(self) -> routing_pb2_grpc.RoutingServiceStub:
        return self._stub("routing", routing_pb2_grpc.RoutingServiceStub)

    @property
    def deliveries(self) -> deliveries_pb2_grpc.DeliveryServiceStub:
        """The routing service's DeliveryService (same process, same channel)."""
        if "deliveries" not in self._stubs:
            self._stubs["deliveries"] = deliveries_pb2_grpc.DeliveryServiceStub(
                self.channel("routing")
            )
        stub: deliveries_pb2_grpc.DeliveryServiceStub = self._stubs["deliveries"]
        return stub

    @property
    def callbacks(self) -> callbacks_pb2_grpc.WorkspaceCallbackServiceStub:
        """The routing service's WorkspaceCallbackService (same process, same channel)."""
        if "callbacks" not in self._stubs:
            self._stubs["callbacks"] = callbacks_pb2_grpc.WorkspaceCallbackServiceStub(
                self.channel("routing")
            )
        stub: callbacks_pb2_grpc.WorkspaceCallbackServiceStub = self._stubs["callbacks"]
        return stub

    @property
    def orders(self) -> orders_pb2_grpc.NumberOrderServiceStub:
        """Number orders, served by the inventory process (on the inventory's channel)."""
        if "orders" not in self._stubs:
            self._stubs["orders"] = orders_pb2_grpc.NumberOrderServiceStub(
                self.channel("inventory")
            )
        stub: orders_pb2_grpc.NumberOrderServiceStub = self._stubs["orders"]
        return stub

    @property
    def routing_test_mode(self) -> routing_test_mode_grpc.TestModeServiceStub:
        """Test mode's simulated calls and purge, served by the routing process."""
        return self._named_stub("routing_test_mode", "routing", routing_test_mode_grpc)

    @property
    def inventory_test_mode(self) -> inventory_test_mode_grpc.TestModeServiceStub:
        """Test mode's renewals, trial expiry and purge, served by the inventory process."""
        return self._named_stub("inventory_test_mode", "inventory", inventory_test_mode_grpc)

    @property
    def wallet_test_mode(self) -> wallet_test_mode_grpc.TestModeServiceStub:
        """Test mode's wallet reset, served by the wallet process."""
        return self._named_stub("wallet_test_mode", "wallet", wallet_test_mode_grpc)

    @property
    def credentials_test_mode(self) -> credentials_test_mode_grpc.TestModeServiceStub:
        """Test mode's credential revocation, served by the credentials process."""
        return self._named_stub("credentials_test_mode", "credentials", credentials_test_mode_grpc)

    def _named_stub(self, name: str, service: str, module: Any) -> Any:
        """A TestModeService stub of one service's package (the same name in each)."""
        if name not in self._stubs:
            self._stubs[name] = module.TestModeServiceStub(self.channel(service))
        return self._stubs[name]

    async def call(
        self,
        rpc: Callable[..., Awaitable[Reply]],
        request: Any,
        *,
        deadline_seconds: float | None = None,
    ) -> Reply:
        """Invokes one unary RPC with a deadline; a failure is raised as RemoteError."""
        try:
            return await rpc(
                request,
                timeout=deadline_seconds or self.timeout_seconds,
                metadata=call_metadata(),
            )
        except grpc.aio.AioRpcError as error:
            raise RemoteError.from_rpc_error(error) from error

    async def is_serving(self, service: str, *, deadline_seconds: float) -> bool:
        """The standard grpc.health.v1 check of the whole server."""
        stub = health_pb2_grpc.HealthStub(self.channel(service))
        try:
            reply = await stub.Check(
                health_pb2.HealthCheckRequest(service=""), timeout=deadline_seconds
            )
        except (TimeoutError, grpc.aio.AioRpcError):
            return False
        return bool(reply.status == health_pb2.HealthCheckResponse.SERVING)

    async def close(self) -> None:
        channels, self._channels = self._channels, {}
        self._stubs = {}
        for channel in channels.values():
            await channel.close()
