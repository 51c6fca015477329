"""gRPC edge of number orders (NumberOrderService): proto in, one use case, proto out."""

from __future__ import annotations

import re
import uuid
from typing import Any

import grpc

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import parse_uuid, require_uuid
from platform_common.timestamps import to_timestamp
from sautikit.inventory.v1 import orders_pb2, orders_pb2_grpc
from services.inventory.claims import ClaimSettings
from services.inventory.errors import NumberNotFound
from services.inventory.orders import registration, review, usecases
from services.inventory.orders.context import OrderContext
from services.inventory.orders.domain import OrderStatus
from services.inventory.orders.errors import OrderNotFound
from services.inventory.orders.repository import AttachmentRow
from services.inventory.orders.requirements import NUMBER_TYPES, Requirements
from services.inventory.orders.views import OrderView
from services.inventory.wallet_client import WalletPort

_STATUSES: dict[str, Any] = {
    OrderStatus.DRAFT: orders_pb2.NUMBER_ORDER_STATUS_DRAFT,
    OrderStatus.SUBMITTED: orders_pb2.NUMBER_ORDER_STATUS_SUBMITTED,
    OrderStatus.IN_REVIEW: orders_pb2.NUMBER_ORDER_STATUS_IN_REVIEW,
    OrderStatus.COMPLETED: orders_pb2.NUMBER_ORDER_STATUS_COMPLETED,
    OrderStatus.REJECTED: orders_pb2.NUMBER_ORDER_STATUS_REJECTED,
    OrderStatus.EXPIRED: orders_pb2.NUMBER_ORDER_STATUS_EXPIRED,
    OrderStatus.CANCELLED: orders_pb2.NUMBER_ORDER_STATUS_CANCELLED,
}
_STATUS_FILTERS = {value: OrderStatus(key) for key, value in _STATUSES.items()}
_DIGITS = re.compile(r"^\+?[0-9]{1,15}$")
MAX_FIELD_NAME = 64
MAX_FIELDS = 50


def _order_ref(value: str) -> uuid.UUID:
    parsed = parse_uuid(value)
    if parsed is None:
        raise OrderNotFound("no such order")
    return parsed


def _workspace(value: str) -> uuid.UUID | None:
    """Empty: the operator's view."""
    return require_uuid(value, "workspace_id") if value else None


def attachment_message(row: AttachmentRow) -> orders_pb2.OrderAttachment:
    return orders_pb2.OrderAttachment(
        id=str(row.id),
        document_type=row.document_type,
        content_type=row.content_type,
        size_bytes=row.size_bytes,
        created_at=to_timestamp(row.created_at),
    )


def order_message(view: OrderView) -> orders_pb2.NumberOrder:
    row = view.order
    return orders_pb2.NumberOrder(
        id=str(row.id),
        workspace_id=str(row.workspace_id),
        number_id=str(row.number_id),
        e164=row.e164,
        number_type=row.number_type,
        status=_STATUSES[OrderStatus(row.status)],
        status_reason=row.status_reason,
        expires_at=to_timestamp(row.expires_at),
        created_at=to_timestamp(row.created_at),
        updated_at=to_timestamp(row.updated_at),
        submitted_at=to_timestamp(row.submitted_at),
        ended_at=to_timestamp(row.ended_at),
        registration_type=row.registration_type or "",
        registration=view.registration,
        attachments=[attachment_message(a) for a in view.attachments],
        missing=view.missing,
        reviewer_note=row.reviewer_note or "",
        version=row.version,
        tenant_number_id=str(row.tenant_number_id or ""),
        monthly_price_minor=row.monthly_price_minor,
        currency=row.currency,
        requirements_version=row.requirements_version,
        personal_data_erased=row.erased_at is not None,
    )


def requirements_message(found: Requirements) -> orders_pb2.NumberRequirements:
    return orders_pb2.NumberRequirements(
        country=found.country,
        number_type=found.number_type,
        action=found.action,
        order_required=found.order_required,
        version=found.version,
        max_attachments=found.max_attachments,
        registration_sets=[
            orders_pb2.RegistrationSet(
                name=s.name,
                fields=[
                    orders_pb2.RegistrationField(
                        name=f.name,
                        type=f.type,
                        required=f.required,
                        max_length=f.max_length,
                        pattern=f.pattern,
                        allowed_values=list(f.allowed_values),
                        description=f.description,
                    )
                    for f in s.fields
                ],
                attachments=[
                    orders_pb2.AttachmentRequirement(
                        document_type=d.document_type,
                        required=d.required,
                        allowed_content_types=list(d.allowed_content_types),
                        max_bytes=d.max_bytes,
                        description=d.description,
                    )
                    for d in s.documents
                ],
            )
            for s in found.registration_sets
        ],
    )


def _number_type(value: str, field: str = "number_type") -> str:
    if value not in NUMBER_TYPES:
        raise InvalidArgument(
            f"{field} must be one of " + ", ".join(NUMBER_TYPES),
            violations=[FieldViolation(field, "must be one of " + ", ".join(NUMBER_TYPES))],
        )
    return value


class NumberOrderServicer(orders_pb2_grpc.NumberOrderServiceServicer):
    def __init__(
        self, ctx: OrderContext, *, wallet: WalletPort, claim_settings: ClaimSettings
    ) -> None:
        self.ctx = ctx
        self.wallet = wallet
        self.claim_settings = claim_settings

    async def GetNumberRequirements(
        self, request: orders_pb2.GetNumberRequirementsRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.GetNumberRequirementsResponse:
        country = request.country or "KE"
        number_type = _number_type(request.number_type)
        found = (await self.ctx.requirements.current()).find(country, number_type)
        if found is None:
            raise InvalidArgument(
                f"no requirements for {number_type} numbers in {country}",
                violations=[
                    FieldViolation("country", "must be a country and type that has requirements")
                ],
            )
        return orders_pb2.GetNumberRequirementsResponse(requirements=requirements_message(found))

    async def LoadOrderRequirements(
        self, request: orders_pb2.LoadOrderRequirementsRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.LoadOrderRequirementsResponse:
        catalogue = await self.ctx.requirements.load(request.document_json, source="operator")
        return orders_pb2.LoadOrderRequirementsResponse(
            version=catalogue.version, entries=len(catalogue.entries)
        )

    async def CreateNumberOrder(
        self, request: orders_pb2.CreateNumberOrderRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.CreateNumberOrderResponse:
        workspace_id = require_uuid(request.workspace_id, "workspace_id")
        number_id = None
        number_type = None
        if request.number_id:
            number_id = parse_uuid(request.number_id)
            if number_id is None:
                raise NumberNotFound("no such number")
        else:
            if not request.number_type:
                raise InvalidArgument(
                    "give number_id, or number_type (and contains)",
                    violations=[FieldViolation("number_id", "must be sent, or else number_type")],
                )
            number_type = _number_type(request.number_type)
            if request.contains and not _DIGITS.match(request.contains):
                raise InvalidArgument(
                    "contains must be 1 to 15 digits",
                    violations=[
                        FieldViolation("contains", "must be 1 to 15 digits, optionally after '+'")
                    ],
                )
        view = await usecases.create_order(
            self.ctx,
            workspace_id=workspace_id,
            number_id=number_id,
            number_type=number_type,
            contains=request.contains or None,
            livemode=request.livemode if request.HasField("livemode") else True,
        )
        return orders_pb2.CreateNumberOrderResponse(order=order_message(view))

    async def GetNumberOrder(
        self, request: orders_pb2.GetNumberOrderRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.GetNumberOrderResponse:
        view = await usecases.get_order(
            self.ctx,
            workspace_id=_workspace(request.workspace_id),
            order_id=_order_ref(request.order_id),
        )
        return orders_pb2.GetNumberOrderResponse(order=order_message(view))

    async def ListNumberOrders(
        self, request: orders_pb2.ListNumberOrdersRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.ListNumberOrdersResponse:
        if request.status and request.status not in _STATUS_FILTERS:
            raise InvalidArgument(
                "status is not a known value",
                violations=[FieldViolation("status", "must be one of the documented values")],
            )
        page = await usecases.list_orders(
            self.ctx,
            workspace_id=_workspace(request.workspace_id),
            status=_STATUS_FILTERS.get(request.status),
            limit=request.limit,
            cursor=request.cursor,
        )
        return orders_pb2.ListNumberOrdersResponse(
            orders=[order_message(v) for v in page.orders], next_cursor=page.next_cursor or ""
        )

    async def UpdateOrderRegistration(
        self,
        request: orders_pb2.UpdateOrderRegistrationRequest,
        context: grpc.aio.ServicerContext,
    ) -> orders_pb2.UpdateOrderRegistrationResponse:
        if len(request.fields) > MAX_FIELDS or any(
            len(name) > MAX_FIELD_NAME for name in request.fields
        ):
            raise InvalidArgument(
                "too many fields or a field name too long",
                violations=[
                    FieldViolation("registration", f"must hold at most {MAX_FIELDS} fields")
                ],
            )
        view = await registration.update_registration(
            self.ctx,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            order_id=_order_ref(request.order_id),
            registration_type=request.registration_type,
            fields=dict(request.fields),
        )
        return orders_pb2.UpdateOrderRegistrationResponse(order=order_message(view))

    async def AddOrderAttachment(
        self, request: orders_pb2.AddOrderAttachmentRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.AddOrderAttachmentResponse:
        attachment, view = await registration.add_attachment(
            self.ctx,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            order_id=_order_ref(request.order_id),
            document_type=request.document_type,
            content_type=request.content_type,
            content=request.content,
        )
        return orders_pb2.AddOrderAttachmentResponse(
            attachment=attachment_message(attachment), order=order_message(view)
        )

    async def SubmitNumberOrder(
        self, request: orders_pb2.SubmitNumberOrderRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.SubmitNumberOrderResponse:
        view = await usecases.submit_order(
            self.ctx,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            order_id=_order_ref(request.order_id),
        )
        return orders_pb2.SubmitNumberOrderResponse(order=order_message(view))

    async def CancelNumberOrder(
        self, request: orders_pb2.CancelNumberOrderRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.CancelNumberOrderResponse:
        view = await usecases.cancel_order(
            self.ctx,
            workspace_id=require_uuid(request.workspace_id, "workspace_id"),
            order_id=_order_ref(request.order_id),
        )
        return orders_pb2.CancelNumberOrderResponse(order=order_message(view))

    async def ApproveNumberOrder(
        self, request: orders_pb2.ApproveNumberOrderRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.ApproveNumberOrderResponse:
        approval = await review.approve_order(
            self.ctx,
            wallet=self.wallet,
            claim_settings=self.claim_settings,
            order_id=_order_ref(request.order_id),
            note=request.note,
        )
        return orders_pb2.ApproveNumberOrderResponse(
            order=order_message(approval.order),
            ledger_entry_id=str(approval.ledger_entry_id or ""),
        )

    async def RejectNumberOrder(
        self, request: orders_pb2.RejectNumberOrderRequest, context: grpc.aio.ServicerContext
    ) -> orders_pb2.RejectNumberOrderResponse:
        view = await review.reject_order(
            self.ctx,
            order_id=_order_ref(request.order_id),
            reason=request.reason,
            note=request.note,
        )
        return orders_pb2.RejectNumberOrderResponse(order=order_message(view))
