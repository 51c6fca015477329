import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class EntryType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ENTRY_TYPE_UNSPECIFIED: _ClassVar[EntryType]
    ENTRY_TYPE_ADJUSTMENT: _ClassVar[EntryType]
    ENTRY_TYPE_NUMBER_RENTAL: _ClassVar[EntryType]
    ENTRY_TYPE_TOPUP: _ClassVar[EntryType]
    ENTRY_TYPE_CALL_USAGE: _ClassVar[EntryType]
ENTRY_TYPE_UNSPECIFIED: EntryType
ENTRY_TYPE_ADJUSTMENT: EntryType
ENTRY_TYPE_NUMBER_RENTAL: EntryType
ENTRY_TYPE_TOPUP: EntryType
ENTRY_TYPE_CALL_USAGE: EntryType

class Wallet(_message.Message):
    __slots__ = ("workspace_id", "balance_minor", "currency", "updated_at", "reserved_minor", "available_minor")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    BALANCE_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    RESERVED_MINOR_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_MINOR_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    balance_minor: int
    currency: str
    updated_at: _timestamp_pb2.Timestamp
    reserved_minor: int
    available_minor: int
    def __init__(self, workspace_id: _Optional[str] = ..., balance_minor: _Optional[int] = ..., currency: _Optional[str] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reserved_minor: _Optional[int] = ..., available_minor: _Optional[int] = ...) -> None: ...

class LedgerEntry(_message.Message):
    __slots__ = ("id", "workspace_id", "entry_type", "amount_minor", "currency", "balance_after_minor", "reference", "reason", "idempotency_key", "created_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRY_TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_MINOR_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    entry_type: EntryType
    amount_minor: int
    currency: str
    balance_after_minor: int
    reference: str
    reason: str
    idempotency_key: str
    created_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., entry_type: _Optional[_Union[EntryType, str]] = ..., amount_minor: _Optional[int] = ..., currency: _Optional[str] = ..., balance_after_minor: _Optional[int] = ..., reference: _Optional[str] = ..., reason: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetWalletRequest(_message.Message):
    __slots__ = ("workspace_id", "livemode")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    livemode: bool
    def __init__(self, workspace_id: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class GetWalletResponse(_message.Message):
    __slots__ = ("wallet",)
    WALLET_FIELD_NUMBER: _ClassVar[int]
    wallet: Wallet
    def __init__(self, wallet: _Optional[_Union[Wallet, _Mapping]] = ...) -> None: ...

class CreditRequest(_message.Message):
    __slots__ = ("workspace_id", "amount_minor", "currency", "entry_type", "reason", "reference", "idempotency_key")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ENTRY_TYPE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    amount_minor: int
    currency: str
    entry_type: EntryType
    reason: str
    reference: str
    idempotency_key: str
    def __init__(self, workspace_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., currency: _Optional[str] = ..., entry_type: _Optional[_Union[EntryType, str]] = ..., reason: _Optional[str] = ..., reference: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class CreditResponse(_message.Message):
    __slots__ = ("entry", "wallet", "replayed")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    WALLET_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    entry: LedgerEntry
    wallet: Wallet
    replayed: bool
    def __init__(self, entry: _Optional[_Union[LedgerEntry, _Mapping]] = ..., wallet: _Optional[_Union[Wallet, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class DebitRequest(_message.Message):
    __slots__ = ("workspace_id", "amount_minor", "currency", "entry_type", "reason", "reference", "idempotency_key", "not_after", "livemode")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_MINOR_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    ENTRY_TYPE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    NOT_AFTER_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    amount_minor: int
    currency: str
    entry_type: EntryType
    reason: str
    reference: str
    idempotency_key: str
    not_after: _timestamp_pb2.Timestamp
    livemode: bool
    def __init__(self, workspace_id: _Optional[str] = ..., amount_minor: _Optional[int] = ..., currency: _Optional[str] = ..., entry_type: _Optional[_Union[EntryType, str]] = ..., reason: _Optional[str] = ..., reference: _Optional[str] = ..., idempotency_key: _Optional[str] = ..., not_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., livemode: _Optional[bool] = ...) -> None: ...

class DebitResponse(_message.Message):
    __slots__ = ("entry", "wallet", "replayed")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    WALLET_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    entry: LedgerEntry
    wallet: Wallet
    replayed: bool
    def __init__(self, entry: _Optional[_Union[LedgerEntry, _Mapping]] = ..., wallet: _Optional[_Union[Wallet, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class GetLedgerEntryRequest(_message.Message):
    __slots__ = ("idempotency_key",)
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    def __init__(self, idempotency_key: _Optional[str] = ...) -> None: ...

class GetLedgerEntryResponse(_message.Message):
    __slots__ = ("entry",)
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    entry: LedgerEntry
    def __init__(self, entry: _Optional[_Union[LedgerEntry, _Mapping]] = ...) -> None: ...

class ListLedgerEntriesRequest(_message.Message):
    __slots__ = ("workspace_id", "limit", "cursor", "livemode")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURSOR_FIELD_NUMBER: _ClassVar[int]
    LIVEMODE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    limit: int
    cursor: str
    livemode: bool
    def __init__(self, workspace_id: _Optional[str] = ..., limit: _Optional[int] = ..., cursor: _Optional[str] = ..., livemode: _Optional[bool] = ...) -> None: ...

class ListLedgerEntriesResponse(_message.Message):
    __slots__ = ("entries", "next_cursor")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_CURSOR_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[LedgerEntry]
    next_cursor: str
    def __init__(self, entries: _Optional[_Iterable[_Union[LedgerEntry, _Mapping]]] = ..., next_cursor: _Optional[str] = ...) -> None: ...

class DebitBatchRequest(_message.Message):
    __slots__ = ("debits",)
    DEBITS_FIELD_NUMBER: _ClassVar[int]
    debits: _containers.RepeatedCompositeFieldContainer[DebitRequest]
    def __init__(self, debits: _Optional[_Iterable[_Union[DebitRequest, _Mapping]]] = ...) -> None: ...

class DebitRefusal(_message.Message):
    __slots__ = ("reason", "balance_minor")
    REASON_FIELD_NUMBER: _ClassVar[int]
    BALANCE_MINOR_FIELD_NUMBER: _ClassVar[int]
    reason: str
    balance_minor: int
    def __init__(self, reason: _Optional[str] = ..., balance_minor: _Optional[int] = ...) -> None: ...

class DebitApplied(_message.Message):
    __slots__ = ("ledger_entry_id", "balance_after_minor", "replayed")
    LEDGER_ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    BALANCE_AFTER_MINOR_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    ledger_entry_id: str
    balance_after_minor: int
    replayed: bool
    def __init__(self, ledger_entry_id: _Optional[str] = ..., balance_after_minor: _Optional[int] = ..., replayed: _Optional[bool] = ...) -> None: ...

class DebitBatchResult(_message.Message):
    __slots__ = ("debited", "refused")
    DEBITED_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    debited: DebitApplied
    refused: DebitRefusal
    def __init__(self, debited: _Optional[_Union[DebitApplied, _Mapping]] = ..., refused: _Optional[_Union[DebitRefusal, _Mapping]] = ...) -> None: ...

class DebitBatchResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[DebitBatchResult]
    def __init__(self, results: _Optional[_Iterable[_Union[DebitBatchResult, _Mapping]]] = ...) -> None: ...
