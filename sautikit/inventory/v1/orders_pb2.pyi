import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NumberOrderStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NUMBER_ORDER_STATUS_UNSPECIFIED: _ClassVar[NumberOrderStatus]
    NUMBER_ORDER_STATUS_DRAFT: _ClassVar[NumberOrderStatus]
    NUMBER_ORDER_STATUS_SUBMITTED: _ClassVar[NumberOrderStatus]
    NUMBER_ORDER_STATUS_IN_REVIEW: _ClassVar[NumberOrderStatus]
    NUMBER_ORDER_STATUS_COMPLETED: _ClassVar[NumberOrderStatus]
    NUMBER_ORDER_STATUS_REJECTED: _ClassVar[NumberOrderStatus]
    NUMBER_ORDER_STATUS_EXPIRED: _ClassVar[NumberOrderStatus]
    NUMBER_ORDER_STATUS_CANCELLED: _ClassVar[NumberOrderStatus]
NUMBER_ORDER_STATUS_UNSPECIFIED: NumberOrderStatus
NUMBER_ORDER_STATUS_DRAFT: NumberOrderStatus
NUMBER_ORDER_STATUS_SUBMITTED: NumberOrderStatus
NUMBER_ORDER_STATUS_IN_REVIEW: NumberOrderStatus
NUMBER_ORDER_STATUS_COMPLETED: NumberOrderStatus
NUMBER_ORDER_STATUS_REJECTED: NumberOrderStatus
NUMBER_ORDER_STATUS_EXPIRED: NumberOrderStatus
NUMBER_ORDER_STATUS_CANCELLED: NumberOrderStatus

class RegistrationField(_message.Message):
    __slots__ = ("name", "type", "required", "max_length", "pattern", "allowed_values", "description")
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    MAX_LENGTH_FIELD_NUMBER: _ClassVar[int]
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_VALUES_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: str
    required: bool
    max_length: int
    pattern: str
    allowed_values: _containers.RepeatedScalarFieldContainer[str]
    description: str
    def __init__(self, name: _Optional[str] = ..., type: _Optional[str] = ..., required: _Optional[bool] = ..., max_length: _Optional[int] = ..., pattern: _Optional[str] = ..., allowed_values: _Optional[_Iterable[str]] = ..., description: _Optional[str] = ...) -> None: ...

class AttachmentRequirement(_message.Message):
    __slots__ = ("document_type", "required", "allowed_content_types", "max_bytes", "description")
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_CONTENT_TYPES_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    document_type: str
    required: bool
    allowed_content_types: _containers.RepeatedScalarFieldContainer[str]
    max_bytes: int
    description: str
    def __init__(self, document_type: _Optional[str] = ..., required: _Optional[bool] = ..., allowed_content_types: _Optional[_Iterable[str]] = ..., max_bytes: _Optional[int] = ..., description: _Optional[str] = ...) -> None: ...

class RegistrationSet(_message.Message):
    __slots__ = ("name", "fields", "attachments")
    NAME_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    fields: _containers.RepeatedCompositeFieldContainer[RegistrationField]
    attachments: _containers.RepeatedCompositeFieldContainer[AttachmentRequirement]
    def __init__(self, name: _Optional[str] = ..., fields: _Optional[_Iterable[_Union[RegistrationField, _Mapping]]] = ..., attachments: _Optional[_Iterable[_Union[AttachmentRequirement, _Mapping]]] = ...) -> None: ...

class NumberRequirements(_message.Message):
    __slots__ = ("country", "number_type", "action", "order_required", "version", "registration_sets", "max_attachments")
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    NUMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ORDER_REQUIRED_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_SETS_FIELD_NUMBER: _ClassVar[int]
    MAX_ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    country: str
    number_type: str
    action: str
    order_required: bool
    version: int
    registration_sets: _containers.RepeatedCompositeFieldContainer[RegistrationSet]
    max_attachments: int
    def __init__(self, country: _Optional[str] = ..., number_type: _Optional[str] = ..., action: _Optional[str] = ..., order_required: _Optional[bool] = ..., version: _Optional[int] = ..., registration_sets: _Optional[_Iterable[_Union[RegistrationSet, _Mapping]]] = ..., max_attachments: _Optional[int] = ...) -> None: ...

class GetNumberRequirementsRequest(_message.Message):
    __slots__ = ("country", "number_type")
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    NUMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    country: str
    number_type: str
    def __init__(self, country: _Optional[str] = ..., number_type: _Optional[str] = ...) -> None: ...

class GetNumberRequirementsResponse(_message.Message):
    __slots__ = ("requirements",)
    REQUIREMENTS_FIELD_NUMBER: _ClassVar[int]
    requirements: NumberRequirements
    def __init__(self, requirements: _Optional[_Union[NumberRequirements, _Mapping]] = ...) -> None: ...

class LoadOrderRequirementsRequest(_message.Message):
    __slots__ = ("document_json",)
    DOCUMENT_JSON_FIELD_NUMBER: _ClassVar[int]
    document_json: str
    def __init__(self, document_json: _Optional[str] = ...) -> None: ...

class LoadOrderRequirementsResponse(_message.Message):
    __slots__ = ("version", "entries")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    version: int
    entries: int
    def __init__(self, version: _Optional[int] = ..., entries: _Optional[int] = ...) -> None: ...

class OrderAttachment(_message.Message):
    __slots__ = ("id", "document_type", "content_type", "size_bytes", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    document_type: str
    content_type: str
    size_bytes: int
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., document_type: _Optional[str] = ..., content_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class NumberOrder(_message.Message):
    __slots__ = ("id", "workspace_id", "number_id", "e164", "number_type", "status", "status_reason", "expires_at", "created_at", "updated_at", "submitted_at", "ended_at", "registration_type", "registration", "attachments", "missing", "reviewer_note", "version", "tenant_number_id", "monthly_price_minor", "currency", "requirements_version", "personal_data_erased")
    class RegistrationEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    NUMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_REASON_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    ATTACHMENTS_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_NOTE_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    REQUIREMENTS_VERSION_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_DATA_ERASED_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    number_id: str
    e164: str
    number_type: str
    status: NumberOrderStatus
    status_reason: str
    expires_at: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    submitted_at: _timestamp_pb2.Timestamp
    ended_at: _timestamp_pb2.Timestamp
    registration_type: str
    registration: _containers.ScalarMap[str, str]
    attachments: _containers.RepeatedCompositeFieldContainer[OrderAttachment]
    missing: _containers.RepeatedScalarFieldContainer[str]
    reviewer_note: str
    version: int
    tenant_number_id: str
    monthly_price_minor: int
    currency: str
    requirements_version: int
    personal_data_erased: bool
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., number_id: _Optional[str] = ..., e164: _Optional[str] = ..., number_type: _Optional[str] = ..., status: _Optional[_Union[NumberOrderStatus, str]] = ..., status_reason: _Optional[str] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., submitted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., registration_type: _Optional[str] = ..., registration: _Optional[_Mapping[str, str]] = ..., attachments: _Optional[_Iterable[_Union[OrderAttachment, _Mapping]]] = ..., missing: _Optional[_Iterable[str]] = ..., reviewer_note: _Optional[str] = ..., version: _Optional[int] = ..., tenant_number_id: _Optional[str] = ..., monthly_price_minor: _Optional[int] = ..., currency: _Optional[str] = ..., requirements_version: _Optional[int] = ..., personal_data_erased: _Optional[bool] = ...) -> None: ...

class CreateNumberOrderRequest(_message.Message):
    __slots__ = ("workspace_id", "number_id", "number_type", "contains", "livemode")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTAINS_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    number_id: str
    number_type: str
    contains: str
    livemode: bool
    def __init__(self, workspace_id: _Optional[str] = ..., number_id: _Optional[str] = ..., number_type: _Optional[str] = ..., contains: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class CreateNumberOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: NumberOrder
    def __init__(self, order: _Optional[_Union[NumberOrder, _Mapping]] = ...) -> None: ...

class GetNumberOrderRequest(_message.Message):
    __slots__ = ("workspace_id", "order_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    order_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., order_id: _Optional[str] = ...) -> None: ...

class GetNumberOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: NumberOrder
    def __init__(self, order: _Optional[_Union[NumberOrder, _Mapping]] = ...) -> None: ...

class ListNumberOrdersRequest(_message.Message):
    __slots__ = ("workspace_id", "status", "limit", "cursor")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    status: NumberOrderStatus
    limit: int
    cursor: str
    def __init__(self, workspace_id: _Optional[str] = ..., status: _Optional[_Union[NumberOrderStatus, str]] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListNumberOrdersResponse(_message.Message):
    __slots__ = ("orders", "next_cursor")
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    orders: _containers.RepeatedCompositeFieldContainer[NumberOrder]
    next_cursor: str
    def __init__(self, orders: _Optional[_Iterable[_Union[NumberOrder, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class UpdateOrderRegistrationRequest(_message.Message):
    __slots__ = ("workspace_id", "order_id", "registration_type", "fields")
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    REGISTRATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    order_id: str
    registration_type: str
    fields: _containers.ScalarMap[str, str]
    def __init__(self, workspace_id: _Optional[str] = ..., order_id: _Optional[str] = ..., registration_type: _Optional[str] = ..., fields: _Optional[_Mapping[str, str]] = ...) -> None: ...

class UpdateOrderRegistrationResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: NumberOrder
    def __init__(self, order: _Optional[_Union[NumberOrder, _Mapping]] = ...) -> None: ...

class AddOrderAttachmentRequest(_message.Message):
    __slots__ = ("workspace_id", "order_id", "document_type", "content_type", "content")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    order_id: str
    document_type: str
    content_type: str
    content: bytes
    def __init__(self, workspace_id: _Optional[str] = ..., order_id: _Optional[str] = ..., document_type: _Optional[str] = ..., content_type: _Optional[str] = ..., content: _Optional[bytes] = ...) -> None: ...

class AddOrderAttachmentResponse(_message.Message):
    __slots__ = ("attachment", "order")
    ATTACHMENT_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    attachment: OrderAttachment
    order: NumberOrder
    def __init__(self, attachment: _Optional[_Union[OrderAttachment, _Mapping]] = ..., order: _Optional[_Union[NumberOrder, _Mapping]] = ...) -> None: ...

class SubmitNumberOrderRequest(_message.Message):
    __slots__ = ("workspace_id", "order_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    order_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., order_id: _Optional[str] = ...) -> None: ...

class SubmitNumberOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: NumberOrder
    def __init__(self, order: _Optional[_Union[NumberOrder, _Mapping]] = ...) -> None: ...

class CancelNumberOrderRequest(_message.Message):
    __slots__ = ("workspace_id", "order_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    order_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., order_id: _Optional[str] = ...) -> None: ...

class CancelNumberOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: NumberOrder
    def __init__(self, order: _Optional[_Union[NumberOrder, _Mapping]] = ...) -> None: ...

class ApproveNumberOrderRequest(_message.Message):
    __slots__ = ("order_id", "note")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    note: str
    def __init__(self, order_id: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class ApproveNumberOrderResponse(_message.Message):
    __slots__ = ("order", "ledger_entry_id")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    LEDGER_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    order: NumberOrder
    ledger_entry_id: str
    def __init__(self, order: _Optional[_Union[NumberOrder, _Mapping]] = ..., ledger_entry_id: _Optional[str] = ...) -> None: ...

class RejectNumberOrderRequest(_message.Message):
    __slots__ = ("order_id", "reason", "note")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    NOTE_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    reason: str
    note: str
    def __init__(self, order_id: _Optional[str] = ..., reason: _Optional[str] = ..., note: _Optional[str] = ...) -> None: ...

class RejectNumberOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: NumberOrder
    def __init__(self, order: _Optional[_Union[NumberOrder, _Mapping]] = ...) -> None: ...
