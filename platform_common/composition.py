"""What every service's composition root does the same way: engine, NATS link, outbox relay,
units of work, consumers, the gRPC server; and the process entry point (`migrate` or serve).

A service's main.py only names its own pieces: tables, servicers, subscriptions.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common import event_loop
from platform_common.config import ServiceSettings
from platform_common.consumer import EventConsumer, EventHandler
from platform_common.db import create_engine
from platform_common.grpc_server import GrpcService
from platform_common.logs import configure_logging
from platform_common.migrations import upgrade
from platform_common.nats_link import NatsLink
from platform_common.outbox import OutboxRelay
from platform_common.retention import RetentionPolicy, RetentionPurger
from platform_common.uow import UnitOfWorkFactory, unit_of_work_factory


@dataclass
class ServiceParts:
    """The shared plumbing handed to a service's `register` callback."""

    engine: AsyncEngine
    nats: NatsLink
    relay: OutboxRelay
    new_uow: UnitOfWorkFactory
    background: list[Callable[[], Awaitable[None]]] = field(default_factory=list)


Register = Callable[[grpc.aio.Server, ServiceParts], list[str]]


def compose_service(
    *,
    name: str,
    database_url: str,
    nats_url: str,
    outbox: Table,
    processed_events: Table,
    register: Register,
    subscriptions: Mapping[str, tuple[str, EventHandler]] | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    pool_size: int = 10,
    retention: RetentionPolicy | None = None,
) -> GrpcService:
    """Builds a ready-to-start GrpcService. `subscriptions` maps a durable consumer name to
    (subject, handler). `register` adds servicers and may append background jobs."""
    engine = create_engine(database_url, pool_size=pool_size)
    nats = NatsLink(nats_url, name=name)
    relay = OutboxRelay(engine=engine, table=outbox, nats=nats, source=f"sautikit/{name}")
    new_uow = unit_of_work_factory(engine, outbox, relay)
    parts = ServiceParts(engine=engine, nats=nats, relay=relay, new_uow=new_uow)
    parts.background.append(relay.run)
    purger = RetentionPurger(
        engine=engine,
        outbox=outbox,
        processed_events=processed_events,
        policy=retention or RetentionPolicy.from_env(),
    )
    parts.background.append(purger.run)
    for durable, (subject, handler) in (subscriptions or {}).items():
        consumer = EventConsumer(
            nats=nats,
            new_uow=new_uow,
            processed=processed_events,
            durable=durable,
            subject=subject,
            handler=handler,
        )
        parts.background.append(consumer.run)
    return GrpcService(
        name=name,
        register=lambda server: register(server, parts),
        engine=engine,
        nats=nats,
        background=parts.background,
        host=host,
        port=port,
    )


CreateService = Callable[..., GrpcService]


def run_service_main(*, name: str, migrations_dir: Path, create_service: CreateService) -> None:
    """Process entry point: `python -m services.<name>.main migrate` or serve until SIGTERM."""
    settings = ServiceSettings.from_env(name)
    configure_logging(name, settings.log_level)
    if sys.argv[1:2] == ["migrate"]:
        upgrade(migrations_dir, settings.database_url)
        return

    async def serve() -> None:
        # Built inside the running loop: grpc.aio objects belong to the loop that made them.
        service = create_service(
            database_url=settings.database_url,
            nats_url=settings.nats_url,
            host=settings.grpc_host,
            port=settings.grpc_port,
        )
        service.shutdown_grace_seconds = settings.shutdown_grace_seconds
        await service.run_until_signalled(
            metrics_host=settings.metrics_host, metrics_port=settings.metrics_port
        )

    event_loop.run(serve())
