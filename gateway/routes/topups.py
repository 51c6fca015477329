"""M-Pesa top-ups: POST/GET /v1/wallet/topups for customers, and the unauthenticated Daraja
callback route, whose only credential is the unguessable token in its path."""

from __future__ import annotations

import logging
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, StrictInt, StrictStr

from gateway.auth import Authenticated
from gateway.clients import Upstreams
from gateway.idempotency import Idempotent
from gateway.livemode import ApiObject
from gateway.routes import PublicRouter, RequestBody
from platform_common.errors import RemoteError
from platform_common.timestamps import from_timestamp, optional_time
from sautikit.wallet.v1 import topups_pb2

log = logging.getLogger(__name__)

router = PublicRouter(prefix="/v1/wallet/topups", tags=["topups"])
callbacks_router = PublicRouter(prefix="/v1/mpesa", include_in_schema=False)

# Daraja's callbacks are a few hundred bytes; anything much larger is not one.
MAX_CALLBACK_BYTES = 16 * 1024
# What Daraja expects back; any other answer makes no difference to the payment.
CALLBACK_ACCEPTED = {"ResultCode": 0, "ResultDesc": "Accepted"}


class TopupStatus(StrEnum):
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"


_STATUS_NAMES: dict[Any, TopupStatus] = {
    topups_pb2.TOPUP_STATUS_PENDING: TopupStatus.pending,
    topups_pb2.TOPUP_STATUS_SUCCEEDED: TopupStatus.succeeded,
    topups_pb2.TOPUP_STATUS_FAILED: TopupStatus.failed,
}


class NewTopup(RequestBody):
    amount_minor: StrictInt = Field(
        gt=0,
        # Far above the configured limit; keeps absurd numbers from reaching protobuf's int64.
        le=10**15,
        description="Whole shillings in minor units (a multiple of 100): 100 .. 25,000,000",
        examples=[50000],
    )
    phone: StrictStr = Field(
        max_length=32,
        description="The paying M-Pesa phone: 2547XXXXXXXX, +2547..., 07..., 01...",
        examples=["254708374149"],
    )


class Topup(ApiObject):
    id: str
    status: TopupStatus
    amount_minor: int
    currency: str = Field(examples=["KES"])
    phone: str = Field(description="The paying phone, masked", examples=["2547****149"])
    checkout_request_id: str | None = Field(
        default=None, description="Daraja's CheckoutRequestID of the STK push"
    )
    result_code: int | None = Field(
        default=None,
        description="Daraja's ResultCode once settled: 0 success, 1 insufficient M-Pesa "
        "balance, 1032 cancelled, 1037 phone unreachable, 2001 wrong PIN, ...",
    )
    result_description: str | None = None
    mpesa_receipt_number: str | None = None
    created_at: datetime
    completed_at: datetime | None = None


class TopupsPage(BaseModel):
    data: list[Topup]
    next_cursor: str | None = None


def topup_view(topup: topups_pb2.Topup) -> Topup:
    return Topup(
        id=topup.id,
        status=_STATUS_NAMES.get(topup.status, TopupStatus.pending),
        amount_minor=topup.amount_minor,
        currency=topup.currency,
        phone=topup.phone_masked,
        checkout_request_id=topup.checkout_request_id or None,
        result_code=topup.result_code if topup.HasField("result_code") else None,
        result_description=topup.result_description or None,
        mpesa_receipt_number=topup.mpesa_receipt_number or None,
        created_at=from_timestamp(topup.created_at),
        completed_at=optional_time(topup, "completed_at"),
    )


@router.post(
    "",
    response_model=Topup,
    status_code=202,
    dependencies=[Idempotent],
    operation_id="createTopup",
    summary="Top up the wallet with M-Pesa: sends a payment prompt (STK push) to the phone",
    responses={
        400: {"description": "validation_failed: amount_minor or phone"},
        502: {"description": "mpesa_request_failed: M-Pesa refused the payment request"},
        503: {"description": "mpesa_unavailable: M-Pesa could not be reached"},
    },
)
async def create_topup(request: Request, principal: Authenticated, body: NewTopup) -> Topup:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.topups.StartTopup,
        topups_pb2.StartTopupRequest(
            workspace_id=str(principal.workspace_id),
            amount_minor=body.amount_minor,
            phone=body.phone,
            livemode=principal.livemode,
        ),
        # The STK push is a call to M-Pesa: allow it Daraja's own timeout.
        deadline_seconds=max(upstreams.timeout_seconds, 15.0),
    )
    return topup_view(reply.topup)


@router.get(
    "", response_model=TopupsPage, operation_id="listTopups", summary="Top-ups, newest first"
)
async def list_topups(
    request: Request,
    principal: Authenticated,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(min_length=1, max_length=512)] = None,
) -> TopupsPage:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.topups.ListTopups,
        topups_pb2.ListTopupsRequest(
            workspace_id=str(principal.workspace_id), limit=limit, cursor=cursor or ""
        ),
    )
    return TopupsPage(
        data=[topup_view(t) for t in reply.topups], next_cursor=reply.next_cursor or None
    )


@router.get(
    "/{id}",
    response_model=Topup,
    operation_id="getTopup",
    summary="One top-up",
    responses={404: {"description": "topup_not_found"}},
)
async def get_topup(
    request: Request,
    principal: Authenticated,
    id: Annotated[str, Path(max_length=64)],
) -> Topup:
    upstreams: Upstreams = request.app.state.upstreams
    reply = await upstreams.call(
        upstreams.topups.GetTopup,
        topups_pb2.GetTopupRequest(workspace_id=str(principal.workspace_id), topup_id=id),
    )
    return topup_view(reply.topup)


@callbacks_router.post("/callbacks/{token}")
async def receive_mpesa_callback(
    request: Request, token: Annotated[str, Path(max_length=128)]
) -> JSONResponse:
    """Daraja's STK callback: handed to the wallet as received, answered at once. The wallet
    only records it here; the query and any credit happen after this answer."""
    upstreams: Upstreams = request.app.state.upstreams
    body = await request.body()
    try:
        await upstreams.call(
            upstreams.topups.ReceiveTopupCallback,
            topups_pb2.ReceiveTopupCallbackRequest(
                callback_token=token, body=body[:MAX_CALLBACK_BYTES]
            ),
        )
    except RemoteError as error:
        if error.reason == "topup_not_found":
            return JSONResponse(
                {"ResultCode": 1, "ResultDesc": "Unknown callback URL"}, status_code=404
            )
        # The reconciler settles the top-up by query whatever happens to this callback.
        log.warning("mpesa callback not recorded", extra={"reason": error.reason})
        return JSONResponse({"ResultCode": 1, "ResultDesc": "Try again"}, status_code=503)
    return JSONResponse(CALLBACK_ACCEPTED)
