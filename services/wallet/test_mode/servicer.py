"""gRPC edge of the wallet's TestModeService: proto in, one use-case call, proto out."""

from __future__ import annotations

import grpc

from platform_common.ids import require_uuid
from platform_common.uow import UnitOfWorkFactory
from sautikit.wallet.v1 import test_mode_pb2, test_mode_pb2_grpc
from services.wallet.test_mode.purge import purge_sandbox


class TestModeServicer(test_mode_pb2_grpc.TestModeServiceServicer):
    def __init__(self, *, new_uow: UnitOfWorkFactory, start_balance_minor: int) -> None:
        self.new_uow = new_uow
        self.start_balance_minor = start_balance_minor

    async def PurgeSandbox(
        self, request: test_mode_pb2.PurgeSandboxRequest, context: grpc.aio.ServicerContext
    ) -> test_mode_pb2.PurgeSandboxResponse:
        purged = await purge_sandbox(
            new_uow=self.new_uow,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            start_balance_minor=self.start_balance_minor,
        )
        return test_mode_pb2.PurgeSandboxResponse(purged=purged)
