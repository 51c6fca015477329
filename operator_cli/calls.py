"""The gRPC calls the operator CLI (and `make run`'s seeding) makes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import grpc

from platform_common.config import service_address
from platform_common.errors import RemoteError
from platform_common.grpc_client import open_channel
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc

DEADLINE_SECONDS = 30.0


async def create_workspace(*, name: str, email: str = "", test_key: bool = False) -> dict[str, str]:
    """Creates a workspace; returns its id and API key (shown only here)."""
    mode = admin_pb2.KEY_MODE_TEST if test_key else admin_pb2.KEY_MODE_LIVE
    async with open_channel(service_address("gateway-admin")) as channel:
        stub = admin_pb2_grpc.WorkspaceAdminServiceStub(channel)
        try:
            reply = await stub.CreateWorkspace(
                admin_pb2.CreateWorkspaceRequest(name=name, email=email, key_mode=mode),
                timeout=DEADLINE_SECONDS,
            )
        except grpc.aio.AioRpcError as exc:
            raise RemoteError.from_rpc_error(exc) from None
    return {"workspace_id": reply.workspace.id, "api_key": reply.api_key}


async def update_workspace_email(*, workspace_id: str, email: str) -> dict[str, str]:
    """Sets where the platform's emails for the workspace go (empty: none)."""
    async with open_channel(service_address("gateway-admin")) as channel:
        stub = admin_pb2_grpc.WorkspaceAdminServiceStub(channel)
        try:
            reply = await stub.UpdateWorkspace(
                admin_pb2.UpdateWorkspaceRequest(workspace_id=workspace_id, email=email),
                timeout=DEADLINE_SECONDS,
            )
        except grpc.aio.AioRpcError as exc:
            raise RemoteError.from_rpc_error(exc) from None
    return {"workspace_id": reply.workspace.id, "email": reply.workspace.email}


async def workspace_exists(workspace_id: str) -> bool:
    async with open_channel(service_address("gateway-admin")) as channel:
        stub = admin_pb2_grpc.WorkspaceAdminServiceStub(channel)
        try:
            await stub.GetWorkspace(
                admin_pb2.GetWorkspaceRequest(workspace_id=workspace_id), timeout=DEADLINE_SECONDS
            )
        except grpc.aio.AioRpcError as exc:
            error = RemoteError.from_rpc_error(exc)
            if error.status == grpc.StatusCode.NOT_FOUND:
                return False
            raise error from None
    return True


async def credit_wallet(
    *, workspace_id: str, amount_minor: int, reason: str, idempotency_key: str | None = None
) -> dict[str, Any]:
    """Operator adjustment credit. The key makes a retried command credit once."""
    async with open_channel(service_address("wallet")) as channel:
        stub = wallet_pb2_grpc.WalletServiceStub(channel)
        try:
            reply = await stub.Credit(
                wallet_pb2.CreditRequest(
                    workspace_id=workspace_id,
                    amount_minor=amount_minor,
                    currency="KES",
                    entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                    reason=reason,
                    idempotency_key=idempotency_key or f"operator-credit:{uuid.uuid4()}",
                ),
                timeout=DEADLINE_SECONDS,
            )
        except grpc.aio.AioRpcError as exc:
            raise RemoteError.from_rpc_error(exc) from None
    return {
        "workspace_id": workspace_id,
        "entry_id": reply.entry.id,
        "amount_minor": reply.entry.amount_minor,
        "balance_minor": reply.wallet.balance_minor,
        "currency": reply.wallet.currency,
        "replayed": reply.replayed,
    }


def _batches(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


async def import_numbers(
    specs: list[inventory_pb2.NumberSpec],
    *,
    batch_size: int = 1000,
    progress: Any = None,
) -> dict[str, int]:
    """Sends validated numbers in batches; returns created/unchanged totals.

    `progress`, when given, is a tqdm-like object whose update(n) is called per batch.
    """
    created = unchanged = 0
    async with open_channel(service_address("inventory")) as channel:
        stub = inventory_pb2_grpc.InventoryServiceStub(channel)
        for batch in _batches(specs, batch_size):
            try:
                reply = await stub.ImportNumbers(
                    inventory_pb2.ImportNumbersRequest(numbers=batch), timeout=DEADLINE_SECONDS
                )
            except grpc.aio.AioRpcError as exc:
                raise RemoteError.from_rpc_error(exc) from None
            created += reply.created
            unchanged += reply.unchanged
            if progress is not None:
                progress.update(len(batch))
    return {"created": created, "unchanged": unchanged}


def _key_json(key: admin_pb2.ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "key_prefix": key.key_prefix,
        "mode": admin_pb2.KeyMode.Name(key.mode).removeprefix("KEY_MODE_").lower(),
        "created_at": key.created_at.ToJsonString(),
        "revoked_at": key.revoked_at.ToJsonString() if key.HasField("revoked_at") else None,
        "last_used_at": key.last_used_at.ToJsonString() if key.HasField("last_used_at") else None,
    }


async def api_key_call(method: str, request: Any) -> Any:
    """One WorkspaceAdminService call by name; RemoteError on refusal."""
    async with open_channel(service_address("gateway-admin")) as channel:
        stub = admin_pb2_grpc.WorkspaceAdminServiceStub(channel)
        try:
            return await getattr(stub, method)(request, timeout=DEADLINE_SECONDS)
        except grpc.aio.AioRpcError as exc:
            raise RemoteError.from_rpc_error(exc) from None


async def list_api_keys(workspace_id: str) -> dict[str, Any]:
    reply = await api_key_call(
        "ListApiKeys", admin_pb2.ListApiKeysRequest(workspace_id=workspace_id)
    )
    return {"api_keys": [_key_json(k) for k in reply.api_keys]}


async def revoke_api_key(workspace_id: str, api_key_id: str) -> dict[str, Any]:
    reply = await api_key_call(
        "RevokeApiKey",
        admin_pb2.RevokeApiKeyRequest(workspace_id=workspace_id, api_key_id=api_key_id),
    )
    return {"revoked": _key_json(reply.api_key)}


async def rotate_api_key(workspace_id: str, api_key_id: str) -> dict[str, Any]:
    reply = await api_key_call(
        "RotateApiKey",
        admin_pb2.RotateApiKeyRequest(workspace_id=workspace_id, api_key_id=api_key_id),
    )
    return {
        "api_key": reply.api_key,
        "issued": _key_json(reply.api_key_info),
        "revoked": _key_json(reply.revoked),
    }


async def create_api_key(workspace_id: str, mode: str) -> dict[str, Any]:
    """Issues a key of `mode` ("live" or "test") for the workspace; the key is shown only here.
    `workspace_id` in the answer is the workspace (the organization) for both modes."""
    key_mode = admin_pb2.KEY_MODE_TEST if mode == "test" else admin_pb2.KEY_MODE_LIVE
    reply = await api_key_call(
        "CreateApiKey",
        admin_pb2.CreateApiKeyRequest(workspace_id=workspace_id, key_mode=key_mode),
    )
    return {"api_key": reply.api_key, "mode": mode, "workspace_id": workspace_id}
