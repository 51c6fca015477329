"""Tables of the wallet schema and the queries on them (SQLAlchemy Core).

Credits and debits are each one SQL statement: look up the idempotency key, move the balance
only when the key is new (and, for a debit, only when the balance covers it), and append the
ledger entry, all in one round trip. The database decides every race: the conditional UPDATE
serialises movements on one wallet's row, the unique idempotency key stops a duplicate.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    CHAR,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    MetaData,
    Row,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    exists,
    false,
    func,
    literal_column,
    select,
    true,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.selectable import CTE, CompoundSelect

from platform_common.ids import new_id
from platform_common.outbox import outbox_table, processed_events_table
from services.wallet.domain import (
    CURRENCY,
    Direction,
    EntryType,
    LedgerCursor,
    LedgerEntry,
    MoneyMovement,
    Wallet,
)

SCHEMA = "wallet"
metadata = MetaData(schema=SCHEMA)

wallets = Table(
    "wallets",
    metadata,
    Column("workspace_id", UUID(as_uuid=True), primary_key=True),
    Column("currency", CHAR(3), nullable=False, server_default=CURRENCY),
    Column("balance_minor", BigInteger, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # Maintained by a trigger on ledger inserts, never by this code; a deferred constraint
    # trigger requires it to equal balance_minor at COMMIT (migration 0002).
    Column("ledger_sum_minor", BigInteger, nullable=False, server_default="0"),
    # Money held for calls in progress (services/wallet/usage, migration 0003): the available
    # balance is balance_minor - reserved_minor, never negative.
    Column("reserved_minor", BigInteger, nullable=False, server_default="0"),
    # False for a sandbox workspace's wallet (test money, services/wallet/sandbox.py).
    Column("livemode", Boolean, nullable=False, server_default=true()),
    CheckConstraint("balance_minor >= 0", name="ck_wallets_balance_not_negative"),
    CheckConstraint(
        "reserved_minor >= 0 AND reserved_minor <= balance_minor",
        name="ck_wallets_reserved_within_balance",
    ),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("entry_type", Text, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", CHAR(3), nullable=False),
    Column("balance_after_minor", BigInteger, nullable=False),
    Column("reference", Text),
    Column("reason", Text),
    Column("idempotency_key", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(
        "entry_type IN ('adjustment', 'number_rental', 'topup', 'call_usage')",
        name="ck_ledger_entries_entry_type",
    ),
    CheckConstraint("amount_minor <> 0", name="ck_ledger_entries_amount_not_zero"),
    CheckConstraint(
        "balance_after_minor >= 0", name="ck_ledger_entries_balance_after_not_negative"
    ),
    # The idempotency guarantee itself: a second entry under one key cannot exist.
    UniqueConstraint("idempotency_key", name="uq_ledger_entries_idempotency_key"),
)
Index(
    "ix_ledger_entries_workspace_newest",
    ledger_entries.c.workspace_id,
    ledger_entries.c.created_at.desc(),
    ledger_entries.c.id.desc(),
)

outbox = outbox_table(metadata)
processed_events = processed_events_table(metadata)

_ENTRY_COLUMNS = [c.name for c in ledger_entries.c]


def _entry(row: Row[Any]) -> LedgerEntry:
    return LedgerEntry(
        id=row.id,
        workspace_id=row.workspace_id,
        entry_type=EntryType(row.entry_type),
        amount_minor=row.amount_minor,
        currency=row.currency,
        balance_after_minor=row.balance_after_minor,
        reference=row.reference,
        reason=row.reason,
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
    )


async def wallet_livemode(conn: AsyncConnection, workspace_id: uuid.UUID) -> bool:
    """False for a sandbox workspace's wallet; a wallet with no row yet is live (sandbox
    wallets are opened, marked, before their first movement: services/wallet/sandbox.py)."""
    value = (
        await conn.execute(select(wallets.c.livemode).where(wallets.c.workspace_id == workspace_id))
    ).scalar()
    return True if value is None else bool(value)


# Built once: GET /v1/wallet's one statement (constructing and cache-keying a SQLAlchemy
# select per call cost more CPU than PostgreSQL spends running it).
_GET_WALLET = select(
    wallets.c.workspace_id,
    wallets.c.balance_minor,
    wallets.c.currency,
    wallets.c.updated_at,
    wallets.c.reserved_minor,
).where(wallets.c.workspace_id == bindparam("b_workspace_id"))


async def get_wallet(conn: AsyncConnection, workspace_id: uuid.UUID) -> Wallet | None:
    row = (await conn.execute(_GET_WALLET, {"b_workspace_id": workspace_id})).first()
    if row is None:
        return None
    return Wallet(
        workspace_id=row.workspace_id,
        balance_minor=row.balance_minor,
        currency=row.currency,
        updated_at=row.updated_at,
        reserved_minor=row.reserved_minor,
    )


async def get_entry_by_key(conn: AsyncConnection, idempotency_key: str) -> LedgerEntry | None:
    row = (
        await conn.execute(
            select(ledger_entries).where(ledger_entries.c.idempotency_key == idempotency_key)
        )
    ).first()
    return None if row is None else _entry(row)


async def list_entries(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, after: LedgerCursor | None, limit: int
) -> list[LedgerEntry]:
    """Up to `limit` entries of the workspace, newest first, strictly after the cursor."""
    t = ledger_entries
    query = select(t).where(t.c.workspace_id == workspace_id)
    if after is not None:
        query = query.where(tuple_(t.c.created_at, t.c.id) < tuple_(after.at, after.id))
    query = query.order_by(t.c.created_at.desc(), t.c.id.desc()).limit(limit)
    return [_entry(row) for row in (await conn.execute(query)).all()]


_NOT_AFTER = bindparam("p_not_after", type_=DateTime(timezone=True))
_INFINITY = literal_column("'infinity'::timestamptz", DateTime(timezone=True))


def _movement_statement(direction: Direction) -> CompoundSelect:
    """The one statement of a credit or debit, built once: constructing SQLAlchemy CTEs per
    call costs more CPU than the database spends executing them. Parameters are named p_*
    because SQLAlchemy treats parameters named like a column as SET values of an UPDATE."""
    t = ledger_entries
    w = wallets
    existing = (
        select(t).where(t.c.idempotency_key == bindparam("p_idempotency_key")).cte("existing")
    )
    key_is_new = ~exists(select(existing.c.id))
    amount = bindparam("p_amount_minor", type_=BigInteger)
    moved_columns = (w.c.workspace_id, w.c.currency, w.c.balance_minor, w.c.updated_at)
    moved: CTE
    if direction is Direction.CREDIT:
        # The first credit creates the wallet; later ones add to it.
        upsert = insert(w).from_select(
            ["workspace_id", "currency", "balance_minor"],
            select(
                bindparam("p_workspace_id", type_=UUID(as_uuid=True)),
                bindparam("p_currency", type_=CHAR(3)),
                amount,
            ).where(key_is_new),
        )
        moved = (
            upsert.on_conflict_do_update(
                index_elements=[w.c.workspace_id],
                set_={
                    "balance_minor": w.c.balance_minor + upsert.excluded.balance_minor,
                    "updated_at": func.now(),
                },
            )
            .returning(*moved_columns)
            .cte("moved")
        )
    else:
        # Never read-then-write: the balance test is part of the UPDATE, re-evaluated on the
        # latest row version after any concurrent movement of this wallet commits. The fence
        # uses clock_timestamp(), not now(): a debit that queued on the row lock past its
        # fence must not land.
        moved = (
            update(w)
            .where(
                w.c.workspace_id == bindparam("p_workspace_id", type_=UUID(as_uuid=True)),
                # Money reserved for calls in progress is not there to take.
                w.c.balance_minor - w.c.reserved_minor >= amount,
                key_is_new,
                func.clock_timestamp() <= func.coalesce(_NOT_AFTER, _INFINITY),
            )
            .values(balance_minor=w.c.balance_minor - amount, updated_at=func.now())
            .returning(*moved_columns)
            .cte("moved")
        )
    inserted = (
        insert(t)
        .from_select(
            _ENTRY_COLUMNS,
            select(
                bindparam("p_id", type_=UUID(as_uuid=True)),
                moved.c.workspace_id,
                bindparam("p_entry_type", type_=Text),
                bindparam("p_signed_amount_minor", type_=BigInteger),
                moved.c.currency,
                moved.c.balance_minor,
                bindparam("p_reference", type_=Text),
                bindparam("p_reason", type_=Text),
                bindparam("p_idempotency_key", type_=Text),
                moved.c.updated_at,
            ),
        )
        .on_conflict_do_nothing(index_elements=[t.c.idempotency_key])
        .returning(*t.c)
        .cte("inserted")
    )
    return union_all(
        select(true().label("replayed"), *existing.c),
        select(false().label("replayed"), *inserted.c),
    )


_MOVEMENT_STATEMENTS = {direction: _movement_statement(direction) for direction in Direction}


async def apply_movement(conn: AsyncConnection, movement: MoneyMovement) -> MovementAttempt:
    """Runs the one statement of a credit or debit inside the caller's transaction: look up
    the key, move the balance only for a new key (a debit only if covered and not past its
    fence), append the entry.

    Outcomes: the key was already recorded (`existing`, nothing moved); the money moved and
    `inserted` is the new entry; or neither, when a debit was not covered or a concurrent
    transaction recorded the same key first. In that last case this statement may have moved
    the balance, so the caller must roll back before looking further.
    """
    parameters: dict[str, Any] = {
        "p_id": new_id(),
        "p_workspace_id": movement.workspace_id,
        "p_currency": movement.currency,
        "p_amount_minor": movement.amount_minor,
        "p_signed_amount_minor": movement.signed_amount_minor,
        "p_entry_type": movement.entry_type.value,
        "p_reference": movement.reference,
        "p_reason": movement.reason,
        "p_idempotency_key": movement.idempotency_key,
    }
    if movement.direction is Direction.DEBIT:
        parameters["p_not_after"] = movement.not_after
    result = await conn.execute(_MOVEMENT_STATEMENTS[movement.direction], parameters)
    return MovementAttempt(result.all())


_ONE_ROW = select(literal_column("1").label("one")).subquery("one_row")
_REFUSAL_STATE = select(
    func.coalesce(func.clock_timestamp() > _NOT_AFTER, false()).label("fence_passed"),
    func.coalesce(
        select(wallets.c.balance_minor)
        .where(wallets.c.workspace_id == bindparam("p_workspace_id", type_=UUID(as_uuid=True)))
        .scalar_subquery(),
        0,
    ).label("wallet_balance_minor"),
    *ledger_entries.c,
).select_from(
    _ONE_ROW.outerjoin(
        ledger_entries, ledger_entries.c.idempotency_key == bindparam("p_idempotency_key")
    )
)


@dataclass(frozen=True)
class RefusalState:
    """Why a movement wrote nothing, as the database sees it now."""

    first: LedgerEntry | None  # recorded under the key by a concurrent transaction
    balance_minor: int
    fence_passed: bool


async def refusal_state(conn: AsyncConnection, movement: MoneyMovement) -> RefusalState:
    """After a movement wrote nothing: the entry a concurrent transaction recorded under the
    key (if any), the wallet's current balance and whether the debit's fence has passed, in
    one round trip."""
    row = (
        await conn.execute(
            _REFUSAL_STATE,
            {
                "p_workspace_id": movement.workspace_id,
                "p_idempotency_key": movement.idempotency_key,
                "p_not_after": movement.not_after,
            },
        )
    ).one()
    return RefusalState(
        first=None if row.id is None else _entry(row),
        balance_minor=row.wallet_balance_minor,
        fence_passed=row.fence_passed,
    )


class MovementAttempt:
    """What `apply_movement` found or wrote."""

    def __init__(self, rows: Sequence[Row[Any]]) -> None:
        self.existing: LedgerEntry | None = None
        self.inserted: LedgerEntry | None = None
        for row in rows:
            if row.replayed:
                self.existing = _entry(row)
            else:
                self.inserted = _entry(row)
