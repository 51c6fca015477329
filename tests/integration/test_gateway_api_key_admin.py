"""Operator administration of API keys over the admin gRPC, seen by two gateway replicas
(two apps under uvicorn on loopback, one database): list shows no secret, a revoked or rotated
key stops working on both replicas through the revocation notice (their caches would keep it
for an hour), and unknown keys never write to the database."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc
import httpx
import psycopg
import pytest

from gateway.api_keys import issue_key
from gateway.app import create_app
from gateway.main import create_admin_service
from gateway.testing import serving_http
from platform_common.db import libpq_url
from platform_common.errors import RemoteError
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc
from tests.conftest import eventually
from tests.integration.test_gateway_wallet import FakeWallet, gateway_settings, running_wallet

HOUR = 3600.0


@dataclass
class Replicas:
    admin: admin_pb2_grpc.WorkspaceAdminServiceStub
    clients: list[httpx.AsyncClient]
    fake: FakeWallet
    database_url: str
    admin_address: str

    async def statuses(self, key: str) -> list[int]:
        headers = {"Authorization": f"Bearer {key}"}
        return [(await c.get("/v1/wallet", headers=headers)).status_code for c in self.clients]


@pytest.fixture
async def replicas(database_url: str) -> AsyncIterator[Replicas]:
    admin = create_admin_service(database_url=database_url)
    port = await admin.start()
    fake = FakeWallet()
    try:
        async with (
            running_wallet(fake) as wallet_addr,
            grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel,
            contextlib.AsyncExitStack() as stack,
        ):
            clients = []
            for _ in range(2):
                app = create_app(
                    gateway_settings(database_url, wallet_addr, auth_cache_seconds=HOUR)
                )
                base_url = await stack.enter_async_context(serving_http(app))
                await asyncio.wait_for(app.state.revocations_listening.wait(), timeout=10)
                clients.append(
                    await stack.enter_async_context(
                        httpx.AsyncClient(base_url=base_url, timeout=10)
                    )
                )
            yield Replicas(
                admin_pb2_grpc.WorkspaceAdminServiceStub(channel),
                clients,
                fake,
                database_url,
                f"127.0.0.1:{port}",
            )
    finally:
        await admin.stop()


async def workspace_with_two_keys(replicas: Replicas) -> tuple[str, list[str], list[str]]:
    created = await replicas.admin.CreateWorkspace(admin_pb2.CreateWorkspaceRequest(name="Keys"))
    more = await replicas.admin.CreateApiKey(
        admin_pb2.CreateApiKeyRequest(
            workspace_id=created.workspace.id, key_mode=admin_pb2.KEY_MODE_TEST
        )
    )
    replicas.fake.balances[created.workspace.id] = 100
    return (
        created.workspace.id,
        [created.api_key, more.api_key],
        [created.api_key_id, more.api_key_id],
    )


async def refused_everywhere(replicas: Replicas, key: str) -> None:
    async def refused() -> bool:
        return await replicas.statuses(key) == [401, 401]

    await eventually(refused, timeout=5, interval=0.05)


async def test_list_shows_prefixes_newest_first_and_never_a_secret(replicas: Replicas) -> None:
    workspace, keys, ids = await workspace_with_two_keys(replicas)
    listed = await replicas.admin.ListApiKeys(admin_pb2.ListApiKeysRequest(workspace_id=workspace))
    assert [k.id for k in listed.api_keys] == list(reversed(ids))
    assert [k.mode for k in listed.api_keys] == [admin_pb2.KEY_MODE_TEST, admin_pb2.KEY_MODE_LIVE]
    assert [k.key_prefix for k in listed.api_keys] == [keys[1][:12], keys[0][:12]]
    wire = listed.SerializeToString()
    assert all(key.encode() not in wire and key[12:20].encode() not in wire for key in keys)
    other = await replicas.admin.ListApiKeys(
        admin_pb2.ListApiKeysRequest(workspace_id=str(uuid.uuid4()))
    )
    assert list(other.api_keys) == []


async def test_a_revoked_key_stops_working_on_every_replica_despite_their_caches(
    replicas: Replicas,
) -> None:
    workspace, keys, ids = await workspace_with_two_keys(replicas)
    assert await replicas.statuses(keys[0]) == [200, 200]  # now cached for an hour on both
    revoked = await replicas.admin.RevokeApiKey(
        admin_pb2.RevokeApiKeyRequest(workspace_id=workspace, api_key_id=ids[0])
    )
    assert revoked.api_key.HasField("revoked_at")
    await refused_everywhere(replicas, keys[0])
    assert await replicas.statuses(keys[1]) == [200, 200], "the other key still works"
    again = await replicas.admin.RevokeApiKey(
        admin_pb2.RevokeApiKeyRequest(workspace_id=workspace, api_key_id=ids[0])
    )
    assert again.api_key.revoked_at == revoked.api_key.revoked_at, "revoking twice changes nothing"


async def test_rotation_issues_a_new_key_and_revokes_the_old_on_every_replica(
    replicas: Replicas,
) -> None:
    workspace, keys, ids = await workspace_with_two_keys(replicas)
    assert await replicas.statuses(keys[1]) == [200, 200]
    rotated = await replicas.admin.RotateApiKey(
        admin_pb2.RotateApiKeyRequest(workspace_id=workspace, api_key_id=ids[1])
    )
    assert rotated.api_key.startswith("sk_test_") and rotated.api_key != keys[1]
    assert rotated.revoked.id == ids[1] and rotated.revoked.HasField("revoked_at")
    assert rotated.api_key_info.mode == admin_pb2.KEY_MODE_TEST
    await refused_everywhere(replicas, keys[1])
    assert await replicas.statuses(rotated.api_key) == [200, 200]


@pytest.mark.parametrize("which", ["unknown-id", "other-workspace"])
async def test_revoking_or_rotating_a_key_the_workspace_does_not_hold_is_not_found(
    replicas: Replicas, which: str
) -> None:
    _workspace, keys, ids = await workspace_with_two_keys(replicas)
    other, _, _ = await workspace_with_two_keys(replicas)
    key_id = str(uuid.uuid4()) if which == "unknown-id" else ids[0]
    for call in (
        replicas.admin.RevokeApiKey(
            admin_pb2.RevokeApiKeyRequest(workspace_id=other, api_key_id=key_id)
        ),
        replicas.admin.RotateApiKey(
            admin_pb2.RotateApiKeyRequest(workspace_id=other, api_key_id=key_id)
        ),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as raised:
            await call
        error = RemoteError.from_rpc_error(raised.value)
        assert (error.status, error.reason) == (grpc.StatusCode.NOT_FOUND, "api_key_not_found")
    assert await replicas.statuses(keys[0]) == [200, 200]


async def test_unknown_keys_are_refused_without_writing(replicas: Replicas) -> None:
    # Writes to api_keys are blocked meanwhile: an unknown key that cost a write would hang.
    async with await psycopg.AsyncConnection.connect(libpq_url(replicas.database_url)) as lock:
        await lock.execute("LOCK TABLE gateway.api_keys IN EXCLUSIVE MODE")
        for _ in range(10):
            assert await replicas.statuses(issue_key("live").key) == [401, 401]
        await lock.rollback()


async def sautikit(replicas: Replicas, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "operator_cli.main",
        *args,
        env={**os.environ, "GATEWAY_ADMIN_ADDR": replicas.admin_address},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_the_cli_lists_rotates_and_revokes(replicas: Replicas) -> None:
    workspace, keys, ids = await workspace_with_two_keys(replicas)
    code, out, err = await sautikit(replicas, "api-key", "list", "--workspace", workspace)
    assert code == 0, err
    listed = json.loads(out)["api_keys"]
    assert [k["id"] for k in listed] == list(reversed(ids))
    assert [k["mode"] for k in listed] == ["test", "live"] and listed[0]["revoked_at"] is None
    assert all(key not in out for key in keys)

    code, out, err = await sautikit(replicas, "api-key", "rotate", ids[0], "--workspace", workspace)
    assert code == 0, err
    rotated = json.loads(out)
    assert rotated["api_key"].startswith("sk_live_") and rotated["revoked"]["id"] == ids[0]
    await refused_everywhere(replicas, keys[0])

    code, out, err = await sautikit(replicas, "api-key", "revoke", ids[1], "--workspace", workspace)
    assert code == 0, err
    assert json.loads(out)["revoked"]["revoked_at"] is not None
    await refused_everywhere(replicas, keys[1])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["revoke", "not-a-uuid", "--workspace", "W"], "must be a UUID"),
        (["revoke", "KEY", "--workspace", "nope"], "--workspace must be a workspace id"),
        (["rotate", "KEY", "--workspace", "W"], "api_key_not_found"),
    ],
    ids=["bad-key-id", "bad-workspace", "unknown-key"],
)
async def test_the_cli_refuses_bad_input_with_exit_1_and_no_traceback(
    replicas: Replicas, args: list[str], message: str
) -> None:
    workspace = str(uuid.uuid4())
    args = [
        a.replace("KEY", str(uuid.uuid4())).replace("W", workspace) if a in ("KEY", "W") else a
        for a in args
    ]
    code, out, err = await sautikit(replicas, "api-key", *args)
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err
