"""`sautikit workspace update --email` as a real process against the gateway's real
WorkspaceAdminService: it sets or removes where the platform's emails go; bad input exits 1
with the exact error code and changes nothing."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator

import grpc
import pytest

from gateway.main import create_admin_service
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc

# A fixed id, not uuid4(): test ids must be the same in every test worker process.
UNKNOWN_WORKSPACE = "5f0c3e2a-9d41-4b7e-8a36-0c1d2e3f4a5b"

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def admin(
    database_url: str,
) -> AsyncIterator[tuple[str, admin_pb2_grpc.WorkspaceAdminServiceStub]]:
    service = create_admin_service(database_url=database_url)
    port = await service.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield f"127.0.0.1:{port}", admin_pb2_grpc.WorkspaceAdminServiceStub(channel)
    await service.stop()


async def sautikit(address: str, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "operator_cli.main",
        *args,
        env={**os.environ, "GATEWAY_ADMIN_ADDR": address},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_workspace_update_sets_and_removes_the_email(
    admin: tuple[str, admin_pb2_grpc.WorkspaceAdminServiceStub],
) -> None:
    address, stub = admin
    created = await stub.CreateWorkspace(admin_pb2.CreateWorkspaceRequest(name="Acme"))
    workspace = created.workspace.id
    code, out, err = await sautikit(
        address, "workspace", "update", "--workspace", workspace, "--email", " ops@acme.co.ke "
    )
    assert code == 0, err
    assert json.loads(out) == {"workspace_id": workspace, "email": "ops@acme.co.ke"}
    found = await stub.GetWorkspace(admin_pb2.GetWorkspaceRequest(workspace_id=workspace))
    assert found.workspace.email == "ops@acme.co.ke"
    code, out, _ = await sautikit(
        address, "workspace", "update", "--workspace", workspace, "--email", ""
    )
    assert code == 0 and json.loads(out)["email"] == ""


@pytest.mark.parametrize(
    ("case", "workspace", "email", "says"),
    [
        ("not an email", "own", "not-an-email", "validation_failed"),
        ("huge email", "own", "a" * 5000 + "@acme.co.ke", "validation_failed"),
        ("unknown workspace", UNKNOWN_WORKSPACE, "ops@acme.co.ke", "workspace_not_found"),
        ("workspace not a uuid", "acme", "ops@acme.co.ke", "--workspace must be a workspace id"),
    ],
)
async def test_workspace_update_rejects_bad_input_and_changes_nothing(
    admin: tuple[str, admin_pb2_grpc.WorkspaceAdminServiceStub],
    case: str,
    workspace: str,
    email: str,
    says: str,
) -> None:
    address, stub = admin
    created = await stub.CreateWorkspace(
        admin_pb2.CreateWorkspaceRequest(name="Acme", email="keep@acme.co.ke")
    )
    target = created.workspace.id if workspace == "own" else workspace
    code, out, err = await sautikit(
        address, "workspace", "update", "--workspace", target, "--email", email
    )
    assert (code, out) == (1, ""), case
    assert says in err, err
    found = await stub.GetWorkspace(
        admin_pb2.GetWorkspaceRequest(workspace_id=created.workspace.id)
    )
    assert found.workspace.email == "keep@acme.co.ke"
