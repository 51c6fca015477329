"""How the routing service's outbound edge plugs into its composition root: the DeliveryService
servicer, the call-event consumer and the delivery worker, sharing one HTTP sender and clock."""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc
import httpx

from platform_common.composition import ServiceParts
from sautikit.routing.v1 import deliveries_pb2, deliveries_pb2_grpc
from services.routing.deliveries.clock import Clock, SystemClock
from services.routing.deliveries.consumer import CallEventConsumer
from services.routing.deliveries.sender import WebhookSender
from services.routing.deliveries.servicer import DeliveryServicer
from services.routing.deliveries.settings import DeliverySettings
from services.routing.deliveries.worker import DeliveryWorker
from services.routing.url_safety import Resolver, system_resolver


@dataclass
class OutboundEdge:
    """Tests build one with their own settings, clock and resolver."""

    settings: DeliverySettings = field(default_factory=DeliverySettings.from_env)
    clock: Clock = field(default_factory=SystemClock)
    resolver: Resolver = system_resolver
    inner_transport: httpx.AsyncBaseTransport | None = None
    sender: WebhookSender | None = None
    worker: DeliveryWorker | None = None

    def register(self, server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
        self.sender = WebhookSender(
            resolver=self.resolver,
            development=self.settings.development,
            max_connections=self.settings.max_in_flight,
            inner_transport=self.inner_transport,
        )
        self.worker = DeliveryWorker(
            engine=parts.engine, sender=self.sender, settings=self.settings, clock=self.clock
        )
        consumer = CallEventConsumer(
            nats=parts.nats,
            new_uow=parts.new_uow,
            clock=self.clock,
            retry=self.settings.retry,
            on_recorded=self.worker.wake,
        )
        parts.background.extend([consumer.run, self.worker.run])
        deliveries_pb2_grpc.add_DeliveryServiceServicer_to_server(
            DeliveryServicer(
                new_uow=parts.new_uow,
                engine=parts.engine,
                sender=self.sender,
                settings=self.settings,
                clock=self.clock,
                worker=self.worker,
            ),
            server,
        )
        return [deliveries_pb2.DESCRIPTOR.services_by_name["DeliveryService"].full_name]

    async def close(self) -> None:
        if self.sender is not None:
            await self.sender.close()
