import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from sautikit.routing.v1 import deliveries_pb2 as _deliveries_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WorkspaceCallback(_message.Message):
    __slots__ = ("workspace_id", "callback_url", "updated_at")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    callback_url: str
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, workspace_id: _Optional[str] = ..., callback_url: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SetWorkspaceCallbackRequest(_message.Message):
    __slots__ = ("workspace_id", "callback_url")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    callback_url: str
    def __init__(self, workspace_id: _Optional[str] = ..., callback_url: _Optional[str] = ...) -> None: ...

class SetWorkspaceCallbackResponse(_message.Message):
    __slots__ = ("callback",)
    CALLBACK_FIELD_NUMBER: _ClassVar[int]
    callback: WorkspaceCallback
    def __init__(self, callback: _Optional[_Union[WorkspaceCallback, _Mapping]] = ...) -> None: ...

class GetWorkspaceCallbackRequest(_message.Message):
    __slots__ = ("workspace_id",)
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    def __init__(self, workspace_id: _Optional[str] = ...) -> None: ...

class GetWorkspaceCallbackResponse(_message.Message):
    __slots__ = ("callback",)
    CALLBACK_FIELD_NUMBER: _ClassVar[int]
    callback: WorkspaceCallback
    def __init__(self, callback: _Optional[_Union[WorkspaceCallback, _Mapping]] = ...) -> None: ...

class DeleteWorkspaceCallbackRequest(_message.Message):
    __slots__ = ("workspace_id",)
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    def __init__(self, workspace_id: _Optional[str] = ...) -> None: ...

class DeleteWorkspaceCallbackResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListWorkspaceCallbackDeliveriesRequest(_message.Message):
    __slots__ = ("workspace_id", "status", "limit", "cursor")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    status: _deliveries_pb2.DeliveryStatus
    limit: int
    cursor: str
    def __init__(self, workspace_id: _Optional[str] = ..., status: _Optional[_Union[_deliveries_pb2.DeliveryStatus, str]] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListWorkspaceCallbackDeliveriesResponse(_message.Message):
    __slots__ = ("deliveries", "next_cursor")
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    deliveries: _containers.RepeatedCompositeFieldContainer[_deliveries_pb2.Delivery]
    next_cursor: str
    def __init__(self, deliveries: _Optional[_Iterable[_Union[_deliveries_pb2.Delivery, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...
