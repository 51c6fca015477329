"""Where a workspace's emails go: asked of the gateway's admin API (the gateway owns
workspaces). The address is looked up at send time and never stored here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Protocol

import grpc

from platform_common.grpc_client import open_channel
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc

DEADLINE_SECONDS = 5.0


class DirectoryUnavailable(Exception):
    """The gateway did not answer; the email is retried later."""


class WorkspaceDirectory(Protocol):
    async def email_of(self, workspace_id: uuid.UUID) -> str | None:
        """The workspace's contact email; None when it has none or does not exist."""
        ...


@dataclass
class GrpcWorkspaceDirectory:
    address: str
    _channel: grpc.aio.Channel | None = field(default=None, init=False)

    async def email_of(self, workspace_id: uuid.UUID) -> str | None:
        if self._channel is None:
            self._channel = open_channel(self.address)
        stub = admin_pb2_grpc.WorkspaceAdminServiceStub(self._channel)
        try:
            reply = await stub.GetWorkspace(
                admin_pb2.GetWorkspaceRequest(workspace_id=str(workspace_id)),
                timeout=DEADLINE_SECONDS,
            )
        except grpc.aio.AioRpcError as exc:
            if exc.code() == grpc.StatusCode.NOT_FOUND:
                return None
            raise DirectoryUnavailable(exc.code().name) from None
        return reply.workspace.email or None

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
