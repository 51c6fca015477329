import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from sautikit.events.v1 import calls_pb2 as _calls_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CallRefusalReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CALL_REFUSAL_REASON_UNSPECIFIED: _ClassVar[CallRefusalReason]
    CALL_REFUSAL_REASON_INSUFFICIENT_FUNDS: _ClassVar[CallRefusalReason]
    CALL_REFUSAL_REASON_NUMBER_SUSPENDED: _ClassVar[CallRefusalReason]
    CALL_REFUSAL_REASON_NUMBER_DISABLED: _ClassVar[CallRefusalReason]
    CALL_REFUSAL_REASON_DIRECTION_NOT_ALLOWED: _ClassVar[CallRefusalReason]
    CALL_REFUSAL_REASON_TEST_NUMBER_ON_LIVE_EDGE: _ClassVar[CallRefusalReason]
    CALL_REFUSAL_REASON_LIVE_NUMBER_IN_TEST_MODE: _ClassVar[CallRefusalReason]

class CallStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CALL_STATUS_UNSPECIFIED: _ClassVar[CallStatus]
    CALL_STATUS_AUTHORIZED: _ClassVar[CallStatus]
    CALL_STATUS_COMPLETED: _ClassVar[CallStatus]
    CALL_STATUS_FAILED: _ClassVar[CallStatus]
    CALL_STATUS_EXPIRED: _ClassVar[CallStatus]
    CALL_STATUS_REFUSED: _ClassVar[CallStatus]
CALL_REFUSAL_REASON_UNSPECIFIED: CallRefusalReason
CALL_REFUSAL_REASON_INSUFFICIENT_FUNDS: CallRefusalReason
CALL_REFUSAL_REASON_NUMBER_SUSPENDED: CallRefusalReason
CALL_REFUSAL_REASON_NUMBER_DISABLED: CallRefusalReason
CALL_REFUSAL_REASON_DIRECTION_NOT_ALLOWED: CallRefusalReason
CALL_REFUSAL_REASON_TEST_NUMBER_ON_LIVE_EDGE: CallRefusalReason
CALL_REFUSAL_REASON_LIVE_NUMBER_IN_TEST_MODE: CallRefusalReason
CALL_STATUS_UNSPECIFIED: CallStatus
CALL_STATUS_AUTHORIZED: CallStatus
CALL_STATUS_COMPLETED: CallStatus
CALL_STATUS_FAILED: CallStatus
CALL_STATUS_EXPIRED: CallStatus
CALL_STATUS_REFUSED: CallStatus

class AuthorizeCallRequest(_message.Message):
    __slots__ = ("call_id", "e164", "direction", "from_number", "to_number", "simulated")
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    FROM_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TO_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SIMULATED_FIELD_NUMBER: _ClassVar[int]
    call_id: str
    e164: str
    direction: _calls_pb2.CallDirection
    from_number: str
    to_number: str
    simulated: bool
    def __init__(self, call_id: _Optional[str] = ..., e164: _Optional[str] = ..., direction: _Optional[_Union[_calls_pb2.CallDirection, str]] = ..., from_number: _Optional[str] = ..., to_number: _Optional[str] = ..., simulated: _Optional[bool] = ...) -> None: ...

class AuthorizeCallResponse(_message.Message):
    __slots__ = ("allowed", "refusal_reason", "max_duration_seconds", "reserved_minor", "rate_per_min_minor", "currency", "call", "replayed")
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_REASON_FIELD_NUMBER: _ClassVar[int]
    MAX_DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    RESERVED_MINOR_FIELD_NUMBER: _ClassVar[int]
    RATE_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    CALL_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    allowed: bool
    refusal_reason: CallRefusalReason
    max_duration_seconds: int
    reserved_minor: int
    rate_per_min_minor: int
    currency: str
    call: Call
    replayed: bool
    def __init__(self, allowed: _Optional[bool] = ..., refusal_reason: _Optional[_Union[CallRefusalReason, str]] = ..., max_duration_seconds: _Optional[int] = ..., reserved_minor: _Optional[int] = ..., rate_per_min_minor: _Optional[int] = ..., currency: _Optional[str] = ..., call: _Optional[_Union[Call, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class ExtendCallRequest(_message.Message):
    __slots__ = ("call_id",)
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    call_id: str
    def __init__(self, call_id: _Optional[str] = ...) -> None: ...

class ExtendCallResponse(_message.Message):
    __slots__ = ("allowed", "refusal_reason", "max_duration_seconds", "reserved_minor", "call")
    ALLOWED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_REASON_FIELD_NUMBER: _ClassVar[int]
    MAX_DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    RESERVED_MINOR_FIELD_NUMBER: _ClassVar[int]
    CALL_FIELD_NUMBER: _ClassVar[int]
    allowed: bool
    refusal_reason: CallRefusalReason
    max_duration_seconds: int
    reserved_minor: int
    call: Call
    def __init__(self, allowed: _Optional[bool] = ..., refusal_reason: _Optional[_Union[CallRefusalReason, str]] = ..., max_duration_seconds: _Optional[int] = ..., reserved_minor: _Optional[int] = ..., call: _Optional[_Union[Call, _Mapping]] = ...) -> None: ...

class Call(_message.Message):
    __slots__ = ("id", "call_id", "workspace_id", "tenant_number_id", "e164", "direction", "from_number", "to_number", "status", "refusal_reason", "rate_per_min_minor", "currency", "max_duration_seconds", "reserved_minor", "authorized_at", "started_at", "answered_at", "ended_at", "billable_seconds", "cost_minor", "charged_minor", "ledger_entry_id", "failure_reason")
    ID_FIELD_NUMBER: _ClassVar[int]
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    FROM_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TO_NUMBER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_REASON_FIELD_NUMBER: _ClassVar[int]
    RATE_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    MAX_DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    RESERVED_MINOR_FIELD_NUMBER: _ClassVar[int]
    AUTHORIZED_AT_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_AT_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    BILLABLE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    COST_MINOR_FIELD_NUMBER: _ClassVar[int]
    CHARGED_MINOR_FIELD_NUMBER: _ClassVar[int]
    LEDGER_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    id: str
    call_id: str
    workspace_id: str
    tenant_number_id: str
    e164: str
    direction: _calls_pb2.CallDirection
    from_number: str
    to_number: str
    status: CallStatus
    refusal_reason: CallRefusalReason
    rate_per_min_minor: int
    currency: str
    max_duration_seconds: int
    reserved_minor: int
    authorized_at: _timestamp_pb2.Timestamp
    started_at: _timestamp_pb2.Timestamp
    answered_at: _timestamp_pb2.Timestamp
    ended_at: _timestamp_pb2.Timestamp
    billable_seconds: int
    cost_minor: int
    charged_minor: int
    ledger_entry_id: str
    failure_reason: str
    def __init__(self, id: _Optional[str] = ..., call_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., e164: _Optional[str] = ..., direction: _Optional[_Union[_calls_pb2.CallDirection, str]] = ..., from_number: _Optional[str] = ..., to_number: _Optional[str] = ..., status: _Optional[_Union[CallStatus, str]] = ..., refusal_reason: _Optional[_Union[CallRefusalReason, str]] = ..., rate_per_min_minor: _Optional[int] = ..., currency: _Optional[str] = ..., max_duration_seconds: _Optional[int] = ..., reserved_minor: _Optional[int] = ..., authorized_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., answered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., billable_seconds: _Optional[int] = ..., cost_minor: _Optional[int] = ..., charged_minor: _Optional[int] = ..., ledger_entry_id: _Optional[str] = ..., failure_reason: _Optional[str] = ...) -> None: ...

class GetCallRequest(_message.Message):
    __slots__ = ("workspace_id", "id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    id: str
    def __init__(self, workspace_id: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class GetCallResponse(_message.Message):
    __slots__ = ("call",)
    CALL_FIELD_NUMBER: _ClassVar[int]
    call: Call
    def __init__(self, call: _Optional[_Union[Call, _Mapping]] = ...) -> None: ...

class ListCallsRequest(_message.Message):
    __slots__ = ("workspace_id", "limit", "cursor", "e164", "direction", "status", "since", "until")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    UNTIL_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    limit: int
    cursor: str
    e164: str
    direction: _calls_pb2.CallDirection
    status: CallStatus
    since: _timestamp_pb2.Timestamp
    until: _timestamp_pb2.Timestamp
    def __init__(self, workspace_id: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ..., e164: _Optional[str] = ..., direction: _Optional[_Union[_calls_pb2.CallDirection, str]] = ..., status: _Optional[_Union[CallStatus, str]] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListCallsResponse(_message.Message):
    __slots__ = ("calls", "next_cursor")
    CALLS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    calls: _containers.RepeatedCompositeFieldContainer[Call]
    next_cursor: str
    def __init__(self, calls: _Optional[_Iterable[_Union[Call, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...
