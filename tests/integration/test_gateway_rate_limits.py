"""Rate limits through real uvicorn on loopback, real PostgreSQL (keys, shared counts) and a real
gRPC server standing in for the services (it records every call it gets). Time is the
counter's injectable clock; syncs are run by the test, so every step is deterministic."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import grpc
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from gateway.app import create_app
from gateway.rate_limit_middleware import RouteClass, route_class
from gateway.settings import GatewaySettings
from gateway.testing import create_workspace, serving_http
from platform_common.db import create_engine
from tests.integration.catch_all_grpc import CatchAll, serving_catch_all

START = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)  # a window boundary (60 s windows)
TOPUP = {"amount_minor": 100, "phone": "254700000000"}


async def answer_empty(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    return b""  # every field at its default: enough for the gateway to answer


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def upstream() -> AsyncIterator[tuple[CatchAll, str]]:
    handler = CatchAll(behaviour=answer_empty)
    async with serving_catch_all(handler) as address:
        yield handler, address


def settings_for(database_url: str, address: str, **limits: int) -> GatewaySettings:
    generous = {
        f"rate_limit_{k.value}_per_{s}": 10_000 for k in RouteClass for s in ("key", "address")
    }
    return GatewaySettings(
        database_url=database_url,
        nats_url="nats://127.0.0.1:1",
        inventory_addr=address,
        wallet_addr=address,
        credentials_addr=address,
        routing_addr=address,
        rate_limit_sync_seconds=3600,  # the test syncs when it means to
        **{**generous, **limits},  # type: ignore[arg-type]
    )


@contextlib.asynccontextmanager
async def gateway(
    settings: GatewaySettings, clock: Callable[[], datetime]
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    app = create_app(settings)
    app.state.rate_counter.clock = clock
    async with serving_http(app) as url, httpx.AsyncClient(base_url=url) as client:
        yield app, client


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def count_rows(database_url: str, sql: str, **params: object) -> int:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return int((await conn.execute(text(sql), params)).scalar_one())
    finally:
        await engine.dispose()


async def test_a_refused_post_is_never_executed(
    database_url: str, upstream: tuple[CatchAll, str]
) -> None:
    calls, address = upstream
    workspace = await create_workspace(database_url)
    clock = Clock()
    async with gateway(
        settings_for(database_url, address, rate_limit_mutations_per_key=2), clock
    ) as (_app, client):
        answers = []
        for n in range(3):
            headers = {**bearer(workspace.api_key.key), "Idempotency-Key": f"topup-{n}"}
            answers.append(await client.post("/v1/wallet/topups", json=TOPUP, headers=headers))
    assert [r.status_code for r in answers[:2]] == [202, 202], answers[0].text
    assert [r.headers["ratelimit-remaining"] for r in answers[:2]] == ["1", "0"]
    refused = answers[2]
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert refused.json()["request_id"] == refused.headers["x-request-id"]
    assert refused.headers["ratelimit-limit"] == "2"
    assert refused.headers["ratelimit-remaining"] == "0"
    assert refused.headers["retry-after"] == refused.headers["ratelimit-reset"] == "60"
    # Executed twice, not three times: the service saw two calls and only two keys were kept.
    assert calls.calls == ["/sautikit.wallet.v1.TopupService/StartTopup"] * 2
    kept = await count_rows(database_url, "SELECT count(*) FROM gateway.idempotency_records")
    assert kept == 2


async def test_missing_and_bad_keys_are_limited_by_address(
    database_url: str, upstream: tuple[CatchAll, str]
) -> None:
    _calls, address = upstream
    async with gateway(
        settings_for(database_url, address, rate_limit_reads_per_address=3), Clock()
    ) as (_app, client):
        statuses = [
            (await client.get("/v1/wallet", headers=headers)).status_code
            for headers in (
                {},
                bearer("sk_live_guess1"),
                bearer("sk_live_guess2"),
                bearer("sk_live_guess3"),
                {},
            )
        ]
    assert statuses == [401, 401, 401, 429, 429]


async def test_one_key_at_its_limit_does_not_limit_another(
    database_url: str, upstream: tuple[CatchAll, str]
) -> None:
    _calls, address = upstream
    busy = await create_workspace(database_url, name="Busy")
    quiet = await create_workspace(database_url, name="Quiet")
    async with gateway(
        settings_for(database_url, address, rate_limit_reads_per_key=3), Clock()
    ) as (app, client):
        busy_statuses = []
        quiet_remaining = []
        for _ in range(6):
            busy_statuses.append(
                (await client.get("/v1/wallet", headers=bearer(busy.api_key.key))).status_code
            )
            quiet_answer = await client.get("/v1/wallet/ledger", headers=bearer(quiet.api_key.key))
            assert quiet_answer.status_code == 200, quiet_answer.text
            quiet_remaining.append(quiet_answer.headers["ratelimit-remaining"])
            if len(quiet_remaining) == 3:
                break
        await app.state.rate_counter.sync_once()
        busy_statuses += [
            (await client.get("/v1/wallet", headers=bearer(busy.api_key.key))).status_code
            for _ in range(2)
        ]
    assert busy_statuses == [200, 200, 200, 429, 429]
    assert quiet_remaining == ["2", "1", "0"]  # its own count, untouched by the busy key's


async def test_two_gateways_share_one_limit(
    database_url: str, upstream: tuple[CatchAll, str]
) -> None:
    _calls, address = upstream
    workspace = await create_workspace(database_url)
    key = bearer(workspace.api_key.key)
    clock = Clock()
    settings = settings_for(database_url, address, rate_limit_reads_per_key=4)
    async with gateway(settings, clock) as (app_a, a), gateway(settings, clock) as (app_b, b):
        first = [(await a.get("/v1/wallet", headers=key)).status_code for _ in range(2)]
        await app_a.state.rate_counter.sync_once()  # the shared count is 2
        second = (await b.get("/v1/wallet", headers=key)).status_code  # B has not synced: 0+1
        await app_b.state.rate_counter.sync_once()  # B adds its 1 and learns of A's 2
        third = await b.get("/v1/wallet", headers=key)
        over_b = (await b.get("/v1/wallet", headers=key)).status_code
        await app_b.state.rate_counter.sync_once()  # B adds its second
        await app_a.state.rate_counter.sync_once()  # A learns of B's 2
        over_a = await a.get("/v1/wallet", headers=key)
        clock.now += timedelta(seconds=60)  # the next window
        next_window = (await a.get("/v1/wallet", headers=key)).status_code
    assert first == [200, 200] and second == 200
    assert third.status_code == 200 and third.headers["ratelimit-remaining"] == "0"
    assert over_b == 429
    assert over_a.status_code == 429 and over_a.headers["retry-after"] == "60"
    assert next_window == 200
    shared = await count_rows(
        database_url,
        "SELECT count FROM gateway.rate_limit_counts"
        " WHERE window_start = :window AND bucket LIKE 'key:%'",
        window=int(START.timestamp()),
    )
    assert shared == 4


async def test_ended_windows_are_purged(database_url: str, upstream: tuple[CatchAll, str]) -> None:
    _calls, address = upstream
    clock = Clock()
    async with gateway(settings_for(database_url, address), clock) as (app, client):
        await client.get("/v1/wallet")
        await app.state.rate_counter.sync_once()
        assert await count_rows(database_url, "SELECT count(*) FROM gateway.rate_limit_counts") == 1
        clock.now += timedelta(seconds=60)
        assert await app.state.rate_counter.purge_ended_windows() == 1
        await client.get("/v1/wallet")
        await app.state.rate_counter.sync_once()
        assert await app.state.rate_counter.purge_ended_windows() == 0


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/v1/numbers/available", RouteClass.SEARCH),
        ("POST", "/v1/numbers/n1/claim", RouteClass.MUTATIONS),
        ("PATCH", "/v1/numbers/n1", RouteClass.MUTATIONS),
        ("GET", "/v1/numbers/n1/sip-credentials", RouteClass.CREDENTIALS),
        ("POST", "/v1/numbers/n1/sip-credentials/c1/rotate", RouteClass.CREDENTIALS),
        ("POST", "/v1/webhook-secret/rotate", RouteClass.CREDENTIALS),
        ("GET", "/v1/wallet", RouteClass.READS),
        ("GET", "/v1/healthz", None),
        ("GET", "/v1/openapi.json", None),
        ("POST", "/v1/mpesa/callbacks/tok", None),
    ],
)
def test_route_classes(method: str, path: str, expected: RouteClass | None) -> None:
    assert route_class(method, path) == expected
