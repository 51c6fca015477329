"""Wallet domain rules without I/O: validation of movements, replay matching, paging."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import grpc
import pytest

from platform_common.errors import DomainError
from services.wallet.domain import (
    DEFAULT_PAGE_LIMIT,
    DebitExpired,
    Direction,
    EntryType,
    IdempotencyKeyConflict,
    LedgerCursor,
    LedgerEntry,
    MoneyMovement,
    Wallet,
    WalletInsufficientFunds,
    page_limit,
    require_idempotency_key,
)

WORKSPACE = "0190a000-0000-7000-8000-000000000001"


def movement(direction: Direction = Direction.DEBIT, **overrides: object) -> MoneyMovement:
    fields: dict[str, object] = {
        "workspace_id": WORKSPACE,
        "amount_minor": 50_000,
        "currency": "KES",
        "entry_type": EntryType.NUMBER_RENTAL if direction is Direction.DEBIT else EntryType.TOPUP,
        "reason": "",
        "reference": "",
        "idempotency_key": "claim-1",
    }
    fields.update(overrides)
    return MoneyMovement.parse(direction, **fields)  # type: ignore[arg-type]


def refusal(direction: Direction, **overrides: object) -> DomainError:
    with pytest.raises(DomainError) as caught:
        movement(direction, **overrides)
    return caught.value


def test_valid_debit_keeps_values_and_signs_the_amount() -> None:
    debit = movement(Direction.DEBIT, reference="tn-1", reason="claim")
    assert debit.workspace_id == uuid.UUID(WORKSPACE)
    assert debit.amount_minor == 50_000
    assert debit.signed_amount_minor == -50_000
    assert (debit.reference, debit.reason) == ("tn-1", "claim")


def test_empty_currency_defaults_to_kes_and_empty_notes_become_none() -> None:
    credit = movement(Direction.CREDIT, currency="")
    assert credit.currency == "KES"
    assert credit.signed_amount_minor == 50_000
    assert credit.reason is None and credit.reference is None


@pytest.mark.parametrize(
    ("direction", "overrides", "code", "fields"),
    [
        (Direction.CREDIT, {"workspace_id": "not-a-uuid"}, "validation_failed", ["workspace_id"]),
        (Direction.CREDIT, {"amount_minor": 0}, "validation_failed", ["amount_minor"]),
        (Direction.DEBIT, {"amount_minor": -1}, "validation_failed", ["amount_minor"]),
        (Direction.DEBIT, {"amount_minor": 10**16}, "validation_failed", ["amount_minor"]),
        (Direction.CREDIT, {"currency": "USD"}, "currency_not_supported", ["currency"]),
        (Direction.DEBIT, {"currency": "kes"}, "currency_not_supported", ["currency"]),
        (Direction.CREDIT, {"idempotency_key": ""}, "validation_failed", ["idempotency_key"]),
        (Direction.DEBIT, {"idempotency_key": "k" * 201}, "validation_failed", ["idempotency_key"]),
        (Direction.CREDIT, {"reason": "r" * 501}, "validation_failed", ["reason"]),
        (Direction.DEBIT, {"reference": "r" * 201}, "validation_failed", ["reference"]),
        (
            Direction.CREDIT,
            {"entry_type": EntryType.NUMBER_RENTAL},
            "validation_failed",
            ["entry_type"],
        ),
        (Direction.DEBIT, {"entry_type": EntryType.TOPUP}, "validation_failed", ["entry_type"]),
        (Direction.DEBIT, {"entry_type": None}, "validation_failed", ["entry_type"]),
        (
            Direction.CREDIT,
            {"workspace_id": "", "amount_minor": 0, "idempotency_key": ""},
            "validation_failed",
            ["workspace_id", "amount_minor", "idempotency_key"],
        ),
    ],
)
def test_bad_movements_are_refused_naming_the_fields(
    direction: Direction, overrides: dict[str, object], code: str, fields: list[str]
) -> None:
    error = refusal(direction, **overrides)
    assert error.status is grpc.StatusCode.INVALID_ARGUMENT
    assert error.code == code
    assert [v.field for v in error.violations] == fields


def test_only_a_debit_can_carry_a_fence() -> None:
    fence = datetime(2026, 1, 1, tzinfo=UTC)
    assert movement(Direction.DEBIT, not_after=fence).not_after == fence
    error = refusal(Direction.CREDIT, not_after=fence)
    assert (error.code, [v.field for v in error.violations]) == ("validation_failed", ["not_after"])


def test_debit_expired_is_a_failed_precondition() -> None:
    error = DebitExpired("late")
    assert (error.status, error.code) == (grpc.StatusCode.FAILED_PRECONDITION, "debit_expired")


def test_limits_are_inclusive() -> None:
    movement(Direction.CREDIT, idempotency_key="k" * 200, reason="r" * 500, reference="x" * 200)
    movement(Direction.DEBIT, amount_minor=1)


def test_adjustment_goes_both_ways() -> None:
    assert movement(Direction.CREDIT, entry_type=EntryType.ADJUSTMENT).signed_amount_minor > 0
    assert movement(Direction.DEBIT, entry_type=EntryType.ADJUSTMENT).signed_amount_minor < 0


def entry_for(m: MoneyMovement, **overrides: object) -> LedgerEntry:
    fields: dict[str, object] = {
        "id": uuid.uuid4(),
        "workspace_id": m.workspace_id,
        "entry_type": m.entry_type,
        "amount_minor": m.signed_amount_minor,
        "currency": "KES",
        "balance_after_minor": 0,
        "reference": None,
        "reason": None,
        "idempotency_key": m.idempotency_key,
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    fields.update(overrides)
    return LedgerEntry(**fields)  # type: ignore[arg-type]


def test_replay_of_the_same_movement_returns_the_first_entry() -> None:
    debit = movement(
        Direction.DEBIT,
        reason="retry says something else",
        not_after=datetime(2020, 1, 1, tzinfo=UTC),
    )
    first = entry_for(debit, reason="claim", balance_after_minor=7)
    result = debit.replay(first)
    assert result.replayed is True
    assert result.entry is first
    assert result.wallet.balance_minor == 7
    assert result.wallet.updated_at == first.created_at


@pytest.mark.parametrize(
    "difference",
    [
        {"workspace_id": uuid.UUID("0190a000-0000-7000-8000-000000000002")},
        {"amount_minor": -49_999},
        {"amount_minor": 50_000},  # the key was used for a credit of the same size
        {"entry_type": EntryType.ADJUSTMENT},
    ],
)
def test_replay_of_a_different_movement_is_a_conflict(difference: dict[str, object]) -> None:
    debit = movement(Direction.DEBIT)
    with pytest.raises(IdempotencyKeyConflict) as caught:
        debit.replay(entry_for(debit, **difference))
    assert caught.value.status is grpc.StatusCode.FAILED_PRECONDITION
    assert caught.value.code == "idempotency_key_conflict"


def test_insufficient_funds_carries_balance_and_requirement() -> None:
    error = WalletInsufficientFunds(balance_minor=100, required_minor=150)
    assert error.status is grpc.StatusCode.FAILED_PRECONDITION
    assert error.code == "wallet_insufficient_funds"
    assert error.metadata == {"balance_minor": "100", "required_minor": "150"}


def test_unknown_workspace_has_an_empty_kes_wallet() -> None:
    wallet = Wallet.empty(uuid.UUID(WORKSPACE))
    assert (wallet.balance_minor, wallet.currency, wallet.updated_at) == (0, "KES", None)


def test_cursor_round_trips_and_rejects_garbage() -> None:
    cursor = LedgerCursor(at=datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=UTC), id=uuid.uuid4())
    assert LedgerCursor.decode(cursor.encode()) == cursor
    assert LedgerCursor.decode("") is None
    for garbage in ["%%%", "bm90LWEtY3Vyc29y", LedgerCursor.encode(cursor)[:-4]]:
        with pytest.raises(DomainError) as caught:
            LedgerCursor.decode(garbage)
        assert caught.value.code == "validation_failed"
        assert [v.field for v in caught.value.violations] == ["cursor"]


@pytest.mark.parametrize(("given", "expected"), [(0, DEFAULT_PAGE_LIMIT), (1, 1), (100, 100)])
def test_page_limit_accepts(given: int, expected: int) -> None:
    assert page_limit(given) == expected


@pytest.mark.parametrize("given", [-1, 101])
def test_page_limit_refuses(given: int) -> None:
    with pytest.raises(DomainError) as caught:
        page_limit(given)
    assert caught.value.code == "validation_failed"


def test_ledger_lookup_needs_a_key() -> None:
    assert require_idempotency_key("claim-1") == "claim-1"
    with pytest.raises(DomainError) as caught:
        require_idempotency_key("")
    assert [v.field for v in caught.value.violations] == ["idempotency_key"]
