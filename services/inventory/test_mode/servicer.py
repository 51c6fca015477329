"""gRPC edge of test mode's inventory tools (TestModeService): proto in, one use-case call,
proto out."""

from __future__ import annotations

import grpc

from platform_common.ids import parse_uuid, require_uuid
from platform_common.uow import UnitOfWorkFactory
from sautikit.inventory.v1 import test_mode_pb2, test_mode_pb2_grpc
from services.inventory.errors import NumberNotFound
from services.inventory.renewals.domain import Clock, Period, ensure_runnable
from services.inventory.renewals.servicer import _item_message
from services.inventory.servicer import tenant_number_message
from services.inventory.test_mode import usecases
from services.inventory.wallet_client import RenewalWalletPort, WalletPort


class TestModeServicer(test_mode_pb2_grpc.TestModeServiceServicer):
    def __init__(
        self,
        *,
        new_uow: UnitOfWorkFactory,
        wallet: WalletPort,
        renewal_wallet: RenewalWalletPort,
        clock: Clock,
    ) -> None:
        self.new_uow = new_uow
        self.wallet = wallet
        self.renewal_wallet = renewal_wallet
        self.clock = clock

    async def RenewWorkspace(
        self, request: test_mode_pb2.RenewWorkspaceRequest, context: grpc.aio.ServicerContext
    ) -> test_mode_pb2.RenewWorkspaceResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        # Parsed and bounded before anything runs: a bad period charges nothing.
        period = Period.parse(request.period) if request.period else None
        if period is not None:
            ensure_runnable(period, self.clock.now())
        period, items = await usecases.renew_workspace(
            new_uow=self.new_uow,
            wallet=self.renewal_wallet,
            clock=self.clock,
            workspace_id=workspace_id,
            period=period,
        )
        return test_mode_pb2.RenewWorkspaceResponse(
            period=str(period), items=[_item_message(item) for item in items]
        )

    async def ExpireTrial(
        self, request: test_mode_pb2.ExpireTrialRequest, context: grpc.aio.ServicerContext
    ) -> test_mode_pb2.ExpireTrialResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        ref = parse_uuid(request.tenant_number_id)
        if ref is None:  # nobody's number, as any unknown id
            raise NumberNotFound("no such number in this workspace")
        row = await usecases.expire_trial(
            new_uow=self.new_uow, wallet=self.wallet, workspace_id=workspace_id, ref=ref
        )
        return test_mode_pb2.ExpireTrialResponse(tenant_number=tenant_number_message(row))

    async def PurgeSandbox(
        self, request: test_mode_pb2.PurgeSandboxRequest, context: grpc.aio.ServicerContext
    ) -> test_mode_pb2.PurgeSandboxResponse:
        purged = await usecases.purge_sandbox(
            new_uow=self.new_uow,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
        )
        return test_mode_pb2.PurgeSandboxResponse(purged=purged)
