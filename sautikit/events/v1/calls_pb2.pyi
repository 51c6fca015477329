import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CallDirection(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CALL_DIRECTION_UNSPECIFIED: _ClassVar[CallDirection]
    CALL_DIRECTION_INBOUND: _ClassVar[CallDirection]
    CALL_DIRECTION_OUTBOUND: _ClassVar[CallDirection]
CALL_DIRECTION_UNSPECIFIED: CallDirection
CALL_DIRECTION_INBOUND: CallDirection
CALL_DIRECTION_OUTBOUND: CallDirection

class CallParty(_message.Message):
    __slots__ = ("call_id", "e164", "from_number", "to_number", "direction")
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    FROM_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TO_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    call_id: str
    e164: str
    from_number: str
    to_number: str
    direction: CallDirection
    def __init__(self, call_id: _Optional[str] = ..., e164: _Optional[str] = ..., from_number: _Optional[str] = ..., to_number: _Optional[str] = ..., direction: _Optional[_Union[CallDirection, str]] = ...) -> None: ...

class CallStarted(_message.Message):
    __slots__ = ("call", "started_at")
    CALL_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    call: CallParty
    started_at: _timestamp_pb2.Timestamp
    def __init__(self, call: _Optional[_Union[CallParty, _Mapping]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CallAnswered(_message.Message):
    __slots__ = ("call", "started_at", "answered_at")
    CALL_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_AT_FIELD_NUMBER: _ClassVar[int]
    call: CallParty
    started_at: _timestamp_pb2.Timestamp
    answered_at: _timestamp_pb2.Timestamp
    def __init__(self, call: _Optional[_Union[CallParty, _Mapping]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., answered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CallCompleted(_message.Message):
    __slots__ = ("call", "started_at", "answered_at", "ended_at", "duration_seconds", "hangup_by")
    CALL_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_AT_FIELD_NUMBER: _ClassVar[int]
    ENDED_AT_FIELD_NUMBER: _ClassVar[int]
    DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    HANGUP_BY_FIELD_NUMBER: _ClassVar[int]
    call: CallParty
    started_at: _timestamp_pb2.Timestamp
    answered_at: _timestamp_pb2.Timestamp
    ended_at: _timestamp_pb2.Timestamp
    duration_seconds: int
    hangup_by: str
    def __init__(self, call: _Optional[_Union[CallParty, _Mapping]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., answered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_seconds: _Optional[int] = ..., hangup_by: _Optional[str] = ...) -> None: ...

class CallFailed(_message.Message):
    __slots__ = ("call", "started_at", "failed_at", "failure_reason", "sip_code")
    CALL_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FAILED_AT_FIELD_NUMBER: _ClassVar[int]
    FAILURE_REASON_FIELD_NUMBER: _ClassVar[int]
    SIP_CODE_FIELD_NUMBER: _ClassVar[int]
    call: CallParty
    started_at: _timestamp_pb2.Timestamp
    failed_at: _timestamp_pb2.Timestamp
    failure_reason: str
    sip_code: int
    def __init__(self, call: _Optional[_Union[CallParty, _Mapping]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., failure_reason: _Optional[str] = ..., sip_code: _Optional[int] = ...) -> None: ...

class CallRecordingReady(_message.Message):
    __slots__ = ("call", "recording_id", "recording_url", "duration_seconds", "ready_at")
    CALL_FIELD_NUMBER: _ClassVar[int]
    RECORDING_ID_FIELD_NUMBER: _ClassVar[int]
    RECORDING_URL_FIELD_NUMBER: _ClassVar[int]
    DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    READY_AT_FIELD_NUMBER: _ClassVar[int]
    call: CallParty
    recording_id: str
    recording_url: str
    duration_seconds: int
    ready_at: _timestamp_pb2.Timestamp
    def __init__(self, call: _Optional[_Union[CallParty, _Mapping]] = ..., recording_id: _Optional[str] = ..., recording_url: _Optional[str] = ..., duration_seconds: _Optional[int] = ..., ready_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
