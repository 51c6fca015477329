import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

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
