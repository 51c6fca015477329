"""Composition root of the gateway: `python -m gateway.main [serve|migrate]`.

One process, one event loop: the public HTTP API (uvicorn) and the operator-only admin gRPC
server run side by side; SIGTERM or SIGINT stops both gracefully.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import grpc
import uvicorn
from fastapi import FastAPI
from prometheus_client import start_http_server

from gateway import repository
from gateway.admin_servicer import WorkspaceAdminServicer
from gateway.app import create_app
from gateway.http_protocol import (
    BODY_TIMEOUT_SECONDS,
    HEADER_TIMEOUT_SECONDS,
    ProblemHttpProtocol,
)
from gateway.settings import GatewaySettings
from platform_common import event_loop
from platform_common.db import create_engine
from platform_common.grpc_server import GrpcService
from platform_common.logs import configure_logging
from platform_common.migrations import upgrade
from platform_common.uow import unit_of_work_factory
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc

MIGRATIONS = Path(__file__).parent / "migrations"

log = logging.getLogger("gateway.main")


def create_admin_service(
    *, database_url: str, host: str = "127.0.0.1", port: int = 0
) -> GrpcService:
    """The WorkspaceAdminService gRPC server (with health and reflection); tests start it
    in-process with their own database."""
    engine = create_engine(database_url, pool_size=2, max_overflow=2)
    new_uow = unit_of_work_factory(engine, repository.outbox)

    def register(server: grpc.aio.Server) -> list[str]:
        admin_pb2_grpc.add_WorkspaceAdminServiceServicer_to_server(
            WorkspaceAdminServicer(new_uow), server
        )
        return [admin_pb2.DESCRIPTOR.services_by_name["WorkspaceAdminService"].full_name]

    return GrpcService(name="gateway-admin", register=register, engine=engine, host=host, port=port)


class HttpServer(uvicorn.Server):
    """uvicorn without its own signal handling: this process decides when to stop, and must
    not have uvicorn re-raise SIGTERM after its shutdown (that would kill the gRPC server
    before it drained)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def http_server(
    app: FastAPI,
    *,
    host: str,
    port: int,
    grace_seconds: float = 10.0,
    keepalive_seconds: float = 75.0,
    header_timeout_seconds: float = HEADER_TIMEOUT_SECONDS,
    body_timeout_seconds: float = BODY_TIMEOUT_SECONDS,
) -> HttpServer:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        lifespan="on",
        # The C parser (several times cheaper per request than h11), answering what it refuses
        # as a problem and tolerating raw UTF-8 in the target (gateway/http_protocol.py).
        http=ProblemHttpProtocol.configured(
            header_timeout_seconds=header_timeout_seconds,
            body_timeout_seconds=body_timeout_seconds,
        ),
        log_config=None,  # our JSON logging is already configured
        access_log=False,  # RequestContext writes the access log, with the request id
        server_header=False,
        timeout_graceful_shutdown=int(grace_seconds),
        # Longer than any client's or load balancer's idle timeout (httpx: 5 s, common LBs:
        # 60 s): the side that closes an idle connection must be the client. With uvicorn's
        # default of 5 s, equal to httpx's, a client could send on a connection in the same
        # instant the server closed it, and get a ReadError for a request never processed.
        timeout_keep_alive=int(keepalive_seconds),
    )
    return HttpServer(config)


async def _serve_http(server: HttpServer) -> None:
    try:
        await server.serve()
    except SystemExit:
        # uvicorn exits the process when it cannot bind; we still want the admin server to
        # stop cleanly, so it is reported below instead.
        log.error("http server failed to start")


async def serve(settings: GatewaySettings) -> None:
    app = create_app(settings)
    server = http_server(
        app,
        host=settings.http_host,
        port=settings.http_port,
        grace_seconds=settings.shutdown_grace_seconds,
        keepalive_seconds=settings.http_keepalive_seconds,
        header_timeout_seconds=settings.http_header_timeout_seconds,
        body_timeout_seconds=settings.http_body_timeout_seconds,
    )
    admin = create_admin_service(
        database_url=settings.database_url,
        host=settings.admin_grpc_host,
        port=settings.admin_grpc_port,
    )
    admin.shutdown_grace_seconds = settings.shutdown_grace_seconds
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    await admin.start()
    if settings.metrics_port:
        # Its own port (a thread of prometheus_client), like every service's: operators
        # scrape it, the public never sees it.
        start_http_server(settings.metrics_port, addr=settings.metrics_host)
    http_task = asyncio.create_task(_serve_http(server), name="http")
    stop_task = asyncio.create_task(stop.wait(), name="signal")
    await asyncio.wait({http_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
    log.info("shutting down")
    server.should_exit = True
    try:
        await http_task
    finally:
        stop_task.cancel()
        await admin.stop()
        log.info("stopped")
    if not server.started:
        raise SystemExit(f"gateway: cannot serve HTTP on {settings.http_host}:{settings.http_port}")


def main() -> None:
    settings = GatewaySettings.from_env()
    configure_logging("gateway", settings.log_level)
    command = sys.argv[1] if len(sys.argv) > 1 else "serve"
    if command == "migrate":
        upgrade(MIGRATIONS, settings.database_url)
        return
    if command != "serve":
        raise SystemExit("usage: python -m gateway.main [serve|migrate]")
    event_loop.run(serve(settings))


if __name__ == "__main__":
    main()
