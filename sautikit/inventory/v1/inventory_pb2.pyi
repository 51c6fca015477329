import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NumberType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NUMBER_TYPE_UNSPECIFIED: _ClassVar[NumberType]
    NUMBER_TYPE_MOBILE: _ClassVar[NumberType]
    NUMBER_TYPE_FIXED_LINE: _ClassVar[NumberType]
    NUMBER_TYPE_TOLL_FREE: _ClassVar[NumberType]

class Capability(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CAPABILITY_UNSPECIFIED: _ClassVar[Capability]
    CAPABILITY_VOICE: _ClassVar[Capability]
    CAPABILITY_SMS: _ClassVar[Capability]

class NumberState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NUMBER_STATE_UNSPECIFIED: _ClassVar[NumberState]
    NUMBER_STATE_AVAILABLE: _ClassVar[NumberState]
    NUMBER_STATE_RESERVED: _ClassVar[NumberState]
    NUMBER_STATE_ASSIGNED: _ClassVar[NumberState]
    NUMBER_STATE_RELEASED: _ClassVar[NumberState]
NUMBER_TYPE_UNSPECIFIED: NumberType
NUMBER_TYPE_MOBILE: NumberType
NUMBER_TYPE_FIXED_LINE: NumberType
NUMBER_TYPE_TOLL_FREE: NumberType
CAPABILITY_UNSPECIFIED: Capability
CAPABILITY_VOICE: Capability
CAPABILITY_SMS: Capability
NUMBER_STATE_UNSPECIFIED: NumberState
NUMBER_STATE_AVAILABLE: NumberState
NUMBER_STATE_RESERVED: NumberState
NUMBER_STATE_ASSIGNED: NumberState
NUMBER_STATE_RELEASED: NumberState

class NumberSpec(_message.Message):
    __slots__ = ("e164", "number_type", "capabilities", "monthly_price_minor", "inbound_per_min_minor", "outbound_per_min_minor", "currency")
    E164_FIELD_NUMBER: _ClassVar[int]
    NUMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    INBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    OUTBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    e164: str
    number_type: NumberType
    capabilities: _containers.RepeatedScalarFieldContainer[Capability]
    monthly_price_minor: int
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    currency: str
    def __init__(self, e164: _Optional[str] = ..., number_type: _Optional[_Union[NumberType, str]] = ..., capabilities: _Optional[_Iterable[_Union[Capability, str]]] = ..., monthly_price_minor: _Optional[int] = ..., inbound_per_min_minor: _Optional[int] = ..., outbound_per_min_minor: _Optional[int] = ..., currency: _Optional[str] = ...) -> None: ...

class ImportNumbersRequest(_message.Message):
    __slots__ = ("numbers",)
    NUMBERS_FIELD_NUMBER: _ClassVar[int]
    numbers: _containers.RepeatedCompositeFieldContainer[NumberSpec]
    def __init__(self, numbers: _Optional[_Iterable[_Union[NumberSpec, _Mapping]]] = ...) -> None: ...

class ImportNumbersResponse(_message.Message):
    __slots__ = ("created", "unchanged")
    CREATED_FIELD_NUMBER: _ClassVar[int]
    UNCHANGED_FIELD_NUMBER: _ClassVar[int]
    created: int
    unchanged: int
    def __init__(self, created: _Optional[int] = ..., unchanged: _Optional[int] = ...) -> None: ...

class GetInventoryStatsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class StateCount(_message.Message):
    __slots__ = ("state", "count")
    STATE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    state: NumberState
    count: int
    def __init__(self, state: _Optional[_Union[NumberState, str]] = ..., count: _Optional[int] = ...) -> None: ...

class GetInventoryStatsResponse(_message.Message):
    __slots__ = ("counts", "as_of")
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    counts: _containers.RepeatedCompositeFieldContainer[StateCount]
    as_of: _timestamp_pb2.Timestamp
    def __init__(self, counts: _Optional[_Iterable[_Union[StateCount, _Mapping]]] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
