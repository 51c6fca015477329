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

class TenantNumberStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TENANT_NUMBER_STATUS_UNSPECIFIED: _ClassVar[TenantNumberStatus]
    TENANT_NUMBER_STATUS_ACTIVE: _ClassVar[TenantNumberStatus]
    TENANT_NUMBER_STATUS_SUSPENDED: _ClassVar[TenantNumberStatus]
    TENANT_NUMBER_STATUS_RELEASED: _ClassVar[TenantNumberStatus]

class RenewalOutcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RENEWAL_OUTCOME_UNSPECIFIED: _ClassVar[RenewalOutcome]
    RENEWAL_OUTCOME_CHARGED: _ClassVar[RenewalOutcome]
    RENEWAL_OUTCOME_SUSPENDED: _ClassVar[RenewalOutcome]
    RENEWAL_OUTCOME_UNPAID: _ClassVar[RenewalOutcome]
    RENEWAL_OUTCOME_SKIPPED: _ClassVar[RenewalOutcome]
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
TENANT_NUMBER_STATUS_UNSPECIFIED: TenantNumberStatus
TENANT_NUMBER_STATUS_ACTIVE: TenantNumberStatus
TENANT_NUMBER_STATUS_SUSPENDED: TenantNumberStatus
TENANT_NUMBER_STATUS_RELEASED: TenantNumberStatus
RENEWAL_OUTCOME_UNSPECIFIED: RenewalOutcome
RENEWAL_OUTCOME_CHARGED: RenewalOutcome
RENEWAL_OUTCOME_SUSPENDED: RenewalOutcome
RENEWAL_OUTCOME_UNPAID: RenewalOutcome
RENEWAL_OUTCOME_SKIPPED: RenewalOutcome

class NumberSpec(_message.Message):
    __slots__ = ("e164", "number_type", "capabilities", "monthly_price_minor", "inbound_per_min_minor", "outbound_per_min_minor", "currency", "id")
    E164_FIELD_NUMBER: _ClassVar[int]
    NUMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    INBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    OUTBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    e164: str
    number_type: NumberType
    capabilities: _containers.RepeatedScalarFieldContainer[Capability]
    monthly_price_minor: int
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    currency: str
    id: str
    def __init__(self, e164: _Optional[str] = ..., number_type: _Optional[_Union[NumberType, str]] = ..., capabilities: _Optional[_Iterable[_Union[Capability, str]]] = ..., monthly_price_minor: _Optional[int] = ..., inbound_per_min_minor: _Optional[int] = ..., outbound_per_min_minor: _Optional[int] = ..., currency: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

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

class AvailableNumber(_message.Message):
    __slots__ = ("id", "e164", "country", "number_type", "capabilities", "monthly_price_minor", "inbound_per_min_minor", "outbound_per_min_minor", "currency", "requires_registration", "livemode")
    ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    NUMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    INBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    OUTBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    REQUIRES_REGISTRATION_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    id: str
    e164: str
    country: str
    number_type: NumberType
    capabilities: _containers.RepeatedScalarFieldContainer[Capability]
    monthly_price_minor: int
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    currency: str
    requires_registration: bool
    livemode: bool
    def __init__(self, id: _Optional[str] = ..., e164: _Optional[str] = ..., country: _Optional[str] = ..., number_type: _Optional[_Union[NumberType, str]] = ..., capabilities: _Optional[_Iterable[_Union[Capability, str]]] = ..., monthly_price_minor: _Optional[int] = ..., inbound_per_min_minor: _Optional[int] = ..., outbound_per_min_minor: _Optional[int] = ..., currency: _Optional[str] = ..., requires_registration: _Optional[bool] = ..., livemode: _Optional[bool] = ...) -> None: ...

class SearchAvailableNumbersRequest(_message.Message):
    __slots__ = ("country", "currency", "capability", "number_type", "starts_with", "contains", "ends_with", "limit", "cursor", "livemode")
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    CAPABILITY_FIELD_NUMBER: _ClassVar[int]
    NUMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    STARTS_WITH_FIELD_NUMBER: _ClassVar[int]
    CONTAINS_FIELD_NUMBER: _ClassVar[int]
    ENDS_WITH_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    country: str
    currency: str
    capability: Capability
    number_type: NumberType
    starts_with: str
    contains: str
    ends_with: str
    limit: int
    cursor: str
    livemode: bool
    def __init__(self, country: _Optional[str] = ..., currency: _Optional[str] = ..., capability: _Optional[_Union[Capability, str]] = ..., number_type: _Optional[_Union[NumberType, str]] = ..., starts_with: _Optional[str] = ..., contains: _Optional[str] = ..., ends_with: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class SearchAvailableNumbersResponse(_message.Message):
    __slots__ = ("numbers", "next_cursor")
    NUMBERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    numbers: _containers.RepeatedCompositeFieldContainer[AvailableNumber]
    next_cursor: str
    def __init__(self, numbers: _Optional[_Iterable[_Union[AvailableNumber, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class TenantNumber(_message.Message):
    __slots__ = ("id", "number_id", "workspace_id", "e164", "country", "number_type", "capabilities", "status", "monthly_price_minor", "currency", "allow_inbound", "allow_outbound", "claimed_at", "next_renewal_at", "released_at", "suspended_at", "suspended_reason", "trial_until", "inbound_per_min_minor", "outbound_per_min_minor", "disabled", "livemode")
    ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_FIELD_NUMBER: _ClassVar[int]
    NUMBER_TYPE_FIELD_NUMBER: _ClassVar[int]
    CAPABILITIES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MONTHLY_PRICE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ALLOW_INBOUND_FIELD_NUMBER: _ClassVar[int]
    ALLOW_OUTBOUND_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_AT_FIELD_NUMBER: _ClassVar[int]
    NEXT_RENEWAL_AT_FIELD_NUMBER: _ClassVar[int]
    RELEASED_AT_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_AT_FIELD_NUMBER: _ClassVar[int]
    SUSPENDED_REASON_FIELD_NUMBER: _ClassVar[int]
    TRIAL_UNTIL_FIELD_NUMBER: _ClassVar[int]
    INBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    OUTBOUND_PER_MIN_MINOR_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    id: str
    number_id: str
    workspace_id: str
    e164: str
    country: str
    number_type: NumberType
    capabilities: _containers.RepeatedScalarFieldContainer[Capability]
    status: TenantNumberStatus
    monthly_price_minor: int
    currency: str
    allow_inbound: bool
    allow_outbound: bool
    claimed_at: _timestamp_pb2.Timestamp
    next_renewal_at: _timestamp_pb2.Timestamp
    released_at: _timestamp_pb2.Timestamp
    suspended_at: _timestamp_pb2.Timestamp
    suspended_reason: str
    trial_until: _timestamp_pb2.Timestamp
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    disabled: bool
    livemode: bool
    def __init__(self, id: _Optional[str] = ..., number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., country: _Optional[str] = ..., number_type: _Optional[_Union[NumberType, str]] = ..., capabilities: _Optional[_Iterable[_Union[Capability, str]]] = ..., status: _Optional[_Union[TenantNumberStatus, str]] = ..., monthly_price_minor: _Optional[int] = ..., currency: _Optional[str] = ..., allow_inbound: _Optional[bool] = ..., allow_outbound: _Optional[bool] = ..., claimed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_renewal_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., released_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., suspended_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., suspended_reason: _Optional[str] = ..., trial_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., inbound_per_min_minor: _Optional[int] = ..., outbound_per_min_minor: _Optional[int] = ..., disabled: _Optional[bool] = ..., livemode: _Optional[bool] = ...) -> None: ...

class ClaimNumberRequest(_message.Message):
    __slots__ = ("workspace_id", "number_id", "idempotency_key", "livemode")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    number_id: str
    idempotency_key: str
    livemode: bool
    def __init__(self, workspace_id: _Optional[str] = ..., number_id: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class ClaimNumberResponse(_message.Message):
    __slots__ = ("tenant_number", "ledger_entry_id")
    TENANT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    LEDGER_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    tenant_number: TenantNumber
    ledger_entry_id: str
    def __init__(self, tenant_number: _Optional[_Union[TenantNumber, _Mapping]] = ..., ledger_entry_id: _Optional[str] = ...) -> None: ...

class GetTenantNumberRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id", "e164")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    e164: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., e164: _Optional[str] = ...) -> None: ...

class GetTenantNumberResponse(_message.Message):
    __slots__ = ("tenant_number",)
    TENANT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    tenant_number: TenantNumber
    def __init__(self, tenant_number: _Optional[_Union[TenantNumber, _Mapping]] = ...) -> None: ...

class ListTenantNumbersRequest(_message.Message):
    __slots__ = ("workspace_id", "limit", "cursor", "status", "trials_only", "disabled")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TRIALS_ONLY_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    limit: int
    cursor: str
    status: TenantNumberStatus
    trials_only: bool
    disabled: bool
    def __init__(self, workspace_id: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ..., status: _Optional[_Union[TenantNumberStatus, str]] = ..., trials_only: _Optional[bool] = ..., disabled: _Optional[bool] = ...) -> None: ...

class ListTenantNumbersResponse(_message.Message):
    __slots__ = ("tenant_numbers", "next_cursor")
    TENANT_NUMBERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    tenant_numbers: _containers.RepeatedCompositeFieldContainer[TenantNumber]
    next_cursor: str
    def __init__(self, tenant_numbers: _Optional[_Iterable[_Union[TenantNumber, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class UpdateTenantNumberRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id", "allow_inbound", "allow_outbound", "disabled")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    ALLOW_INBOUND_FIELD_NUMBER: _ClassVar[int]
    ALLOW_OUTBOUND_FIELD_NUMBER: _ClassVar[int]
    DISABLED_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    allow_inbound: bool
    allow_outbound: bool
    disabled: bool
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ..., allow_inbound: _Optional[bool] = ..., allow_outbound: _Optional[bool] = ..., disabled: _Optional[bool] = ...) -> None: ...

class UpdateTenantNumberResponse(_message.Message):
    __slots__ = ("tenant_number",)
    TENANT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    tenant_number: TenantNumber
    def __init__(self, tenant_number: _Optional[_Union[TenantNumber, _Mapping]] = ...) -> None: ...

class ReleaseNumberRequest(_message.Message):
    __slots__ = ("workspace_id", "tenant_number_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    tenant_number_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., tenant_number_id: _Optional[str] = ...) -> None: ...

class ReleaseNumberResponse(_message.Message):
    __slots__ = ("tenant_number",)
    TENANT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    tenant_number: TenantNumber
    def __init__(self, tenant_number: _Optional[_Union[TenantNumber, _Mapping]] = ...) -> None: ...

class SuspendNumberRequest(_message.Message):
    __slots__ = ("tenant_number_id", "reason")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    reason: str
    def __init__(self, tenant_number_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class SuspendNumberResponse(_message.Message):
    __slots__ = ("tenant_number",)
    TENANT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    tenant_number: TenantNumber
    def __init__(self, tenant_number: _Optional[_Union[TenantNumber, _Mapping]] = ...) -> None: ...

class ResumeNumberRequest(_message.Message):
    __slots__ = ("tenant_number_id",)
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    def __init__(self, tenant_number_id: _Optional[str] = ...) -> None: ...

class ResumeNumberResponse(_message.Message):
    __slots__ = ("tenant_number",)
    TENANT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    tenant_number: TenantNumber
    def __init__(self, tenant_number: _Optional[_Union[TenantNumber, _Mapping]] = ...) -> None: ...

class RunRenewalsRequest(_message.Message):
    __slots__ = ("period", "after_tenant_number_id", "limit")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    AFTER_TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    period: str
    after_tenant_number_id: str
    limit: int
    def __init__(self, period: _Optional[str] = ..., after_tenant_number_id: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class RenewalItem(_message.Message):
    __slots__ = ("tenant_number_id", "workspace_id", "e164", "period", "outcome", "amount_minor", "currency", "reason")
    TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    tenant_number_id: str
    workspace_id: str
    e164: str
    period: str
    outcome: RenewalOutcome
    amount_minor: int
    currency: str
    reason: str
    def __init__(self, tenant_number_id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., period: _Optional[str] = ..., outcome: _Optional[_Union[RenewalOutcome, str]] = ..., amount_minor: _Optional[int] = ..., currency: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RunRenewalsResponse(_message.Message):
    __slots__ = ("period", "items", "next_after_tenant_number_id", "due_remaining")
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_AFTER_TENANT_NUMBER_ID_FIELD_NUMBER: _ClassVar[int]
    DUE_REMAINING_FIELD_NUMBER: _ClassVar[int]
    period: str
    items: _containers.RepeatedCompositeFieldContainer[RenewalItem]
    next_after_tenant_number_id: str
    due_remaining: int
    def __init__(self, period: _Optional[str] = ..., items: _Optional[_Iterable[_Union[RenewalItem, _Mapping]]] = ..., next_after_tenant_number_id: _Optional[str] = ..., due_remaining: _Optional[int] = ...) -> None: ...

class ProvisionTrialRequest(_message.Message):
    __slots__ = ("workspace_id", "e164", "trial_until", "livemode")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    E164_FIELD_NUMBER: _ClassVar[int]
    TRIAL_UNTIL_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    e164: str
    trial_until: _timestamp_pb2.Timestamp
    livemode: bool
    def __init__(self, workspace_id: _Optional[str] = ..., e164: _Optional[str] = ..., trial_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., livemode: _Optional[bool] = ...) -> None: ...

class ProvisionTrialResponse(_message.Message):
    __slots__ = ("tenant_number",)
    TENANT_NUMBER_FIELD_NUMBER: _ClassVar[int]
    tenant_number: TenantNumber
    def __init__(self, tenant_number: _Optional[_Union[TenantNumber, _Mapping]] = ...) -> None: ...
