"""gRPC edge of M-Pesa top-ups: proto in, one use-case call, proto out."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from typing import Any

import grpc

from platform_common.ids import require_uuid
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.wallet.v1 import topups_pb2, topups_pb2_grpc
from services.wallet.domain import page_limit
from services.wallet.sandbox import open_if_sandbox
from services.wallet.topups import usecases
from services.wallet.topups.daraja_modes import DarajaByMode
from services.wallet.topups.domain import (
    MpesaUnavailable,
    Topup,
    TopupCursor,
    TopupLimits,
    TopupNotFound,
    TopupRequest,
    TopupStatus,
    require_topup_id,
)
from services.wallet.topups.reconciler import TopupReconciler
from services.wallet.topups.settings import TopupSettings

_STATUSES: dict[TopupStatus, Any] = {
    TopupStatus.PENDING: topups_pb2.TOPUP_STATUS_PENDING,
    TopupStatus.SUCCEEDED: topups_pb2.TOPUP_STATUS_SUCCEEDED,
    TopupStatus.FAILED: topups_pb2.TOPUP_STATUS_FAILED,
}
# Callback tokens are 43 characters; anything far longer is not one of ours.
MAX_CALLBACK_TOKEN = 128


class TopupServicer(topups_pb2_grpc.TopupServiceServicer):
    def __init__(
        self,
        *,
        new_uow: UnitOfWorkFactory,
        clock: Callable[[], datetime],
        settings: TopupSettings | None,
        daraja: DarajaByMode | None,
        reconciler: TopupReconciler | None,
    ) -> None:
        self.new_uow = new_uow
        self.clock = clock
        self.settings = settings
        self.daraja = daraja
        self.reconciler = reconciler

    async def StartTopup(
        self, request: topups_pb2.StartTopupRequest, context: grpc.aio.ServicerContext
    ) -> topups_pb2.StartTopupResponse:
        # Bad input is the caller's to fix whatever our configuration: validate first (with
        # the default limits when M-Pesa is not configured), then say M-Pesa is unavailable.
        parsed = TopupRequest.parse(
            workspace_id=request.workspace_id,
            amount_minor=request.amount_minor,
            phone=request.phone,
            limits=self.settings.limits if self.settings is not None else TopupLimits(),
        )
        if self.settings is None or self.daraja is None:
            raise MpesaUnavailable("M-Pesa top-ups are not configured (DARAJA_BASE_URL)")
        livemode = request.livemode if request.HasField("livemode") else True
        parsed = dataclasses.replace(parsed, livemode=livemode)
        await open_if_sandbox(self.new_uow, parsed.workspace_id, livemode)
        topup = await usecases.start_topup(
            uow=self.new_uow(),
            daraja=self.daraja,
            settings=self.settings,
            request=parsed,
            now=self.clock(),
        )
        return topups_pb2.StartTopupResponse(topup=topup_out(topup))

    async def GetTopup(
        self, request: topups_pb2.GetTopupRequest, context: grpc.aio.ServicerContext
    ) -> topups_pb2.GetTopupResponse:
        topup = await usecases.get_topup(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            topup_id=require_topup_id(request.topup_id),
        )
        return topups_pb2.GetTopupResponse(topup=topup_out(topup))

    async def ListTopups(
        self, request: topups_pb2.ListTopupsRequest, context: grpc.aio.ServicerContext
    ) -> topups_pb2.ListTopupsResponse:
        page, next_cursor = await usecases.list_topups(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            limit=page_limit(request.limit),
            cursor=TopupCursor.decode(request.cursor),
        )
        return topups_pb2.ListTopupsResponse(
            topups=[topup_out(t) for t in page],
            next_cursor=next_cursor.encode() if next_cursor else "",
        )

    async def ReceiveTopupCallback(
        self, request: topups_pb2.ReceiveTopupCallbackRequest, context: grpc.aio.ServicerContext
    ) -> topups_pb2.ReceiveTopupCallbackResponse:
        if not request.callback_token or len(request.callback_token) > MAX_CALLBACK_TOKEN:
            raise TopupNotFound("no top-up has this callback token")
        to_confirm = await usecases.receive_callback(
            uow=self.new_uow(),
            callback_token=request.callback_token,
            body=request.body,
            now=self.clock(),
        )
        if to_confirm is not None and self.reconciler is not None:
            self.reconciler.confirm_soon(to_confirm.id)
        return topups_pb2.ReceiveTopupCallbackResponse()


def topup_out(topup: Topup) -> topups_pb2.Topup:
    message = topups_pb2.Topup(
        id=str(topup.id),
        workspace_id=str(topup.workspace_id),
        status=_STATUSES[topup.status],
        amount_minor=topup.amount_minor,
        currency=topup.currency,
        phone_masked=topup.phone_masked,
        checkout_request_id=topup.checkout_request_id or "",
        result_description=topup.result_description or "",
        mpesa_receipt_number=topup.mpesa_receipt_number or "",
        created_at=to_timestamp(topup.created_at),
        completed_at=to_timestamp(topup.completed_at),
    )
    if topup.result_code is not None:
        message.result_code = topup.result_code
    return message
