import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeliveryStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DELIVERY_STATUS_UNSPECIFIED: _ClassVar[DeliveryStatus]
    DELIVERY_STATUS_PENDING: _ClassVar[DeliveryStatus]
    DELIVERY_STATUS_DELIVERED: _ClassVar[DeliveryStatus]
    DELIVERY_STATUS_FAILED: _ClassVar[DeliveryStatus]
    DELIVERY_STATUS_SKIPPED: _ClassVar[DeliveryStatus]

class VoiceCallbackError(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VOICE_CALLBACK_ERROR_UNSPECIFIED: _ClassVar[VoiceCallbackError]
    VOICE_CALLBACK_ERROR_NOT_CONFIGURED: _ClassVar[VoiceCallbackError]
    VOICE_CALLBACK_ERROR_TIMEOUT: _ClassVar[VoiceCallbackError]
    VOICE_CALLBACK_ERROR_UNREACHABLE: _ClassVar[VoiceCallbackError]
    VOICE_CALLBACK_ERROR_UNSAFE_DESTINATION: _ClassVar[VoiceCallbackError]
    VOICE_CALLBACK_ERROR_HTTP_STATUS: _ClassVar[VoiceCallbackError]
    VOICE_CALLBACK_ERROR_REPLY_TOO_LARGE: _ClassVar[VoiceCallbackError]
    VOICE_CALLBACK_ERROR_INVALID_JSON: _ClassVar[VoiceCallbackError]
    VOICE_CALLBACK_ERROR_INVALID_ACTIONS: _ClassVar[VoiceCallbackError]
DELIVERY_STATUS_UNSPECIFIED: DeliveryStatus
DELIVERY_STATUS_PENDING: DeliveryStatus
DELIVERY_STATUS_DELIVERED: DeliveryStatus
DELIVERY_STATUS_FAILED: DeliveryStatus
DELIVERY_STATUS_SKIPPED: DeliveryStatus
VOICE_CALLBACK_ERROR_UNSPECIFIED: VoiceCallbackError
VOICE_CALLBACK_ERROR_NOT_CONFIGURED: VoiceCallbackError
VOICE_CALLBACK_ERROR_TIMEOUT: VoiceCallbackError
VOICE_CALLBACK_ERROR_UNREACHABLE: VoiceCallbackError
VOICE_CALLBACK_ERROR_UNSAFE_DESTINATION: VoiceCallbackError
VOICE_CALLBACK_ERROR_HTTP_STATUS: VoiceCallbackError
VOICE_CALLBACK_ERROR_REPLY_TOO_LARGE: VoiceCallbackError
VOICE_CALLBACK_ERROR_INVALID_JSON: VoiceCallbackError
VOICE_CALLBACK_ERROR_INVALID_ACTIONS: VoiceCallbackError

class DeliveryAttempt(_message.Message):
    __slots__ = ("attempted_at", "status_code", "latency_ms", "error", "response_excerpt")
    ATTEMPTED_AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_EXCERPT_FIELD_NUMBER: _ClassVar[int]
    attempted_at: _timestamp_pb2.Timestamp
    status_code: int
    latency_ms: int
    error: str
    response_excerpt: str
    def __init__(self, attempted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status_code: _Optional[int] = ..., latency_ms: _Optional[int] = ..., error: _Optional[str] = ..., response_excerpt: _Optional[str] = ...) -> None: ...

class Delivery(_message.Message):
    __slots__ = ("id", "workspace_id", "tenant_number_id", "e164", "event_id", "event_type", "url", "status", "attempt_count", "next_attempt_at", "created_at", "delivered_at", "attempts")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_COUNT_FIELD_NUMBER: _ClassVar[int]
    NEXT_ATTEMPT_AT_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DELIVERED_AT_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    tenant_number_id: str
    e164: str
    event_id: str
    event_type: str
    url: str
    status: DeliveryStatus
    attempt_count: int
    next_attempt_at: _timestamp_pb2.Timestamp
    created_at: _timestamp_pb2.Timestamp
    delivered_at: _timestamp_pb2.Timestamp
    attempts: _containers.RepeatedCompositeFieldContainer[DeliveryAttempt]
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., e164: _Optional[str] = ..., event_id: _Optional[str] = ..., event_type: _Optional[str] = ..., url: _Optional[str] = ..., status: _Optional[_Union[DeliveryStatus, str]] = ..., attempt_count: _Optional[int] = ..., next_attempt_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delivered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attempts: _Optional[_Iterable[_Union[DeliveryAttempt, _Mapping]]] = ...) -> None: ...

class ListDeliveriesRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id", "status", "limit", "cursor")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    status: DeliveryStatus
    limit: int
    cursor: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., status: _Optional[_Union[DeliveryStatus, str]] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ...) -> None: ...

class ListDeliveriesResponse(_message.Message):
    __slots__ = ("deliveries", "next_cursor")
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    deliveries: _containers.RepeatedCompositeFieldContainer[Delivery]
    next_cursor: str
    def __init__(self, deliveries: _Optional[_Iterable[_Union[Delivery, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class RedeliverDeliveryRequest(_message.Message):
    __slots__ = ("workspace_id", "delivery_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    delivery_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., delivery_id: _Optional[str] = ...) -> None: ...

class RedeliverDeliveryResponse(_message.Message):
    __slots__ = ("delivery",)
    DELIVERY_FIELD_NUMBER: _ClassVar[int]
    delivery: Delivery
    def __init__(self, delivery: _Optional[_Union[Delivery, _Mapping]] = ...) -> None: ...

class RotateWebhookSecretRequest(_message.Message):
    __slots__ = ("workspace_id",)
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    def __init__(self, workspace_id: _Optional[str] = ...) -> None: ...

class RotateWebhookSecretResponse(_message.Message):
    __slots__ = ("secret", "created_at", "previous_valid_until")
    SECRET_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    secret: str
    created_at: _timestamp_pb2.Timestamp
    previous_valid_until: _timestamp_pb2.Timestamp
    def __init__(self, secret: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., previous_valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CallStep(_message.Message):
    __slots__ = ("call_id", "from_number", "to_number", "direction", "step", "digits", "recording_url", "dial_status", "url")
    CALL_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TO_NUMBER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    DIGITS_FIELD_NUMBER: _ClassVar[int]
    RECORDING_URL_FIELD_NUMBER: _ClassVar[int]
    DIAL_STATUS_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    call_id: str
    from_number: str
    to_number: str
    direction: str
    step: str
    digits: str
    recording_url: str
    dial_status: str
    url: str
    def __init__(self, call_id: _Optional[str] = ..., from_number: _Optional[str] = ..., to_number: _Optional[str] = ..., direction: _Optional[str] = ..., step: _Optional[str] = ..., digits: _Optional[str] = ..., recording_url: _Optional[str] = ..., dial_status: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...

class InvokeVoiceCallbackRequest(_message.Message):
    __slots__ = ("e164", "step")
    E164_FIELD_NUMBER: _ClassVar[int]
    STEP_FIELD_NUMBER: _ClassVar[int]
    e164: str
    step: CallStep
    def __init__(self, e164: _Optional[str] = ..., step: _Optional[_Union[CallStep, _Mapping]] = ...) -> None: ...

class SayAction(_message.Message):
    __slots__ = ("text", "voice", "language", "loop")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    VOICE_FIELD_NUMBER: _ClassVar[int]
    LANGUAGE_FIELD_NUMBER: _ClassVar[int]
    LOOP_FIELD_NUMBER: _ClassVar[int]
    text: str
    voice: str
    language: str
    loop: int
    def __init__(self, text: _Optional[str] = ..., voice: _Optional[str] = ..., language: _Optional[str] = ..., loop: _Optional[int] = ...) -> None: ...

class PlayAction(_message.Message):
    __slots__ = ("url", "loop")
    URL_FIELD_NUMBER: _ClassVar[int]
    LOOP_FIELD_NUMBER: _ClassVar[int]
    url: str
    loop: int
    def __init__(self, url: _Optional[str] = ..., loop: _Optional[int] = ...) -> None: ...

class GetDigitsAction(_message.Message):
    __slots__ = ("max_digits", "timeout_seconds", "finish_on_key")
    MAX_DIGITS_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    FINISH_ON_KEY_FIELD_NUMBER: _ClassVar[int]
    max_digits: int
    timeout_seconds: int
    finish_on_key: str
    def __init__(self, max_digits: _Optional[int] = ..., timeout_seconds: _Optional[int] = ..., finish_on_key: _Optional[str] = ...) -> None: ...

class DialAction(_message.Message):
    __slots__ = ("number", "caller_id", "timeout_seconds", "record")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    CALLER_ID_FIELD_NUMBER: _ClassVar[int]
    TIMEOUT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    number: str
    caller_id: str
    timeout_seconds: int
    record: bool
    def __init__(self, number: _Optional[str] = ..., caller_id: _Optional[str] = ..., timeout_seconds: _Optional[int] = ..., record: _Optional[bool] = ...) -> None: ...

class RecordAction(_message.Message):
    __slots__ = ("max_length_seconds", "finish_on_key", "play_beep")
    MAX_LENGTH_SECONDS_FIELD_NUMBER: _ClassVar[int]
    FINISH_ON_KEY_FIELD_NUMBER: _ClassVar[int]
    PLAY_BEEP_FIELD_NUMBER: _ClassVar[int]
    max_length_seconds: int
    finish_on_key: str
    play_beep: bool
    def __init__(self, max_length_seconds: _Optional[int] = ..., finish_on_key: _Optional[str] = ..., play_beep: _Optional[bool] = ...) -> None: ...

class RedirectAction(_message.Message):
    __slots__ = ("url",)
    URL_FIELD_NUMBER: _ClassVar[int]
    url: str
    def __init__(self, url: _Optional[str] = ...) -> None: ...

class HangupAction(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class RejectAction(_message.Message):
    __slots__ = ("reason",)
    REASON_FIELD_NUMBER: _ClassVar[int]
    reason: str
    def __init__(self, reason: _Optional[str] = ...) -> None: ...

class VoiceAction(_message.Message):
    __slots__ = ("say", "play", "get_digits", "dial", "record", "redirect", "hangup", "reject")
    SAY_FIELD_NUMBER: _ClassVar[int]
    PLAY_FIELD_NUMBER: _ClassVar[int]
    GET_DIGITS_FIELD_NUMBER: _ClassVar[int]
    DIAL_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    REDIRECT_FIELD_NUMBER: _ClassVar[int]
    HANGUP_FIELD_NUMBER: _ClassVar[int]
    REJECT_FIELD_NUMBER: _ClassVar[int]
    say: SayAction
    play: PlayAction
    get_digits: GetDigitsAction
    dial: DialAction
    record: RecordAction
    redirect: RedirectAction
    hangup: HangupAction
    reject: RejectAction
    def __init__(self, say: _Optional[_Union[SayAction, _Mapping]] = ..., play: _Optional[_Union[PlayAction, _Mapping]] = ..., get_digits: _Optional[_Union[GetDigitsAction, _Mapping]] = ..., dial: _Optional[_Union[DialAction, _Mapping]] = ..., record: _Optional[_Union[RecordAction, _Mapping]] = ..., redirect: _Optional[_Union[RedirectAction, _Mapping]] = ..., hangup: _Optional[_Union[HangupAction, _Mapping]] = ..., reject: _Optional[_Union[RejectAction, _Mapping]] = ...) -> None: ...

class VoiceCallbackFailure(_message.Message):
    __slots__ = ("error", "message", "status_code")
    ERROR_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    error: VoiceCallbackError
    message: str
    status_code: int
    def __init__(self, error: _Optional[_Union[VoiceCallbackError, str]] = ..., message: _Optional[str] = ..., status_code: _Optional[int] = ...) -> None: ...

class InvokeVoiceCallbackResponse(_message.Message):
    __slots__ = ("invocation_id", "actions", "failure")
    INVOCATION_ID_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    FAILURE_FIELD_NUMBER: _ClassVar[int]
    invocation_id: str
    actions: VoiceActionList
    failure: VoiceCallbackFailure
    def __init__(self, invocation_id: _Optional[str] = ..., actions: _Optional[_Union[VoiceActionList, _Mapping]] = ..., failure: _Optional[_Union[VoiceCallbackFailure, _Mapping]] = ...) -> None: ...

class VoiceActionList(_message.Message):
    __slots__ = ("actions",)
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    actions: _containers.RepeatedCompositeFieldContainer[VoiceAction]
    def __init__(self, actions: _Optional[_Iterable[_Union[VoiceAction, _Mapping]]] = ...) -> None: ...
