"""Request and response models of number orders and requirements."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, Field, StrictStr, StringConstraints

from gateway.livemode import ApiObject
from gateway.routes import RequestBody
from platform_common.timestamps import from_timestamp, optional_time
from sautikit.inventory.v1 import orders_pb2


class OrderNumberType(StrEnum):
    mobile = "mobile"
    fixed_line = "fixed_line"
    toll_free = "toll_free"
    premium = "premium"


class OrderStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    in_review = "in_review"
    completed = "completed"
    rejected = "rejected"
    expired = "expired"
    cancelled = "cancelled"


STATUS_VALUES: dict[OrderStatus, Any] = {
    OrderStatus.draft: orders_pb2.NUMBER_ORDER_STATUS_DRAFT,
    OrderStatus.submitted: orders_pb2.NUMBER_ORDER_STATUS_SUBMITTED,
    OrderStatus.in_review: orders_pb2.NUMBER_ORDER_STATUS_IN_REVIEW,
    OrderStatus.completed: orders_pb2.NUMBER_ORDER_STATUS_COMPLETED,
    OrderStatus.rejected: orders_pb2.NUMBER_ORDER_STATUS_REJECTED,
    OrderStatus.expired: orders_pb2.NUMBER_ORDER_STATUS_EXPIRED,
    OrderStatus.cancelled: orders_pb2.NUMBER_ORDER_STATUS_CANCELLED,
}
_STATUS_NAMES = {v: k for k, v in STATUS_VALUES.items()}


class RegistrationFieldRule(BaseModel):
    name: str
    type: str = Field(description="text, or choice (one of allowed_values)")
    required: bool
    max_length: int
    pattern: str | None = Field(default=None, description="Regular expression of a whole value")
    allowed_values: list[str] | None = None
    description: str | None = None


class AttachmentRule(BaseModel):
    document_type: str = Field(examples=["certificate_of_incorporation"])
    required: bool
    allowed_content_types: list[str] = Field(examples=[["application/pdf", "image/png"]])
    max_bytes: int
    description: str | None = None


class RegistrationSetRule(BaseModel):
    name: str = Field(description="The registration_type to send: person, business ...")
    fields: list[RegistrationFieldRule]
    attachments: list[AttachmentRule]


class NumberRequirements(BaseModel):
    country: str = Field(examples=["KE"])
    number_type: OrderNumberType
    action: str = Field(examples=["purchase"])
    order_required: bool = Field(
        description="True: these numbers are sold only through POST /v1/number-orders"
    )
    version: int = Field(description="Version of the requirements document")
    max_attachments: int
    registration_sets: list[RegistrationSetRule]


class OrderAttachment(BaseModel):
    id: str
    document_type: str
    content_type: str = Field(description="The MIME type the content was verified to be")
    size_bytes: int
    created_at: datetime


class NumberOrder(ApiObject):
    id: str
    number_id: str
    e164: str
    number_type: str
    status: OrderStatus
    status_reason: str = Field(description="Reason code of the last transition")
    version: int = Field(description="Grows with every change; callbacks carry it")
    expires_at: datetime = Field(description="Until when the number is held for this order")
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    ended_at: datetime | None = None
    registration_type: str | None = None
    registration: dict[str, str] | None = Field(
        default=None,
        description="The registration values (personal data): in GET /v1/number-orders/{id} only",
    )
    registration_fields: list[str] = Field(description="Names of the fields that have a value")
    attachments: list[OrderAttachment]
    missing: list[str] = Field(
        description="What submit still needs: registration_type, registration.<field>, "
        "attachments.<document_type>"
    )
    reviewer_note: str | None = None
    tenant_number_id: str | None = Field(
        default=None, description="Once completed: GET /v1/numbers/{tenant_number_id}"
    )
    monthly_price_minor: int
    currency: str
    personal_data_erased: bool | None = None


class NumberOrdersPage(BaseModel):
    data: list[NumberOrder]
    next_cursor: str | None = None


Digits = Annotated[str, StringConstraints(pattern=r"^\+?[0-9]{1,15}$")]
FieldValue = Annotated[StrictStr, StringConstraints(max_length=2000)]
FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


class NewNumberOrder(RequestBody):
    number_id: Annotated[StrictStr, StringConstraints(min_length=1, max_length=64)] | None = Field(
        default=None, description="The number to order (from search)"
    )
    number_type: OrderNumberType | None = Field(
        default=None, description="Or criteria: the first available number of this type"
    )
    contains: Digits | None = Field(default=None, description="With number_type: digits")


class RegistrationUpdate(RequestBody):
    registration_type: Annotated[StrictStr, StringConstraints(max_length=64)] | None = Field(
        default=None, description="person, business ... (GET /v1/numbers/requirements)"
    )
    fields: dict[FieldName, FieldValue | None] = Field(
        default_factory=dict,
        max_length=50,
        description="Values to set (merged with earlier ones); null removes a value",
    )


def order_view(order: orders_pb2.NumberOrder, *, reveal: bool) -> NumberOrder:
    return NumberOrder(
        id=order.id,
        number_id=order.number_id,
        e164=order.e164,
        number_type=order.number_type,
        status=_STATUS_NAMES[order.status],
        status_reason=order.status_reason,
        version=order.version,
        expires_at=from_timestamp(order.expires_at),
        created_at=from_timestamp(order.created_at),
        updated_at=from_timestamp(order.updated_at),
        submitted_at=optional_time(order, "submitted_at"),
        ended_at=optional_time(order, "ended_at"),
        registration_type=order.registration_type or None,
        registration=dict(order.registration) if reveal else None,
        registration_fields=sorted(order.registration),
        attachments=[
            OrderAttachment(
                id=a.id,
                document_type=a.document_type,
                content_type=a.content_type,
                size_bytes=a.size_bytes,
                created_at=from_timestamp(a.created_at),
            )
            for a in order.attachments
        ],
        missing=list(order.missing),
        reviewer_note=order.reviewer_note or None,
        tenant_number_id=order.tenant_number_id or None,
        monthly_price_minor=order.monthly_price_minor,
        currency=order.currency,
        personal_data_erased=order.personal_data_erased or None,
    )


def requirements_view(found: orders_pb2.NumberRequirements) -> NumberRequirements:
    return NumberRequirements(
        country=found.country,
        number_type=OrderNumberType(found.number_type),
        action=found.action,
        order_required=found.order_required,
        version=found.version,
        max_attachments=found.max_attachments,
        registration_sets=[
            RegistrationSetRule(
                name=s.name,
                fields=[
                    RegistrationFieldRule(
                        name=f.name,
                        type=f.type,
                        required=f.required,
                        max_length=f.max_length,
                        pattern=f.pattern or None,
                        allowed_values=list(f.allowed_values) or None,
                        description=f.description or None,
                    )
                    for f in s.fields
                ],
                attachments=[
                    AttachmentRule(
                        document_type=d.document_type,
                        required=d.required,
                        allowed_content_types=list(d.allowed_content_types),
                        max_bytes=d.max_bytes,
                        description=d.description or None,
                    )
                    for d in s.attachments
                ],
            )
            for s in found.registration_sets
        ],
    )
