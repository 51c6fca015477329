import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RouteRefusal(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROUTE_REFUSAL_UNSPECIFIED: _ClassVar[RouteRefusal]
    ROUTE_REFUSAL_NUMBER_SUSPENDED: _ClassVar[RouteRefusal]
    ROUTE_REFUSAL_NUMBER_RELEASED: _ClassVar[RouteRefusal]
    ROUTE_REFUSAL_INBOUND_NOT_ALLOWED: _ClassVar[RouteRefusal]
    ROUTE_REFUSAL_NUMBER_DISABLED: _ClassVar[RouteRefusal]
    ROUTE_REFUSAL_TEST_NUMBER_ON_LIVE_EDGE: _ClassVar[RouteRefusal]
ROUTE_REFUSAL_UNSPECIFIED: RouteRefusal
ROUTE_REFUSAL_NUMBER_SUSPENDED: RouteRefusal
ROUTE_REFUSAL_NUMBER_RELEASED: RouteRefusal
ROUTE_REFUSAL_INBOUND_NOT_ALLOWED: RouteRefusal
ROUTE_REFUSAL_NUMBER_DISABLED: RouteRefusal
ROUTE_REFUSAL_TEST_NUMBER_ON_LIVE_EDGE: RouteRefusal

class Routing(_message.Message):
    __slots__ = ("tenant_number_id", "workspace_id", "e164", "voice_callback_url", "events_url", "updated_at")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    VOICE_CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    EVENTS_URL_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    workspace_id: str
    e164: str
    voice_callback_url: str
    events_url: str
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, tenant_number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., voice_callback_url: _Optional[str] = ..., events_url: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetRoutingRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ...) -> None: ...

class GetRoutingResponse(_message.Message):
    __slots__ = ("routing",)
    ROUTING_FIELD_NUMBER: _ClassVar[int]
    routing: Routing
    def __init__(self, routing: _Optional[_Union[Routing, _Mapping]] = ...) -> None: ...

class UpdateRoutingRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id", "voice_callback_url", "events_url")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    VOICE_CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    EVENTS_URL_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    voice_callback_url: str
    events_url: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., voice_callback_url: _Optional[str] = ..., events_url: _Optional[str] = ...) -> None: ...

class UpdateRoutingResponse(_message.Message):
    __slots__ = ("routing",)
    ROUTING_FIELD_NUMBER: _ClassVar[int]
    routing: Routing
    def __init__(self, routing: _Optional[_Union[Routing, _Mapping]] = ...) -> None: ...

class ResolveRouteRequest(_message.Message):
    __slots__ = ("e164",)
    E164_FIELD_NUMBER: _ClassVar[int]
    e164: str
    def __init__(self, e164: _Optional[str] = ...) -> None: ...

class ResolveRouteResponse(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id", "e164", "voice_callback_url", "events_url", "allow_inbound", "allow_outbound", "may_take_calls", "refusal")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    VOICE_CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    EVENTS_URL_FIELD_NUMBER: _ClassVar[int]
    ALLOW_INBOUND_FIELD_NUMBER: _ClassVar[int]
    ALLOW_OUTBOUND_FIELD_NUMBER: _ClassVar[int]
    MAY_TAKE_CALLS_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    e164: str
    voice_callback_url: str
    events_url: str
    allow_inbound: bool
    allow_outbound: bool
    may_take_calls: bool
    refusal: RouteRefusal
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., e164: _Optional[str] = ..., voice_callback_url: _Optional[str] = ..., events_url: _Optional[str] = ..., allow_inbound: _Optional[bool] = ..., allow_outbound: _Optional[bool] = ..., may_take_calls: _Optional[bool] = ..., refusal: _Optional[_Union[RouteRefusal, str]] = ...) -> None: ...
