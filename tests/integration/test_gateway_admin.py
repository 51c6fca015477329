"""WorkspaceAdminService over real gRPC against a real PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from gateway.api_keys import hash_key, looks_like_key
from gateway.main import create_admin_service
from platform_common.db import create_engine
from platform_common.errors import RemoteError
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc

# A fixed id, not uuid4(): test ids must be the same in every test worker process.
UNKNOWN_WORKSPACE = "5f0c3e2a-9d41-4b7e-8a36-0c1d2e3f4a5b"


@pytest.fixture
async def admin(database_url: str) -> AsyncIterator[admin_pb2_grpc.WorkspaceAdminServiceStub]:
    service = create_admin_service(database_url=database_url)
    port = await service.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    try:
        yield admin_pb2_grpc.WorkspaceAdminServiceStub(channel)
    finally:
        await channel.close()
        await service.stop()


async def rows(database_url: str, sql: str, **params: object) -> list[dict[str, object]]:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            result = await conn.execute(text(sql), params)
            return [dict(r._mapping) for r in result]
    finally:
        await engine.dispose()


async def failure(call: object) -> RemoteError:
    try:
        await call  # type: ignore[misc]
    except grpc.aio.AioRpcError as error:
        return RemoteError.from_rpc_error(error)
    raise AssertionError("the call succeeded")


async def test_create_workspace_returns_the_key_once_and_stores_only_its_hash(
    admin: admin_pb2_grpc.WorkspaceAdminServiceStub, database_url: str
) -> None:
    reply = await admin.CreateWorkspace(
        admin_pb2.CreateWorkspaceRequest(name="  Acme Kenya  ", email="ops@acme.co.ke")
    )
    assert reply.workspace.name == "Acme Kenya"
    assert reply.workspace.email == "ops@acme.co.ke"
    assert uuid.UUID(reply.workspace.id).version == 7
    assert reply.workspace.created_at.seconds > 0
    assert reply.api_key.startswith("sk_live_") and looks_like_key(reply.api_key)

    keys = await rows(database_url, "SELECT * FROM gateway.api_keys")
    assert len(keys) == 1
    assert keys[0]["key_hash"] == hash_key(reply.api_key)
    assert keys[0]["key_prefix"] == reply.api_key[:12]
    assert str(keys[0]["id"]) == reply.api_key_id
    assert str(keys[0]["workspace_id"]) == reply.workspace.id
    assert keys[0]["mode"] == "live" and keys[0]["revoked_at"] is None
    dump = await rows(
        database_url,
        "SELECT string_agg(t::text, '|') AS everything FROM ("
        " SELECT a::text AS t FROM gateway.api_keys a"
        " UNION ALL SELECT w::text FROM gateway.workspaces w) s",
    )
    assert reply.api_key not in str(dump[0]["everything"])
    assert reply.api_key[12:] not in str(dump[0]["everything"])


async def test_get_workspace(admin: admin_pb2_grpc.WorkspaceAdminServiceStub) -> None:
    created = await admin.CreateWorkspace(admin_pb2.CreateWorkspaceRequest(name="Beta"))
    found = await admin.GetWorkspace(
        admin_pb2.GetWorkspaceRequest(workspace_id=created.workspace.id)
    )
    assert found.workspace == created.workspace
    assert found.workspace.email == ""


@pytest.mark.parametrize(
    ("workspace_id", "status", "reason"),
    [
        (UNKNOWN_WORKSPACE, grpc.StatusCode.NOT_FOUND, "workspace_not_found"),
        ("not-a-uuid", grpc.StatusCode.INVALID_ARGUMENT, "validation_failed"),
        ("", grpc.StatusCode.INVALID_ARGUMENT, "validation_failed"),
    ],
)
async def test_get_workspace_errors(
    admin: admin_pb2_grpc.WorkspaceAdminServiceStub,
    workspace_id: str,
    status: grpc.StatusCode,
    reason: str,
) -> None:
    error = await failure(
        admin.GetWorkspace(admin_pb2.GetWorkspaceRequest(workspace_id=workspace_id))
    )
    assert (error.status, error.reason) == (status, reason)


@pytest.mark.parametrize(
    ("request_fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "ok", "email": "not-an-email"}, "email"),
        ({"name": "ok", "key_mode": 9}, "key_mode"),
    ],
)
async def test_create_workspace_validation(
    admin: admin_pb2_grpc.WorkspaceAdminServiceStub,
    database_url: str,
    request_fields: dict[str, object],
    field: str,
) -> None:
    error = await failure(admin.CreateWorkspace(admin_pb2.CreateWorkspaceRequest(**request_fields)))
    assert (error.status, error.reason) == (grpc.StatusCode.INVALID_ARGUMENT, "validation_failed")
    assert [v.field for v in error.violations] == [field]
    assert await rows(database_url, "SELECT id FROM gateway.workspaces") == []


async def test_test_mode_keys_and_more_keys(
    admin: admin_pb2_grpc.WorkspaceAdminServiceStub, database_url: str
) -> None:
    created = await admin.CreateWorkspace(
        admin_pb2.CreateWorkspaceRequest(name="Sandbox", key_mode=admin_pb2.KEY_MODE_TEST)
    )
    assert created.api_key.startswith("sk_test_")
    second = await admin.CreateApiKey(
        admin_pb2.CreateApiKeyRequest(workspace_id=created.workspace.id)
    )
    assert second.api_key.startswith("sk_live_") and second.api_key != created.api_key
    keys = await rows(
        database_url,
        "SELECT mode, key_hash FROM gateway.api_keys WHERE workspace_id = :w ORDER BY id",
        w=created.workspace.id,
    )
    assert [(k["mode"], k["key_hash"]) for k in keys] == [
        ("test", hash_key(created.api_key)),
        ("live", hash_key(second.api_key)),
    ]


async def test_create_api_key_for_a_missing_workspace(
    admin: admin_pb2_grpc.WorkspaceAdminServiceStub, database_url: str
) -> None:
    error = await failure(
        admin.CreateApiKey(admin_pb2.CreateApiKeyRequest(workspace_id=str(uuid.uuid4())))
    )
    assert (error.status, error.reason) == (grpc.StatusCode.NOT_FOUND, "workspace_not_found")
    assert await rows(database_url, "SELECT id FROM gateway.api_keys") == []


async def test_schema_refuses_a_prefix_that_contradicts_the_mode(
    admin: admin_pb2_grpc.WorkspaceAdminServiceStub, database_url: str
) -> None:
    created = await admin.CreateWorkspace(admin_pb2.CreateWorkspaceRequest(name="Gamma"))
    engine = create_engine(database_url)
    try:
        with pytest.raises(IntegrityError, match="ck_api_keys_prefix_mode"):
            async with engine.begin() as conn:
                await conn.execute(
                    text(
                        "INSERT INTO gateway.api_keys"
                        " (id, workspace_id, key_hash, key_prefix, mode) VALUES"
                        " (gen_random_uuid(), :w, repeat('a', 64), 'sk_live_abcd', 'test')"
                    ),
                    {"w": created.workspace.id},
                )
    finally:
        await engine.dispose()


async def test_admin_server_reports_health(database_url: str) -> None:
    service = create_admin_service(database_url=database_url)
    port = await service.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            reply = await health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(service="sautikit.gateway.v1.WorkspaceAdminService"),
                timeout=2,
            )
        assert reply.status == health_pb2.HealthCheckResponse.SERVING
    finally:
        await service.stop()
