"""gRPC edge of delivery (DeliveryService): proto in, one use-case call, proto out."""

from __future__ import annotations

from typing import Any

import grpc
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import parse_uuid, require_uuid
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWorkFactory
from sautikit.routing.v1 import deliveries_pb2, deliveries_pb2_grpc
from services.routing.callbacks.invoke import invoke_voice_callback
from services.routing.deliveries import usecases
from services.routing.deliveries.clock import Clock
from services.routing.deliveries.secret_box import shown_secret
from services.routing.deliveries.sender import WebhookSender
from services.routing.deliveries.settings import DeliverySettings
from services.routing.deliveries.worker import DeliveryWorker

S = deliveries_pb2.DeliveryStatus
STATUS_TO_PROTO = {
    "pending": S.DELIVERY_STATUS_PENDING,
    "delivered": S.DELIVERY_STATUS_DELIVERED,
    "failed": S.DELIVERY_STATUS_FAILED,
    "skipped": S.DELIVERY_STATUS_SKIPPED,
}
STATUS_FROM_PROTO = {v: k for k, v in STATUS_TO_PROTO.items()}
MAX_STEP_TEXT = 256


def invalid(field: str, description: str) -> InvalidArgument:
    return InvalidArgument(
        f"{field} {description}", violations=[FieldViolation(field, description)]
    )


def delivery_proto(row: dict[str, Any], attempts: list[dict[str, Any]]) -> deliveries_pb2.Delivery:
    return deliveries_pb2.Delivery(
        id=str(row["id"]),
        workspace_id=str(row["workspace_id"]),
        tenant_number_id=str(row["tenant_number_id"]),
        e164=row["e164"],
        event_id=str(row["event_id"]),
        event_type=row["event_type"],
        url=row["url"] or "",
        status=STATUS_TO_PROTO[row["status"]],
        attempt_count=row["attempt_count"],
        next_attempt_at=to_timestamp(row["next_attempt_at"])
        if row["status"] == "pending"
        else None,
        created_at=to_timestamp(row["created_at"]),
        delivered_at=to_timestamp(row["delivered_at"]),
        attempts=[
            deliveries_pb2.DeliveryAttempt(
                attempted_at=to_timestamp(a["attempted_at"]),
                status_code=a["status_code"] or 0,
                latency_ms=a["latency_ms"],
                error=a["error"] or "",
                response_excerpt=a["response_excerpt"] or "",
            )
            for a in attempts
        ],
    )


def check_step(request: deliveries_pb2.InvokeVoiceCallbackRequest) -> None:
    if not request.e164.startswith("+") or not request.e164[1:].isdigit() or len(request.e164) > 16:
        raise invalid("e164", "must be an E.164 number")
    step = request.step
    if not step.call_id:
        raise invalid("step.call_id", "is required")
    for name in (
        "call_id",
        "from_number",
        "to_number",
        "direction",
        "step",
        "digits",
        "dial_status",
    ):
        if len(getattr(step, name)) > MAX_STEP_TEXT:
            raise invalid(f"step.{name}", f"must be at most {MAX_STEP_TEXT} characters")
    for name in ("recording_url", "url"):
        if len(getattr(step, name)) > 2048:
            raise invalid(f"step.{name}", "must be at most 2048 characters")


class DeliveryServicer(deliveries_pb2_grpc.DeliveryServiceServicer):
    def __init__(
        self,
        *,
        new_uow: UnitOfWorkFactory,
        engine: AsyncEngine,
        sender: WebhookSender,
        settings: DeliverySettings,
        clock: Clock,
        worker: DeliveryWorker,
    ) -> None:
        self.new_uow = new_uow
        self.engine = engine
        self.sender = sender
        self.settings = settings
        self.clock = clock
        self.worker = worker

    async def ListDeliveries(
        self, request: deliveries_pb2.ListDeliveriesRequest, context: grpc.aio.ServicerContext
    ) -> deliveries_pb2.ListDeliveriesResponse:
        if (
            request.status not in STATUS_FROM_PROTO
            and request.status != S.DELIVERY_STATUS_UNSPECIFIED
        ):
            raise invalid("status", "is not a delivery status")
        if not 0 <= request.limit <= usecases.MAX_PAGE:
            raise invalid("limit", f"must be between 1 and {usecases.MAX_PAGE}")
        page = await usecases.list_deliveries(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            tenant_number_id=require_uuid(request.tenant_number_id, "tenant_number_id"),
            status=STATUS_FROM_PROTO.get(request.status),
            limit=request.limit,
            cursor=request.cursor,
        )
        return deliveries_pb2.ListDeliveriesResponse(
            deliveries=[delivery_proto(row, page.attempts[row["id"]]) for row in page.deliveries],  # type: ignore[index]
            next_cursor=page.next_cursor,
        )

    async def RedeliverDelivery(
        self, request: deliveries_pb2.RedeliverDeliveryRequest, context: grpc.aio.ServicerContext
    ) -> deliveries_pb2.RedeliverDeliveryResponse:
        delivery_id = parse_uuid(request.delivery_id)
        if delivery_id is None:  # nobody's delivery, as any unknown id
            raise usecases.DeliveryNotFound("no such delivery")
        row, attempts = await usecases.redeliver(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            delivery_id=delivery_id,
            clock=self.clock,
            retry=self.settings.retry,
        )
        self.worker.wake()
        return deliveries_pb2.RedeliverDeliveryResponse(delivery=delivery_proto(row, attempts))

    async def RotateWebhookSecret(
        self, request: deliveries_pb2.RotateWebhookSecretRequest, context: grpc.aio.ServicerContext
    ) -> deliveries_pb2.RotateWebhookSecretResponse:
        rotation = await usecases.rotate_secret(
            uow=self.new_uow(),
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            clock=self.clock,
            box=self.settings.secret_box,
        )
        return deliveries_pb2.RotateWebhookSecretResponse(
            secret=shown_secret(rotation.secret),
            created_at=to_timestamp(rotation.created_at),
            previous_valid_until=to_timestamp(rotation.previous_valid_until),
        )

    async def InvokeVoiceCallback(
        self, request: deliveries_pb2.InvokeVoiceCallbackRequest, context: grpc.aio.ServicerContext
    ) -> deliveries_pb2.InvokeVoiceCallbackResponse:
        check_step(request)
        invocation = await invoke_voice_callback(
            engine=self.engine,
            sender=self.sender,
            settings=self.settings,
            clock=self.clock,
            e164=request.e164,
            step=request.step,
        )
        reply = deliveries_pb2.InvokeVoiceCallbackResponse(invocation_id=str(invocation.id))
        if invocation.failure is not None:
            reply.failure.CopyFrom(invocation.failure)
        else:
            reply.actions.actions.extend(invocation.actions)
        return reply
