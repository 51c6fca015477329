from sautikit.routing.v1 import deliveries_pb2 as _deliveries_pb2
from sautikit.wallet.v1 import usage_pb2 as _usage_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SimulatedCallOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SIMULATED_CALL_OUTCOME_UNSPECIFIED: _ClassVar[SimulatedCallOutcome]
    SIMULATED_CALL_OUTCOME_COMPLETED: _ClassVar[SimulatedCallOutcome]
    SIMULATED_CALL_OUTCOME_FAILED: _ClassVar[SimulatedCallOutcome]
    SIMULATED_CALL_OUTCOME_NO_ANSWER: _ClassVar[SimulatedCallOutcome]
SIMULATED_CALL_OUTCOME_UNSPECIFIED: SimulatedCallOutcome
SIMULATED_CALL_OUTCOME_COMPLETED: SimulatedCallOutcome
SIMULATED_CALL_OUTCOME_FAILED: SimulatedCallOutcome
SIMULATED_CALL_OUTCOME_NO_ANSWER: SimulatedCallOutcome

class SimulateCallRequest(_message.Message):
    __slots__ = ("workspace_id", "to_number", "from_number", "outcome", "recording", "duration_seconds")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_NUMBER_FIELD_NUMBER: _ClassVar[int]
    FROM_NUMBER_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    RECORDING_FIELD_NUMBER: _ClassVar[int]
    DURATION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    to_number: str
    from_number: str
    outcome: SimulatedCallOutcome
    recording: bool
    duration_seconds: int
    def __init__(self, workspace_id: _Optional[str] = ..., to_number: _Optional[str] = ..., from_number: _Optional[str] = ..., outcome: _Optional[_Union[SimulatedCallOutcome, str]] = ..., recording: _Optional[bool] = ..., duration_seconds: _Optional[int] = ...) -> None: ...

class SimulateCallResponse(_message.Message):
    __slots__ = ("call_id", "tenant_number_id", "events", "authorized", "refusal_reason", "voice_callback_invoked", "voice_callback")
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    AUTHORIZED_FIELD_NUMBER: _ClassVar[int]
    REFUSAL_REASON_FIELD_NUMBER: _ClassVar[int]
    VOICE_CALLBACK_INVOKED_FIELD_NUMBER: _ClassVar[int]
    VOICE_CALLBACK_FIELD_NUMBER: _ClassVar[int]
    call_id: str
    tenant_number_id: str
    events: _containers.RepeatedScalarFieldContainer[str]
    authorized: bool
    refusal_reason: _usage_pb2.CallRefusalReason
    voice_callback_invoked: bool
    voice_callback: _deliveries_pb2.InvokeVoiceCallbackResponse
    def __init__(self, call_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., events: _Optional[_Iterable[str]] = ..., authorized: _Optional[bool] = ..., refusal_reason: _Optional[_Union[_usage_pb2.CallRefusalReason, str]] = ..., voice_callback_invoked: _Optional[bool] = ..., voice_callback: _Optional[_Union[_deliveries_pb2.InvokeVoiceCallbackResponse, _Mapping]] = ...) -> None: ...

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
