"""gRPC edge of workspace administration: proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc

from gateway import key_admin, usecases
from gateway.repository import WorkspaceRow
from platform_common.ids import require_uuid
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc

_KEY_MODES: dict[int, str] = {
    admin_pb2.KEY_MODE_UNSPECIFIED: "live",
    admin_pb2.KEY_MODE_LIVE: "live",
    admin_pb2.KEY_MODE_TEST: "test",
}


def _key_mode(value: int) -> str:
    # An enum number this build does not know becomes a mode the use case rejects by name.
    return _KEY_MODES.get(value, f"unknown({value})")


_MODE_ENUMS = {"live": admin_pb2.KEY_MODE_LIVE, "test": admin_pb2.KEY_MODE_TEST}


def _api_key(info: key_admin.ApiKeyInfo) -> admin_pb2.ApiKey:
    return admin_pb2.ApiKey(
        id=str(info.id),
        workspace_id=str(info.workspace_id),
        key_prefix=info.key_prefix,
        mode=_MODE_ENUMS[info.mode],
        created_at=to_timestamp(info.created_at),
        revoked_at=to_timestamp(info.revoked_at) if info.revoked_at else None,
        last_used_at=to_timestamp(info.last_used_at) if info.last_used_at else None,
    )


def _workspace(row: WorkspaceRow) -> admin_pb2.Workspace:
    return admin_pb2.Workspace(
        id=str(row.id),
        name=row.name,
        email=row.email or "",
        created_at=to_timestamp(row.created_at),
        sandbox_workspace_id=str(row.sandbox_workspace_id),
    )


class WorkspaceAdminServicer(admin_pb2_grpc.WorkspaceAdminServiceServicer):
    def __init__(self, new_uow: UnitOfWorkFactory) -> None:
        self.new_uow = new_uow

    async def CreateWorkspace(
        self, request: admin_pb2.CreateWorkspaceRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.CreateWorkspaceResponse:
        created = await usecases.create_workspace(
            uow=self.new_uow(),
            name=request.name,
            email=request.email,
            key_mode=_key_mode(request.key_mode),
        )
        return admin_pb2.CreateWorkspaceResponse(
            workspace=_workspace(created.workspace),
            api_key=created.api_key.key,
            api_key_id=str(created.api_key.row.id),
        )

    async def GetWorkspace(
        self, request: admin_pb2.GetWorkspaceRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.GetWorkspaceResponse:
        found = await usecases.get_workspace(
            uow=self.new_uow(), workspace_id=require_uuid(request.workspace_id, "workspace_id")
        )
        return admin_pb2.GetWorkspaceResponse(workspace=_workspace(found))

    async def CreateApiKey(
        self, request: admin_pb2.CreateApiKeyRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.CreateApiKeyResponse:
        issued = await usecases.create_api_key(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            key_mode=_key_mode(request.key_mode),
        )
        return admin_pb2.CreateApiKeyResponse(api_key=issued.key, api_key_id=str(issued.row.id))

    async def UpdateWorkspace(
        self, request: admin_pb2.UpdateWorkspaceRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.UpdateWorkspaceResponse:
        updated = await usecases.update_workspace_email(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            email=request.email,
        )
        return admin_pb2.UpdateWorkspaceResponse(workspace=_workspace(updated))

    async def ListApiKeys(
        self, request: admin_pb2.ListApiKeysRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.ListApiKeysResponse:
        keys = await key_admin.list_api_keys(
            uow=self.new_uow(), workspace_id=require_uuid(request.workspace_id, "workspace_id")
        )
        return admin_pb2.ListApiKeysResponse(api_keys=[_api_key(k) for k in keys])

    async def RevokeApiKey(
        self, request: admin_pb2.RevokeApiKeyRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.RevokeApiKeyResponse:
        revoked = await key_admin.revoke_api_key(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            key_id=require_uuid(request.api_key_id, "api_key_id"),
        )
        return admin_pb2.RevokeApiKeyResponse(api_key=_api_key(revoked))

    async def RotateApiKey(
        self, request: admin_pb2.RotateApiKeyRequest, context: grpc.aio.ServicerContext
    ) -> admin_pb2.RotateApiKeyResponse:
        rotated = await key_admin.rotate_api_key(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            key_id=require_uuid(request.api_key_id, "api_key_id"),
        )
        return admin_pb2.RotateApiKeyResponse(
            api_key=rotated.key,
            api_key_info=_api_key(rotated.issued),
            revoked=_api_key(rotated.revoked),
        )
