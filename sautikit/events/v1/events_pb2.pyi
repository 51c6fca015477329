import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NumberClaimed(_message.Message):
    __slots__ = ("tenant_number_id", "number_id", "workspace_id", "e164", "monthly_price_minor", "currency", "claimed_at", "allow_inbound", "allow_outbound", "inbound_per_min_minor", "outbound_per_min_minor", "livemode")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_AT_FIELD_NUMBER: _ClassVar[int]
    ALLOW_INBOUND_FIELD_NUMBER: _ClassVar[int]
    ALLOW_OUTBOUND_FIELD_NUMBER: _ClassVar[int]
    INBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    OUTBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    number_id: str
    workspace_id: str
    e164: str
    monthly_price_minor: int
    currency: str
    claimed_at: _timestamp_pb2.Timestamp
    allow_inbound: bool
    allow_outbound: bool
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    livemode: bool
    def __init__(self, tenant_number_id: _Optional[str] = ..., number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., monthly_price_minor: _Optional[int] = ..., currency: _Optional[str] = ..., claimed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., allow_inbound: _Optional[bool] = ..., allow_outbound: _Optional[bool] = ..., inbound_per_min_minor: _Optional[int] = ..., outbound_per_min_minor: _Optional[int] = ..., livemode: _Optional[bool] = ...) -> None: ...

class NumberSettingsChanged(_message.Message):
    __slots__ = ("tenant_number_id", "number_id", "workspace_id", "e164", "allow_inbound", "allow_outbound", "changed_at", "inbound_per_min_minor", "outbound_per_min_minor", "disabled", "livemode")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    ALLOW_INBOUND_FIELD_NUMBER: _ClassVar[int]
    ALLOW_OUTBOUND_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    INBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    OUTBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    number_id: str
    workspace_id: str
    e164: str
    allow_inbound: bool
    allow_outbound: bool
    changed_at: _timestamp_pb2.Timestamp
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    disabled: bool
    livemode: bool
    def __init__(self, tenant_number_id: _Optional[str] = ..., number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., allow_inbound: _Optional[bool] = ..., allow_outbound: _Optional[bool] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., inbound_per_min_minor: _Optional[int] = ..., outbound_per_min_minor: _Optional[int] = ..., disabled: _Optional[bool] = ..., livemode: _Optional[bool] = ...) -> None: ...

class NumberReleased(_message.Message):
    __slots__ = ("tenant_number_id", "number_id", "workspace_id", "e164", "released_at", "reason", "livemode")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    RELEASED_AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    number_id: str
    workspace_id: str
    e164: str
    released_at: _timestamp_pb2.Timestamp
    reason: str
    livemode: bool
    def __init__(self, tenant_number_id: _Optional[str] = ..., number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., released_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class NumberSuspended(_message.Message):
    __slots__ = ("tenant_number_id", "number_id", "workspace_id", "e164", "reason", "suspended_at", "amount_due_minor", "currency", "inbound_per_min_minor", "outbound_per_min_minor", "livemode")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_AT_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_DUE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    INBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    OUTBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    number_id: str
    workspace_id: str
    e164: str
    reason: str
    suspended_at: _timestamp_pb2.Timestamp
    amount_due_minor: int
    currency: str
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    livemode: bool
    def __init__(self, tenant_number_id: _Optional[str] = ..., number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., reason: _Optional[str] = ..., suspended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., amount_due_minor: _Optional[int] = ..., currency: _Optional[str] = ..., inbound_per_min_minor: _Optional[int] = ..., outbound_per_min_minor: _Optional[int] = ..., livemode: _Optional[bool] = ...) -> None: ...

class NumberResumed(_message.Message):
    __slots__ = ("tenant_number_id", "number_id", "workspace_id", "e164", "resumed_at", "inbound_per_min_minor", "outbound_per_min_minor", "livemode")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    RESUMED_AT_FIELD_NUMBER: _ClassVar[int]
    INBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    OUTBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    number_id: str
    workspace_id: str
    e164: str
    resumed_at: _timestamp_pb2.Timestamp
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    livemode: bool
    def __init__(self, tenant_number_id: _Optional[str] = ..., number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., resumed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., inbound_per_min_minor: _Optional[int] = ..., outbound_per_min_minor: _Optional[int] = ..., livemode: _Optional[bool] = ...) -> None: ...

class WalletCredited(_message.Message):
    __slots__ = ("workspace_id", "ledger_entry_id", "entry_type", "amount_minor", "currency", "balance_after_minor", "credited_at", "mpesa_receipt_number", "livemode")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    LEDGER_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_MINOR_FIELD_NUMBER: _ClassVar[int]
    CREDITED_AT_FIELD_NUMBER: _ClassVar[int]
    MPESA_RECEIPT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    ledger_entry_id: str
    entry_type: str
    amount_minor: int
    currency: str
    balance_after_minor: int
    credited_at: _timestamp_pb2.Timestamp
    mpesa_receipt_number: str
    livemode: bool
    def __init__(self, workspace_id: _Optional[str] = ..., ledger_entry_id: _Optional[str] = ..., entry_type: _Optional[str] = ..., amount_minor: _Optional[int] = ..., currency: _Optional[str] = ..., balance_after_minor: _Optional[int] = ..., credited_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., mpesa_receipt_number: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class CredentialChanged(_message.Message):
    __slots__ = ("credential_id", "tenant_number_id", "workspace_id", "username", "status", "changed_at")
    CREDENTIAL_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_AT_FIELD_NUMBER: _ClassVar[int]
    credential_id: str
    tenant_number_id: str
    workspace_id: str
    username: str
    status: str
    changed_at: _timestamp_pb2.Timestamp
    def __init__(self, credential_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., username: _Optional[str] = ..., status: _Optional[str] = ..., changed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RoutingUpdated(_message.Message):
    __slots__ = ("tenant_number_id", "workspace_id", "voice_callback_url", "events_url", "updated_at", "e164", "changed_fields")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    VOICE_CALLBACK_URL_FIELD_NUMBER: _ClassVar[int]
    EVENTS_URL_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    workspace_id: str
    voice_callback_url: str
    events_url: str
    updated_at: _timestamp_pb2.Timestamp
    e164: str
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, tenant_number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., voice_callback_url: _Optional[str] = ..., events_url: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., e164: _Optional[str] = ..., changed_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class NumberTrialExpiring(_message.Message):
    __slots__ = ("tenant_number_id", "number_id", "workspace_id", "e164", "trial_until", "monthly_price_minor", "currency", "livemode")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    TRIAL_UNTIL_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    number_id: str
    workspace_id: str
    e164: str
    trial_until: _timestamp_pb2.Timestamp
    monthly_price_minor: int
    currency: str
    livemode: bool
    def __init__(self, tenant_number_id: _Optional[str] = ..., number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., trial_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., monthly_price_minor: _Optional[int] = ..., currency: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class NumberOrderUpdated(_message.Message):
    __slots__ = ("order_id", "workspace_id", "number_id", "e164", "status", "status_reason", "version", "updated_at", "tenant_number_id", "livemode")
    ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_REASON_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    order_id: str
    workspace_id: str
    number_id: str
    e164: str
    status: str
    status_reason: str
    version: int
    updated_at: _timestamp_pb2.Timestamp
    tenant_number_id: str
    livemode: bool
    def __init__(self, order_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., number_id: _Optional[str] = ..., e164: _Optional[str] = ..., status: _Optional[str] = ..., status_reason: _Optional[str] = ..., version: _Optional[int] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tenant_number_id: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class WalletLowBalance(_message.Message):
    __slots__ = ("workspace_id", "balance_minor", "available_minor", "threshold_minor", "currency", "crossed_at", "livemode")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    BALANCE_MINOR_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_MINOR_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    CROSSED_AT_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    balance_minor: int
    available_minor: int
    threshold_minor: int
    currency: str
    crossed_at: _timestamp_pb2.Timestamp
    livemode: bool
    def __init__(self, workspace_id: _Optional[str] = ..., balance_minor: _Optional[int] = ..., available_minor: _Optional[int] = ..., threshold_minor: _Optional[int] = ..., currency: _Optional[str] = ..., crossed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., livemode: _Optional[bool] = ...) -> None: ...
