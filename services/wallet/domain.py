"""Wallet domain: money movements, ledger entries, their validation and the wallet's errors.

No I/O here. A `MoneyMovement` is a credit or debit request that already passed validation;
the use cases turn it into a ledger entry or into one of the errors below.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from platform_common.errors import Conflict, FieldViolation, InvalidArgument, NotFound
from platform_common.ids import parse_uuid
from platform_common.paging import TimeOrderedCursor

CURRENCY = "KES"
SUPPORTED_CURRENCIES = frozenset({CURRENCY})
MAX_IDEMPOTENCY_KEY_LENGTH = 200
MAX_REASON_LENGTH = 500
MAX_REFERENCE_LENGTH = 200
# Far above any real movement (KES 10 trillion) and far below bigint, so balance arithmetic in
# SQL can never overflow into an internal error.
MAX_AMOUNT_MINOR = 10**15
DEFAULT_PAGE_LIMIT = 20
MAX_PAGE_LIMIT = 100


class EntryType(StrEnum):
    """Why money moved; stored as text in ledger_entries.entry_type."""

    ADJUSTMENT = "adjustment"
    NUMBER_RENTAL = "number_rental"
    TOPUP = "topup"
    # A settled call (services/wallet/usage); only ever written by the settlement itself.
    CALL_USAGE = "call_usage"


class Direction(StrEnum):
    CREDIT = "credit"
    DEBIT = "debit"


# Rentals only ever take money; top-ups only ever add it; operators may do both.
ALLOWED_ENTRY_TYPES: dict[Direction, tuple[EntryType, ...]] = {
    Direction.CREDIT: (EntryType.ADJUSTMENT, EntryType.TOPUP),
    Direction.DEBIT: (EntryType.NUMBER_RENTAL, EntryType.ADJUSTMENT),
}


class WalletInsufficientFunds(Conflict):
    default_code = "wallet_insufficient_funds"

    def __init__(self, *, balance_minor: int, required_minor: int) -> None:
        super().__init__(
            f"wallet balance {balance_minor} is below the required {required_minor} (minor units)",
            metadata={"balance_minor": str(balance_minor), "required_minor": str(required_minor)},
        )


class DebitExpired(Conflict):
    """The caller's fence (`not_after`) passed before the debit could land."""

    default_code = "debit_expired"


class CurrencyNotSupported(InvalidArgument):
    default_code = "currency_not_supported"


class IdempotencyKeyConflict(Conflict):
    default_code = "idempotency_key_conflict"


class LedgerEntryNotFound(NotFound):
    default_code = "ledger_entry_not_found"


@dataclass(frozen=True)
class Wallet:
    workspace_id: uuid.UUID
    balance_minor: int
    currency: str
    updated_at: datetime | None
    # Held for calls in progress; only GetWallet reads it (a movement's wallet leaves it 0).
    reserved_minor: int = 0

    @property
    def available_minor(self) -> int:
        """What a new call or debit can use: the balance minus active call reservations."""
        return self.balance_minor - self.reserved_minor

    @classmethod
    def empty(cls, workspace_id: uuid.UUID) -> Wallet:
        """The wallet of a workspace that never had money (the wallet does not know which
        workspaces exist, so every valid id has one)."""
        return cls(workspace_id=workspace_id, balance_minor=0, currency=CURRENCY, updated_at=None)


@dataclass(frozen=True)
class LedgerEntry:
    id: uuid.UUID
    workspace_id: uuid.UUID
    entry_type: EntryType
    amount_minor: int  # positive credit, negative debit
    currency: str
    balance_after_minor: int
    reference: str | None
    reason: str | None
    idempotency_key: str
    created_at: datetime

    def wallet_after(self) -> Wallet:
        """The wallet as this entry left it (what a replay reports: the first result)."""
        return Wallet(
            workspace_id=self.workspace_id,
            balance_minor=self.balance_after_minor,
            currency=self.currency,
            updated_at=self.created_at,
        )


@dataclass(frozen=True)
class MovementResult:
    entry: LedgerEntry
    replayed: bool

    @property
    def wallet(self) -> Wallet:
        return self.entry.wallet_after()


def _check_idempotency_key(key: str) -> list[FieldViolation]:
    if not key:
        return [FieldViolation("idempotency_key", "is required")]
    if len(key) > MAX_IDEMPOTENCY_KEY_LENGTH:
        return [
            FieldViolation(
                "idempotency_key", f"must be at most {MAX_IDEMPOTENCY_KEY_LENGTH} characters"
            )
        ]
    return []


def _raise_if(violations: list[FieldViolation]) -> None:
    if violations:
        fields = ", ".join(v.field for v in violations)
        raise InvalidArgument(f"invalid request: {fields}", violations=violations)


@dataclass(frozen=True)
class MoneyMovement:
    """A validated credit or debit of one wallet."""

    direction: Direction
    workspace_id: uuid.UUID
    amount_minor: int  # always positive; the direction gives the sign
    currency: str
    entry_type: EntryType
    reason: str | None
    reference: str | None
    idempotency_key: str
    # Debits only: refused once the database clock passes this instant (the claim saga's
    # reservation expiry), so a debit never lands after the sweeper gave the number back.
    not_after: datetime | None = None

    @property
    def signed_amount_minor(self) -> int:
        return self.amount_minor if self.direction is Direction.CREDIT else -self.amount_minor

    @classmethod
    def parse(
        cls,
        direction: Direction,
        *,
        workspace_id: str,
        amount_minor: int,
        currency: str,
        entry_type: EntryType | None,
        reason: str,
        reference: str,
        idempotency_key: str,
        not_after: datetime | None = None,
    ) -> MoneyMovement:
        """Validates a credit or debit request; InvalidArgument names every bad field."""
        violations: list[FieldViolation] = []
        parsed_workspace_id = parse_uuid(workspace_id)
        if parsed_workspace_id is None:
            violations.append(FieldViolation("workspace_id", "must be a UUID"))
        if amount_minor <= 0:
            violations.append(FieldViolation("amount_minor", "must be greater than 0"))
        elif amount_minor > MAX_AMOUNT_MINOR:
            violations.append(FieldViolation("amount_minor", f"must be at most {MAX_AMOUNT_MINOR}"))
        allowed = ALLOWED_ENTRY_TYPES[direction]
        if entry_type not in allowed:
            names = ", ".join(t.value for t in allowed)
            violations.append(
                FieldViolation("entry_type", f"must be one of {names} for a {direction}")
            )
        if len(reason) > MAX_REASON_LENGTH:
            violations.append(
                FieldViolation("reason", f"must be at most {MAX_REASON_LENGTH} characters")
            )
        if len(reference) > MAX_REFERENCE_LENGTH:
            violations.append(
                FieldViolation("reference", f"must be at most {MAX_REFERENCE_LENGTH} characters")
            )
        violations.extend(_check_idempotency_key(idempotency_key))
        if not_after is not None and direction is Direction.CREDIT:
            violations.append(
                FieldViolation("not_after", "must be unset: only a debit can have a fence")
            )
        _raise_if(violations)
        currency = currency or CURRENCY
        if currency not in SUPPORTED_CURRENCIES:
            raise CurrencyNotSupported(
                f"currency {currency!r} is not supported; wallets hold {CURRENCY}",
                violations=[FieldViolation("currency", f"must be {CURRENCY}")],
            )
        assert parsed_workspace_id is not None and entry_type is not None
        return cls(
            direction=direction,
            workspace_id=parsed_workspace_id,
            amount_minor=amount_minor,
            currency=currency,
            entry_type=entry_type,
            reason=reason or None,
            reference=reference or None,
            idempotency_key=idempotency_key,
            not_after=not_after,
        )

    def replay(self, first: LedgerEntry) -> MovementResult:
        """The first result recorded under this key, or IdempotencyKeyConflict when that key
        was used for a different movement (reason, reference and the fence may differ: a retry
        of a debit that landed is answered even after its fence passed)."""
        same = (
            first.workspace_id == self.workspace_id
            and first.amount_minor == self.signed_amount_minor
            and first.entry_type == self.entry_type
            and first.currency == self.currency
        )
        if not same:
            # No detail about the first entry: the key may belong to another workspace.
            raise IdempotencyKeyConflict(
                "idempotency_key was already used for a different ledger entry"
            )
        return MovementResult(entry=first, replayed=True)


def require_idempotency_key(key: str) -> str:
    """Validates the key of a ledger-entry lookup."""
    _raise_if(_check_idempotency_key(key))
    return key


def page_limit(limit: int) -> int:
    """0 means the default page size; otherwise 1..MAX_PAGE_LIMIT."""
    if limit == 0:
        return DEFAULT_PAGE_LIMIT
    if not 1 <= limit <= MAX_PAGE_LIMIT:
        _raise_if([FieldViolation("limit", f"must be between 1 and {MAX_PAGE_LIMIT}")])
    return limit


# The ledger pages newest first on (created_at, id).
LedgerCursor = TimeOrderedCursor
