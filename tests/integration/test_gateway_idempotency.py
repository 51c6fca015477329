"""Idempotency-Key on mutating routes, against a real PostgreSQL, through a test-only router
mounted on the app the real factory builds."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Annotated

import httpx
import pytest
from fastapi import Depends
from sqlalchemy import text

from gateway.api_keys import Principal
from gateway.app import create_app
from gateway.auth import require_principal
from gateway.idempotency import Idempotent
from gateway.problems import ApiProblem
from gateway.routes import PublicRouter, RequestBody
from gateway.settings import GatewaySettings
from gateway.testing import asgi_client, create_workspace
from platform_common.db import create_engine
from tests.conftest import eventually


class Thing(RequestBody):
    name: str
    colour: str | None = None


@dataclass
class Backend:
    """What the test routes did, so tests can tell a replay from a second execution."""

    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    executions: list[str] = field(default_factory=list)
    gate: asyncio.Event = field(default_factory=asyncio.Event)
    flaky_failures: int = 0


def build_router(backend: Backend) -> PublicRouter:
    router = PublicRouter(prefix="/v1/test")

    @router.post("/things", status_code=201, dependencies=[Idempotent])
    async def create_thing(
        body: Thing, principal: Annotated[Principal, Depends(require_principal)]
    ) -> dict[str, object]:
        number = next(backend.counter)
        backend.executions.append(f"create {body.name}")
        return {"id": number, "name": body.name, "workspace_id": str(principal.workspace_id)}

    @router.delete("/things/{thing_id}", status_code=200, dependencies=[Idempotent])
    async def delete_thing(thing_id: int) -> dict[str, object]:
        backend.executions.append(f"delete {thing_id}")
        return {"deleted": thing_id, "execution": len(backend.executions)}

    @router.post("/slow", status_code=201, dependencies=[Idempotent])
    async def slow(body: Thing) -> dict[str, object]:
        backend.executions.append("slow started")
        execution = len(backend.executions)
        await backend.gate.wait()
        return {"name": body.name, "execution": execution}

    @router.post("/flaky", status_code=201, dependencies=[Idempotent])
    async def flaky(body: Thing) -> dict[str, object]:
        backend.executions.append("flaky")
        if backend.flaky_failures > 0:
            backend.flaky_failures -= 1
            raise ApiProblem(503, "service_unavailable", "try again")
        return {"name": body.name, "execution": len(backend.executions)}

    @router.post("/crash", status_code=201, dependencies=[Idempotent])
    async def crash(body: Thing) -> dict[str, object]:
        backend.executions.append("crash")
        raise RuntimeError("bug")

    @router.post("/conflict", status_code=201, dependencies=[Idempotent])
    async def conflict(body: Thing) -> dict[str, object]:
        backend.executions.append("conflict")
        raise ApiProblem(409, "number_unavailable", "taken")

    return router


@dataclass
class Harness:
    client: httpx.AsyncClient
    backend: Backend
    database_url: str
    key: str
    other_key: str

    def headers(self, idempotency_key: str | None = None, *, other: bool = False) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.other_key if other else self.key}"}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    async def records(self) -> list[dict[str, object]]:
        engine = create_engine(self.database_url)
        try:
            async with engine.connect() as conn:
                result = await conn.execute(
                    text("SELECT * FROM gateway.idempotency_records ORDER BY created_at")
                )
                return [dict(r._mapping) for r in result]
        finally:
            await engine.dispose()

    async def execute(self, sql: str) -> None:
        engine = create_engine(self.database_url)
        try:
            async with engine.begin() as conn:
                await conn.execute(text(sql))
        finally:
            await engine.dispose()


@pytest.fixture
async def harness(database_url: str) -> AsyncIterator[Harness]:
    mine = await create_workspace(database_url, name="Mine")
    other = await create_workspace(database_url, name="Other")
    backend = Backend()
    settings = GatewaySettings(database_url=database_url, nats_url="nats://127.0.0.1:1")
    app = create_app(settings, extra_routers=[build_router(backend)])
    async with asgi_client(app) as client:
        yield Harness(client, backend, database_url, mine.api_key.key, other.api_key.key)


async def test_same_key_and_body_replays_the_first_response(harness: Harness) -> None:
    first = await harness.client.post(
        "/v1/test/things", json={"name": "a", "colour": "red"}, headers=harness.headers("k-1")
    )
    assert first.status_code == 201
    assert "idempotent-replayed" not in first.headers
    again = await harness.client.post(
        "/v1/test/things",
        content=b'{ "colour": "red",  "name": "a" }',
        headers={**harness.headers("k-1"), "content-type": "application/json"},
    )
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.headers["content-type"] == "application/json"
    assert again.json() == first.json()
    assert again.headers["x-request-id"] != first.headers["x-request-id"]
    assert harness.backend.executions == ["create a"]
    [record] = await harness.records()
    assert (record["state"], record["status_code"], record["method"], record["path"]) == (
        "completed",
        201,
        "POST",
        "/v1/test/things",
    )
    expiry = record["expires_at"] - record["created_at"]  # type: ignore[operator]
    assert expiry.total_seconds() == 24 * 3600


async def test_without_a_key_every_request_runs(harness: Harness) -> None:
    for _ in range(2):
        response = await harness.client.post(
            "/v1/test/things", json={"name": "a"}, headers=harness.headers()
        )
        assert response.status_code == 201
    assert harness.backend.executions == ["create a", "create a"]
    assert await harness.records() == []


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/test/things", {"name": "b"}),
        ("POST", "/v1/test/things", {"name": "a", "colour": "blue"}),
        ("POST", "/v1/test/flaky", {"name": "a"}),
        ("DELETE", "/v1/test/things/7", None),
    ],
)
async def test_same_key_for_a_different_request_is_422(
    harness: Harness, method: str, path: str, body: dict[str, str] | None
) -> None:
    first = await harness.client.post(
        "/v1/test/things", json={"name": "a"}, headers=harness.headers("k-2")
    )
    assert first.status_code == 201
    response = await harness.client.request(method, path, json=body, headers=harness.headers("k-2"))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "idempotency_key_reused"
    assert harness.backend.executions == ["create a"]


async def test_a_request_still_running_is_409(harness: Harness) -> None:
    first = asyncio.create_task(
        harness.client.post("/v1/test/slow", json={"name": "s"}, headers=harness.headers("k-3"))
    )
    await eventually(lambda: harness.backend.executions == ["slow started"])
    second = await harness.client.post(
        "/v1/test/slow", json={"name": "s"}, headers=harness.headers("k-3")
    )
    assert second.status_code == 409
    assert second.json()["code"] == "idempotency_request_in_progress"
    assert second.headers["retry-after"] == "1"
    harness.backend.gate.set()
    assert (await first).status_code == 201
    third = await harness.client.post(
        "/v1/test/slow", json={"name": "s"}, headers=harness.headers("k-3")
    )
    assert (third.status_code, third.headers["idempotent-replayed"]) == (201, "true")
    assert third.json() == (await first).json()
    assert harness.backend.executions == ["slow started"]


async def test_5xx_is_not_stored_so_a_retry_runs_again(harness: Harness) -> None:
    harness.backend.flaky_failures = 1
    failed = await harness.client.post(
        "/v1/test/flaky", json={"name": "f"}, headers=harness.headers("k-4")
    )
    assert failed.status_code == 503
    assert await harness.records() == []
    retried = await harness.client.post(
        "/v1/test/flaky", json={"name": "f"}, headers=harness.headers("k-4")
    )
    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers
    replayed = await harness.client.post(
        "/v1/test/flaky", json={"name": "f"}, headers=harness.headers("k-4")
    )
    assert replayed.headers["idempotent-replayed"] == "true"
    assert harness.backend.executions == ["flaky", "flaky"]


async def test_an_unhandled_exception_releases_the_key(harness: Harness) -> None:
    for _ in range(2):
        response = await harness.client.post(
            "/v1/test/crash", json={"name": "c"}, headers=harness.headers("k-5")
        )
        assert response.status_code == 500
        assert response.json()["code"] == "internal_error"
    assert harness.backend.executions == ["crash", "crash"]
    assert await harness.records() == []


async def test_4xx_answers_are_replayed_too(harness: Harness) -> None:
    for _ in range(2):
        response = await harness.client.post(
            "/v1/test/conflict", json={"name": "x"}, headers=harness.headers("k-6")
        )
        assert response.status_code == 409
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "number_unavailable"
    assert response.headers["idempotent-replayed"] == "true"
    assert harness.backend.executions == ["conflict"]


async def test_keys_are_scoped_to_the_workspace(harness: Harness) -> None:
    mine = await harness.client.post(
        "/v1/test/things", json={"name": "a"}, headers=harness.headers("shared")
    )
    theirs = await harness.client.post(
        "/v1/test/things", json={"name": "a"}, headers=harness.headers("shared", other=True)
    )
    assert mine.status_code == theirs.status_code == 201
    assert "idempotent-replayed" not in theirs.headers
    assert mine.json()["workspace_id"] != theirs.json()["workspace_id"]
    assert len(await harness.records()) == 2


async def test_delete_is_idempotent(harness: Harness) -> None:
    first = await harness.client.delete("/v1/test/things/9", headers=harness.headers("d-1"))
    again = await harness.client.delete("/v1/test/things/9", headers=harness.headers("d-1"))
    assert first.json() == again.json() == {"deleted": 9, "execution": 1}
    assert again.headers["idempotent-replayed"] == "true"


@pytest.mark.parametrize("bad_key", ["", "x" * 256, "caf\u00e9"])
async def test_malformed_keys_are_400_naming_the_header(harness: Harness, bad_key: str) -> None:
    headers: list[tuple[str, str | bytes]] = [
        ("Authorization", f"Bearer {harness.key}"),
        ("Idempotency-Key", bad_key.encode("utf-8")),
    ]
    response = await harness.client.post("/v1/test/things", json={"name": "a"}, headers=headers)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_failed"
    assert [e["field"] for e in body["errors"]] == ["Idempotency-Key"]
    assert harness.backend.executions == []


async def test_authentication_comes_first(harness: Harness) -> None:
    response = await harness.client.post(
        "/v1/test/things", json={"name": "a"}, headers={"Idempotency-Key": "k-7"}
    )
    assert response.status_code == 401
    assert await harness.records() == []


async def test_expired_records_are_ignored_and_purged(harness: Harness) -> None:
    first = await harness.client.post(
        "/v1/test/things", json={"name": "old"}, headers=harness.headers("k-8")
    )
    assert first.status_code == 201
    await harness.execute(
        "UPDATE gateway.idempotency_records SET expires_at = now() - interval '1 second'"
    )
    reused = await harness.client.post(
        "/v1/test/things", json={"name": "new"}, headers=harness.headers("k-8")
    )
    assert reused.status_code == 201
    assert reused.json()["name"] == "new"
    assert harness.backend.executions == ["create old", "create new"]
    [record] = await harness.records()
    assert record["state"] == "completed"

    await harness.execute(
        "UPDATE gateway.idempotency_records SET expires_at = now() - interval '1 second'"
    )
    store = harness.client._transport.app.state.idempotency  # type: ignore[attr-defined]
    assert await store.purge_expired() == 1
    assert await harness.records() == []


async def test_an_abandoned_in_progress_record_can_be_taken_over(harness: Harness) -> None:
    stuck = asyncio.create_task(
        harness.client.post("/v1/test/slow", json={"name": "s"}, headers=harness.headers("k-9"))
    )
    await eventually(lambda: harness.backend.executions == ["slow started"])
    # As if the replica holding it had died two minutes ago (the lease is 60 s).
    await harness.execute(
        "UPDATE gateway.idempotency_records SET created_at = now() - interval '2 minutes'"
    )
    retry_task = asyncio.create_task(
        harness.client.post("/v1/test/slow", json={"name": "s"}, headers=harness.headers("k-9"))
    )
    await eventually(lambda: len(harness.backend.executions) == 2)
    harness.backend.gate.set()
    retry, stale = await retry_task, await stuck
    assert retry.status_code == stale.status_code == 201
    assert "idempotent-replayed" not in retry.headers
    assert (stale.json()["execution"], retry.json()["execution"]) == (1, 2)
    # The stale holder finished too, but only the new owner's response may be stored.
    [record] = await harness.records()
    assert record["state"] == "completed"
    assert record["response_body"] == retry.content
