"""In-process harness for tests of the gateway (and of routes added to it later): a real uvicorn
on a free loopback port, and small real gRPC servers standing in for services."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable

import grpc
import httpx
from fastapi import FastAPI
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from gateway import repository, usecases
from gateway.main import http_server
from platform_common.db import create_engine
from platform_common.uow import unit_of_work_factory


async def create_workspace(
    database_url: str, *, name: str = "Test workspace", key_mode: str = "live"
) -> usecases.NewWorkspace:
    """A workspace and its first API key, created through the real use case."""
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    try:
        return await usecases.create_workspace(
            uow=unit_of_work_factory(engine, repository.outbox)(),
            name=name,
            email="",
            key_mode=key_mode,
        )
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def asgi_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client calling the app in-process, with its lifespan run around it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield client


@contextlib.asynccontextmanager
async def serving_http(app: FastAPI, **server_options: float) -> AsyncIterator[str]:
    """Runs the app under uvicorn on 127.0.0.1 (lifespan included); yields its base URL.
    `server_options` are http_server's (timeouts)."""
    server = http_server(app, host="127.0.0.1", port=0, grace_seconds=2, **server_options)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("uvicorn stopped before it started")
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextlib.asynccontextmanager
async def serving_grpc(
    register: Callable[[grpc.aio.Server], None] | None = None,
    *,
    health_status: health_pb2.HealthCheckResponse.ServingStatus.ValueType = (
        health_pb2.HealthCheckResponse.SERVING
    ),
) -> AsyncIterator[str]:
    """A grpc.aio server on 127.0.0.1 with the standard health service reporting
    `health_status`, plus whatever `register` adds; yields its address."""
    server = grpc.aio.server()
    servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
    if register is not None:
        register(server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    await servicer.set("", health_status)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        await server.stop(None)
