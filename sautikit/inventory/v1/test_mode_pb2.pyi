from sautikit.inventory.v1 import inventory_pb2 as _inventory_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RenewWorkspaceRequest(_message.Message):
    __slots__ = ("workspace_id", "period")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    period: str
    def __init__(self, workspace_id: _Optional[str] = ..., period: _Optional[str] = ...) -> None: ...

class RenewWorkspaceResponse(_message.Message):
    __slots__ = ("period", "items")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    period: str
    items: _containers.RepeatedCompositeFieldContainer[_inventory_pb2.RenewalItem]
    def __init__(self, period: _Optional[str] = ..., items: _Optional[_Iterable[_Union[_inventory_pb2.RenewalItem, _Mapping]]] = ...) -> None: ...

class ExpireTrialRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ...) -> None: ...

class ExpireTrialResponse(_message.Message):
    __slots__ = ("tenant_number",)
    TENANT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    tenant_number: _inventory_pb2.TenantNumber
    def __init__(self, tenant_number: _Optional[_Union[_inventory_pb2.TenantNumber, _Mapping]] = ...) -> None: ...

class PurgeSandboxRequest(_message.Message):
    __slots__ = ("workspace_id",)
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    def __init__(self, workspace_id: _Optional[str] = ...) -> None: ...

class PurgeSandboxResponse(_message.Message):
    __slots__ = ("purged",)
    PURGED_FIELD_NUMBER: _ClassVar[int]
    purged: int
    def __init__(self, purged: _Optional[int] = ...) -> None: ...
