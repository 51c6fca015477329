import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TopupStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TOPUP_STATUS_UNSPECIFIED: _ClassVar[TopupStatus]
    TOPUP_STATUS_PENDING: _ClassVar[TopupStatus]
    TOPUP_STATUS_SUCCEEDED: _ClassVar[TopupStatus]
    TOPUP_STATUS_FAILED: _ClassVar[TopupStatus]
TOPUP_STATUS_UNSPECIFIED: TopupStatus
TOPUP_STATUS_PENDING: TopupStatus
TOPUP_STATUS_SUCCEEDED: TopupStatus
TOPUP_STATUS_FAILED: TopupStatus

class Topup(_message.Message):
    __slots__ = ("id", "workspace_id", "status", "amount_minor", "currency", "phone_masked", "checkout_request_id", "result_code", "result_description", "mpesa_receipt_number", "created_at", "completed_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    PHONE_MASKED_FIELD_NUMBER: _ClassVar[int]
    CHECKOUT_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    RESULT_CODE_FIELD_NUMBER: _ClassVar[int]
    RESULT_DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    MPESA_RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    status: TopupStatus
    amount_minor: int
    currency: str
    phone_masked: str
    checkout_request_id: str
    result_code: int
    result_description: str
    mpesa_receipt_number: str
    created_at: _timestamp_pb2.Timestamp
    completed_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., status: _Optional[_Union[TopupStatus, str]] = ..., amount_minor: _Optional[int] = ..., currency: _Optional[str] = ..., phone_masked: _Optional[str] = ..., checkout_request_id: _Optional[str] = ..., result_code: _Optional[int] = ..., result_description: _Optional[str] = ..., mpesa_receipt_number: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class StartTopupRequest(_message.Message):
    __slots__ = ("workspace_id", "amount_minor", "phone", "livemode")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    amount_minor: int
    phone: str
    livemode: bool
    def __init__(self, workspace_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., phone: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class StartTopupResponse(_message.Message):
    __slots__ = ("topup",)
    TOPUP_FIELD_NUMBER: _ClassVar[int]
    topup: Topup
    def __init__(self, topup: _Optional[_Union[Topup, _Mapping]] = ...) -> None: ...

class GetTopupRequest(_message.Message):
    __slots__ = ("workspace_id", "topup_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TOPUP_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    topup_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., topup_id: _Optional[str] = ...) -> None: ...

class GetTopupResponse(_message.Message):
    __slots__ = ("topup",)
    TOPUP_FIELD_NUMBER: _ClassVar[int]
    topup: Topup
    def __init__(self, topup: _Optional[_Union[Topup, _Mapping]] = ...) -> None: ...

class ListTopupsRequest(_message.Message):
    __slots__ = ("workspace_id", "limit", "cursor")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    limit: int
    cursor: str
    def __init__(self, workspace_id: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListTopupsResponse(_message.Message):
    __slots__ = ("topups", "next_cursor")
    TOPUPS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    topups: _containers.RepeatedCompositeFieldContainer[Topup]
    next_cursor: str
    def __init__(self, topups: _Optional[_Iterable[_Union[Topup, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class ReceiveTopupCallbackRequest(_message.Message):
    __slots__ = ("callback_token", "body")
    CALLBACK_TOKEN_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    callback_token: str
    body: bytes
    def __init__(self, callback_token: _Optional[str] = ..., body: _Optional[bytes] = ...) -> None: ...

class ReceiveTopupCallbackResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
