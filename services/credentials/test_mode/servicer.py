"""gRPC edge of the credentials' TestModeService: proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc

from platform_common.ids import require_uuid
from platform_common.uow import UnitOfWorkFactory
from sautikit.credentials.v1 import test_mode_pb2, test_mode_pb2_grpc
from services.credentials.test_mode.purge import purge_sandbox


class TestModeServicer(test_mode_pb2_grpc.TestModeServiceServicer):
    def __init__(self, *, new_uow: UnitOfWorkFactory) -> None:
        self.new_uow = new_uow

    async def PurgeSandbox(
        self, request: test_mode_pb2.PurgeSandboxRequest, context: grpc.aio.ServicerContext
    ) -> test_mode_pb2.PurgeSandboxResponse:
        purged = await purge_sandbox(
            new_uow=self.new_uow, workspace_id=require_uuid(request.workspace_id, "workspace_id")
        )
        return test_mode_pb2.PurgeSandboxResponse(purged=purged)
