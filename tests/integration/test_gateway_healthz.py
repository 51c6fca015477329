"""GET /v1/healthz through a real HTTP server, against real PostgreSQL, real NATS and tiny real
gRPC servers answering the standard health check."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import serving_grpc, serving_http
from tests.conftest import eventually

SERVICES = ("inventory", "wallet", "credentials", "routing")
NOWHERE = "127.0.0.1:1"


@contextlib.asynccontextmanager
async def health_servers(
    statuses: dict[str, int] | None = None,
) -> AsyncIterator[dict[str, str]]:
    """One health server per service (SERVING unless `statuses` says otherwise)."""
    statuses = statuses or {}
    async with contextlib.AsyncExitStack() as stack:
        addresses = {}
        for name in SERVICES:
            addresses[name] = await stack.enter_async_context(
                serving_grpc(
                    health_status=statuses.get(name, health_pb2.HealthCheckResponse.SERVING)
                )
            )
        yield addresses


def settings(
    database_url: str, nats_url: str, addresses: dict[str, str], timeout: float = 0.5
) -> GatewaySettings:
    return GatewaySettings(
        database_url=database_url,
        nats_url=nats_url,
        inventory_addr=addresses["inventory"],
        wallet_addr=addresses["wallet"],
        credentials_addr=addresses["credentials"],
        routing_addr=addresses["routing"],
        health_timeout_seconds=timeout,
        health_cache_seconds=0,
    )


async def healthz(base_url: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base_url) as client:
        return await client.get("/v1/healthz")


async def wait_for_nats(base_url: str) -> httpx.Response:
    async def nats_ok() -> httpx.Response | None:
        response = await healthz(base_url)
        return response if response.json()["checks"]["nats"] == "ok" else None

    result: httpx.Response = await eventually(nats_ok, timeout=10)
    return result


async def wait_until_down_is(base_url: str, expected_down: set[str]) -> httpx.Response:
    """The first report once exactly `expected_down` is down. Each check has a 0.5 s deadline,
    so on a loaded machine the first reports (fresh channels and pool) can show more down."""

    async def settled() -> httpx.Response | None:
        response = await healthz(base_url)
        down = {name for name, state in response.json()["checks"].items() if state == "down"}
        return response if down == expected_down else None

    result: httpx.Response = await eventually(settled, timeout=10)
    return result


async def test_all_dependencies_up_is_200(database_url: str, nats_url: str) -> None:
    async with health_servers() as addresses:
        app = create_app(settings(database_url, nats_url, addresses))
        async with serving_http(app) as base_url:
            response = await wait_for_nats(base_url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {
            "postgres": "ok",
            "nats": "ok",
            "inventory": "ok",
            "wallet": "ok",
            "credentials": "ok",
            "routing": "ok",
        },
    }


async def test_a_service_not_running_is_503_naming_it(database_url: str, nats_url: str) -> None:
    async with health_servers() as addresses:
        addresses["wallet"] = NOWHERE
        app = create_app(settings(database_url, nats_url, addresses))
        async with serving_http(app) as base_url:
            response = await wait_until_down_is(base_url, {"wallet"})
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["wallet"] == "down"


async def test_a_service_reporting_not_serving_is_down(database_url: str, nats_url: str) -> None:
    not_serving = {"routing": health_pb2.HealthCheckResponse.NOT_SERVING}
    async with health_servers(not_serving) as addresses:
        app = create_app(settings(database_url, nats_url, addresses))
        async with serving_http(app) as base_url:
            response = await wait_until_down_is(base_url, {"routing"})
    assert response.status_code == 503
    assert response.json()["checks"]["routing"] == "down"


async def test_postgres_and_nats_down() -> None:
    async with health_servers() as addresses:
        app = create_app(
            settings("postgresql://nobody@127.0.0.1:1/none", "nats://127.0.0.1:1", addresses)
        )
        async with serving_http(app) as base_url:
            response = await healthz(base_url)
    assert response.status_code == 503
    assert {k for k, v in response.json()["checks"].items() if v == "down"} == {
        "postgres",
        "nats",
    }


class HangingHealth(health_pb2_grpc.HealthServicer):
    """Never answers; counts how many checks are waiting on it at once, across instances."""

    in_flight = 0
    most_in_flight = 0

    async def Check(  # type: ignore[override]
        self, request: health_pb2.HealthCheckRequest, context: grpc.aio.ServicerContext
    ) -> health_pb2.HealthCheckResponse:
        HangingHealth.in_flight += 1
        HangingHealth.most_in_flight = max(HangingHealth.most_in_flight, HangingHealth.in_flight)
        try:
            await asyncio.Event().wait()
        finally:
            HangingHealth.in_flight -= 1
        raise AssertionError("unreachable")


async def test_checks_run_concurrently_with_a_deadline(database_url: str, nats_url: str) -> None:
    slow_servers = []
    addresses = {}
    for name in SERVICES:
        server = grpc.aio.server()
        health_pb2_grpc.add_HealthServicer_to_server(HangingHealth(), server)
        addresses[name] = f"127.0.0.1:{server.add_insecure_port('127.0.0.1:0')}"
        await server.start()
        slow_servers.append(server)
    try:
        app = create_app(settings(database_url, nats_url, addresses, timeout=0.8))
        async with serving_http(app) as base_url:
            # The services never answer: only the gateway's own deadline can end this request.
            response = await healthz(base_url)
    finally:
        for server in slow_servers:
            await server.stop(None)
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert [checks[name] for name in SERVICES] == ["down"] * 4
    assert checks["postgres"] == "ok"
    # All four were asked at once, under one deadline, not one after the other.
    assert HangingHealth.most_in_flight == 4
