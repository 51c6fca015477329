"""API-key authentication through a real HTTP server (uvicorn on loopback), real PostgreSQL and
a real gRPC wallet stand-in."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc
import httpx
import pytest
from sqlalchemy import text

from gateway import repository, usecases
from gateway.api_keys import issue_key
from gateway.app import create_app
from gateway.main import create_admin_service
from gateway.testing import create_workspace, serving_http
from platform_common.db import create_engine
from platform_common.uow import unit_of_work_factory
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc
from tests.integration.test_gateway_wallet import FakeWallet, gateway_settings, running_wallet


async def execute(database_url: str, sql: str, **params: object) -> list[dict[str, object]]:
    engine = create_engine(database_url)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(text(sql), params)
            return [dict(r._mapping) for r in result] if result.returns_rows else []
    finally:
        await engine.dispose()


@dataclass
class World:
    base_url: str
    fake: FakeWallet
    workspace_id: str
    other_workspace_id: str
    sandbox_workspace_id: str
    keys: dict[str, str]


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    mine = await create_workspace(database_url, name="Mine")
    other = await create_workspace(database_url, name="Other")
    sandbox_engine = create_engine(database_url)
    try:
        test_key = await usecases.create_api_key(
            uow=unit_of_work_factory(sandbox_engine, repository.outbox)(),
            workspace_id=mine.workspace.id,
            key_mode="test",
        )
        revoked = await usecases.create_api_key(
            uow=unit_of_work_factory(sandbox_engine, repository.outbox)(),
            workspace_id=mine.workspace.id,
        )
    finally:
        await sandbox_engine.dispose()
    await execute(
        database_url,
        "UPDATE gateway.api_keys SET revoked_at = now() WHERE id = :id",
        id=revoked.row.id,
    )
    fake = FakeWallet()
    async with running_wallet(fake) as wallet_addr:
        app = create_app(gateway_settings(database_url, wallet_addr))
        async with serving_http(app) as base_url:
            yield World(
                base_url=base_url,
                fake=fake,
                workspace_id=str(mine.workspace.id),
                other_workspace_id=str(other.workspace.id),
                sandbox_workspace_id=str(mine.workspace.sandbox_workspace_id),
                keys={
                    "mine": mine.api_key.key,
                    "other": other.api_key.key,
                    "test": test_key.key,
                    "revoked": revoked.key,
                    "unknown": issue_key("live").key,
                },
            )


# (name, Authorization header template, Sautikit-Workspace template, status, code)
AUTH_CASES = [
    ("missing", None, None, 401, "authentication_required"),
    ("empty bearer", "Bearer", None, 401, "authentication_required"),
    ("basic scheme", "Basic {mine}", None, 401, "invalid_api_key"),
    ("malformed key", "Bearer sk_live_123", None, 401, "invalid_api_key"),
    ("well-formed unknown key", "Bearer {unknown}", None, 401, "invalid_api_key"),
    ("revoked key", "Bearer {revoked}", None, 401, "invalid_api_key"),
    ("another workspace header", "Bearer {mine}", "{other_ws}", 403, "workspace_mismatch"),
    ("malformed workspace header", "Bearer {mine}", "workspace-1", 400, "validation_failed"),
    ("own workspace header", "Bearer {mine}", "{my_ws}", 200, None),
    ("lower-case scheme", "bearer {mine}", None, 200, None),
    # A test key acts as the workspace's sandbox, but the header names the workspace itself.
    ("test-mode key", "Bearer {test}", None, 200, None),
    ("test-mode key, own workspace header", "Bearer {test}", "{my_ws}", 200, None),
    (
        "test-mode key, sandbox id as header",
        "Bearer {test}",
        "{sandbox_ws}",
        403,
        "workspace_mismatch",
    ),
    (
        "live key, own sandbox id as header",
        "Bearer {mine}",
        "{sandbox_ws}",
        403,
        "workspace_mismatch",
    ),
]


@pytest.mark.parametrize(
    ("authorization", "workspace", "status", "code"),
    [case[1:] for case in AUTH_CASES],
    ids=[case[0] for case in AUTH_CASES],
)
async def test_authentication_cases(
    world: World, authorization: str | None, workspace: str | None, status: int, code: str | None
) -> None:
    values = {
        **world.keys,
        "my_ws": world.workspace_id,
        "other_ws": world.other_workspace_id,
        "sandbox_ws": world.sandbox_workspace_id,
    }
    headers = {}
    if authorization is not None:
        headers["Authorization"] = authorization.format(**values)
    if workspace is not None:
        headers["Sautikit-Workspace"] = workspace.format(**values)
    async with httpx.AsyncClient(base_url=world.base_url) as client:
        response = await client.get("/v1/wallet", headers=headers)
    assert response.status_code == status, response.text
    if code is None:
        test_key = "{test}" in (authorization or "")
        acting_as = world.sandbox_workspace_id if test_key else world.workspace_id
        assert response.json()["workspace_id"] == acting_as
        assert response.json()["livemode"] is not test_key
        return
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["code"]) == (status, code)
    assert body["request_id"] == response.headers["x-request-id"]
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    if code == "validation_failed":
        assert [e["field"] for e in body["errors"]] == ["Sautikit-Workspace"]
    assert world.fake.calls == []


async def test_healthz_needs_no_key(world: World) -> None:
    async with httpx.AsyncClient(base_url=world.base_url) as client:
        response = await client.get("/v1/healthz")
    assert response.status_code in (200, 503)
    assert set(response.json()["checks"]) == {
        "postgres",
        "nats",
        "inventory",
        "wallet",
        "credentials",
        "routing",
    }


async def test_admin_created_key_works_end_to_end(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    admin = create_admin_service(database_url=database_url)
    admin_port = await admin.start()
    fake = FakeWallet()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{admin_port}") as channel:
            created = await admin_pb2_grpc.WorkspaceAdminServiceStub(channel).CreateWorkspace(
                admin_pb2.CreateWorkspaceRequest(name="Via admin", email="a@b.co")
            )
        fake.balances[created.workspace.id] = 12_345
        async with running_wallet(fake) as wallet_addr:
            app = create_app(gateway_settings(database_url, wallet_addr))
            async with (
                serving_http(app) as base_url,
                httpx.AsyncClient(base_url=base_url) as client,
            ):
                with caplog.at_level(logging.INFO, logger="gateway.access"):
                    response = await client.get(
                        "/v1/wallet", headers={"Authorization": f"Bearer {created.api_key}"}
                    )
    finally:
        await admin.stop()
    assert response.status_code == 200, response.text
    assert response.json() == {
        "workspace_id": created.workspace.id,
        "balance_minor": 12_345,
        "available_minor": 11_345,  # the fake wallet holds 1,000 for calls
        "currency": "KES",
        "livemode": True,
    }
    [row] = await execute(
        database_url,
        "SELECT last_used_at FROM gateway.api_keys WHERE id = :id",
        id=uuid.UUID(created.api_key_id),
    )
    assert row["last_used_at"] is not None
    access = [r for r in caplog.records if r.name == "gateway.access"]
    assert [(r.__dict__["status"], r.__dict__["workspace_id"]) for r in access] == [
        (200, created.workspace.id)
    ]
    assert all(created.api_key not in str(r.__dict__) for r in caplog.records)


async def test_revocation_is_immediate_without_the_cache(database_url: str) -> None:
    created = await create_workspace(database_url)
    fake = FakeWallet()
    headers = {"Authorization": f"Bearer {created.api_key.key}"}
    async with running_wallet(fake) as wallet_addr:
        app = create_app(gateway_settings(database_url, wallet_addr, auth_cache_seconds=0))
        async with serving_http(app) as base_url, httpx.AsyncClient(base_url=base_url) as client:
            assert (await client.get("/v1/wallet", headers=headers)).status_code == 200
            await execute(database_url, "UPDATE gateway.api_keys SET revoked_at = now()")
            response = await client.get("/v1/wallet", headers=headers)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_api_key"


# (name, Sautikit-Workspace template, X-Organization-Id template, status, code, field)
TENANT_HEADER_CASES = [
    ("organization of the key", None, "{my_ws}", 200, None, None),
    ("organization of another", None, "{other_ws}", 403, "workspace_mismatch", None),
    ("malformed organization", None, "org-1", 400, "validation_failed", "X-Organization-Id"),
    ("both, the key's", "{my_ws}", "{my_ws}", 200, None, None),
    ("both, disagreeing", "{my_ws}", "{other_ws}", 400, "tenant_context_conflict", None),
    ("both, another's", "{other_ws}", "{other_ws}", 403, "workspace_mismatch", None),
    (
        "workspace good, org malformed",
        "{my_ws}",
        "x",
        400,
        "validation_failed",
        "X-Organization-Id",
    ),
]


@pytest.mark.parametrize(
    ("workspace", "organization", "status", "code", "field"),
    [case[1:] for case in TENANT_HEADER_CASES],
    ids=[case[0] for case in TENANT_HEADER_CASES],
)
async def test_x_organization_id_is_checked_like_the_workspace_header(
    world: World,
    workspace: str | None,
    organization: str | None,
    status: int,
    code: str | None,
    field: str | None,
) -> None:
    values = {"my_ws": world.workspace_id, "other_ws": world.other_workspace_id}
    headers = {"Authorization": f"Bearer {world.keys['mine']}"}
    if workspace is not None:
        headers["Sautikit-Workspace"] = workspace.format(**values)
    if organization is not None:
        headers["X-Organization-Id"] = organization.format(**values)
    async with httpx.AsyncClient(base_url=world.base_url) as client:
        response = await client.get("/v1/wallet", headers=headers)
    assert response.status_code == status, response.text
    if code is None:
        assert response.json()["workspace_id"] == world.workspace_id
        return
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert (body["status"], body["code"]) == (status, code)
    if field is not None:
        assert [e["field"] for e in body["errors"]] == [field]
    assert world.fake.calls == []
