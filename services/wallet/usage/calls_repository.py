"""Queries of call billing: reserving money on a wallet, call records, settlement and expiry.

Every decision about money is the database's: a reservation is one conditional UPDATE
(`balance_minor - reserved_minor >= amount`, re-evaluated on the latest row version when
concurrent reservations queue on the wallet's row lock); a settlement locks the call row and
moves only a call still holding its reservation, and its ledger entry's idempotency key
`call:<call_id>` is unique."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CHAR,
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Row,
    Table,
    Text,
    UniqueConstraint,
    func,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.wallet.domain import CURRENCY, LedgerCursor
from services.wallet.repository import metadata
from services.wallet.usage.domain import (
    SETTLEABLE,
    CallDirection,
    CallRecord,
    CallStatus,
    RefusalReason,
)

calls = Table(
    "calls",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("call_id", Text, nullable=False),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("tenant_number_id", UUID(as_uuid=True), nullable=False),
    Column("e164", Text, nullable=False),
    Column("direction", Text, nullable=False),
    Column("from_number", Text, nullable=False),
    Column("to_number", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("refusal_reason", Text),
    Column("rate_per_min_minor", BigInteger, nullable=False),
    Column("currency", CHAR(3), nullable=False, server_default=CURRENCY),
    Column("max_duration_seconds", BigInteger, nullable=False, server_default="0"),
    Column("reserved_minor", BigInteger, nullable=False, server_default="0"),
    Column("authorized_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),
    Column("started_at", DateTime(timezone=True)),
    Column("answered_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),
    Column("billable_seconds", BigInteger),
    Column("cost_minor", BigInteger),
    Column("charged_minor", BigInteger),
    Column("ledger_entry_id", UUID(as_uuid=True)),
    Column("failure_reason", Text),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(
        "reserved_minor >= 0 AND (status = 'authorized' OR reserved_minor = 0)",
        name="ck_calls_reserved_only_while_authorized",
    ),
    UniqueConstraint("call_id", name="uq_calls_call_id"),
    UniqueConstraint("ledger_entry_id", name="uq_calls_ledger_entry_id"),
)
Index(
    "ix_calls_workspace_newest",
    calls.c.workspace_id,
    calls.c.authorized_at.desc(),
    calls.c.id.desc(),
)

k = calls.c


def record_of(row: Row[Any]) -> CallRecord:
    return CallRecord(
        id=row.id,
        call_id=row.call_id,
        workspace_id=row.workspace_id,
        tenant_number_id=row.tenant_number_id,
        e164=row.e164,
        direction=CallDirection(row.direction),
        from_number=row.from_number,
        to_number=row.to_number,
        status=CallStatus(row.status),
        refusal_reason=RefusalReason(row.refusal_reason) if row.refusal_reason else None,
        rate_per_min_minor=row.rate_per_min_minor,
        currency=row.currency,
        max_duration_seconds=row.max_duration_seconds,
        reserved_minor=row.reserved_minor,
        authorized_at=row.authorized_at,
        expires_at=row.expires_at,
        started_at=row.started_at,
        answered_at=row.answered_at,
        ended_at=row.ended_at,
        billable_seconds=row.billable_seconds,
        cost_minor=row.cost_minor,
        charged_minor=row.charged_minor,
        ledger_entry_id=row.ledger_entry_id,
        failure_reason=row.failure_reason,
    )


# --- money on the wallet row ---------------------------------------------------------------

_AVAILABLE = text(
    "SELECT balance_minor - reserved_minor AS available FROM wallet.wallets "
    "WHERE workspace_id = :ws"
)

# THE reservation guard: only if the money is still there when the UPDATE runs.
_RESERVE = text(
    """
    UPDATE wallet.wallets SET reserved_minor = reserved_minor + :amount, updated_at = now()
    WHERE workspace_id = :ws AND balance_minor - reserved_minor >= :amount
    RETURNING balance_minor, reserved_minor, currency
    """
)

_RELEASE = text(
    """
    UPDATE wallet.wallets SET reserved_minor = reserved_minor - :amount, updated_at = now()
    WHERE workspace_id = :ws
    """
)


async def available_minor(conn: AsyncConnection, workspace_id: uuid.UUID) -> int:
    """The wallet's available balance as committed now (0 for a wallet that never had money)."""
    value = (await conn.execute(_AVAILABLE, {"ws": workspace_id})).scalar()
    return int(value or 0)


@dataclass(frozen=True)
class WalletAfter:
    balance_minor: int
    reserved_minor: int
    currency: str

    @property
    def available_minor(self) -> int:
        return self.balance_minor - self.reserved_minor


async def reserve(
    conn: AsyncConnection, workspace_id: uuid.UUID, amount: int
) -> WalletAfter | None:
    """Adds `amount` to the wallet's reservations if its available balance still covers it."""
    row = (await conn.execute(_RESERVE, {"ws": workspace_id, "amount": amount})).first()
    if row is None:
        return None
    return WalletAfter(row.balance_minor, row.reserved_minor, row.currency)


async def release(conn: AsyncConnection, workspace_id: uuid.UUID, amount: int) -> None:
    if amount > 0:
        await conn.execute(_RELEASE, {"ws": workspace_id, "amount": amount})


def usage_key(call_id: str) -> str:
    """The ledger idempotency key of a call's usage entry: unique, so once per call."""
    return f"call:{call_id}"


# The rating rule of domain.py in SQL (tests check the two agree case by case), so that a
# settlement is one statement: the consumer settles thousands of calls a second.
BILLED_SECONDS_SQL = (
    "CASE WHEN :seconds <= 0 THEN 0 WHEN :seconds <= :initial THEN :initial "
    "ELSE :initial + ((:seconds - :initial + :subsequent - 1) / :subsequent) * :subsequent END"
)
COST_SQL = f"(({BILLED_SECONDS_SQL}) * {{rate}} + 59) / 60"

# call.completed as ONE statement: lock the call only while it still holds (or held) its
# reservation, price it, lock its wallet, charge min(cost, its reservation + what is
# available), release the reservation, append the call_usage entry (unique key
# call:<call_id>) when anything was charged, and close the call. No row: the call is unknown,
# or already settled, released or refused. (Only constants are formatted into the text.)
_SETTLE = text(
    f"""
    WITH c AS (
        SELECT id, workspace_id, reserved_minor AS held, rate_per_min_minor AS rate
        FROM wallet.calls
        WHERE call_id = :call_id AND status IN ('authorized', 'expired')
        FOR UPDATE
    ), priced AS (
        SELECT c.*, {COST_SQL.format(rate="c.rate")} AS cost FROM c
    ), w AS (
        SELECT w.workspace_id, w.balance_minor, w.reserved_minor
        FROM wallet.wallets w JOIN priced p ON p.workspace_id = w.workspace_id
        FOR UPDATE OF w
    ), moved AS (
        UPDATE wallet.wallets t SET
            balance_minor = t.balance_minor
                - LEAST(p.cost, w.balance_minor - w.reserved_minor + p.held),
            reserved_minor = t.reserved_minor - p.held,
            updated_at = now()
        FROM w, priced p WHERE t.workspace_id = w.workspace_id
        RETURNING t.currency, t.balance_minor, t.reserved_minor,
            LEAST(p.cost, w.balance_minor - w.reserved_minor + p.held) AS charged,
            w.balance_minor - w.reserved_minor AS available_before
    ), entry AS (
        INSERT INTO wallet.ledger_entries (id, workspace_id, entry_type, amount_minor, currency,
            balance_after_minor, reference, reason, idempotency_key, created_at)
        SELECT :entry_id, p.workspace_id, 'call_usage', -m.charged, m.currency, m.balance_minor,
            'calls/' || p.id, 'call usage', 'call:' || :call_id, now()
        FROM moved m, priced p WHERE m.charged > 0
        RETURNING id
    ), closed AS (
        UPDATE wallet.calls k SET
            status = 'completed', reserved_minor = 0, started_at = :started_at,
            answered_at = :answered_at, ended_at = :ended_at, billable_seconds = :seconds,
            cost_minor = p.cost, charged_minor = COALESCE((SELECT charged FROM moved), 0),
            ledger_entry_id = (SELECT id FROM entry), updated_at = now()
        FROM priced p WHERE k.id = p.id
        RETURNING k.id, k.workspace_id, k.cost_minor, k.charged_minor
    )
    SELECT closed.*, moved.currency, moved.balance_minor, moved.reserved_minor,
        moved.available_before
    FROM closed LEFT JOIN moved ON true
    """  # noqa: S608
)


@dataclass(frozen=True)
class Settled:
    workspace_id: uuid.UUID
    cost_minor: int
    charged_minor: int
    available_before_minor: int | None
    wallet: WalletAfter | None


async def settle_completed(
    conn: AsyncConnection,
    *,
    call_id: str,
    seconds: int,
    initial: int,
    subsequent: int,
    started_at: datetime | None,
    answered_at: datetime | None,
    ended_at: datetime | None,
    entry_id: uuid.UUID,
) -> Settled | None:
    row = (
        await conn.execute(
            _SETTLE,
            {
                "call_id": call_id,
                "seconds": seconds,
                "initial": initial,
                "subsequent": subsequent,
                "started_at": started_at,
                "answered_at": answered_at,
                "ended_at": ended_at,
                "entry_id": entry_id,
            },
        )
    ).first()
    if row is None:
        return None
    wallet = (
        None
        if row.balance_minor is None
        else WalletAfter(row.balance_minor, row.reserved_minor, row.currency)
    )
    return Settled(
        workspace_id=row.workspace_id,
        cost_minor=row.cost_minor,
        charged_minor=row.charged_minor,
        available_before_minor=row.available_before,
        wallet=wallet,
    )


# domain.affordable_seconds in SQL (tests check the two agree case by case): the longest talk
# time on the billing grid, at most :cap seconds, that {money} minor units pay for at :rate;
# 0 when not even the first increment fits. (Only constants are formatted into the text.)
AFFORDABLE_SECONDS_SQL = (
    "(SELECT CASE WHEN lim < :initial THEN 0 "
    "ELSE :initial + ((lim - :initial) / :subsequent) * :subsequent END "
    "FROM (SELECT CASE WHEN :cap < :initial THEN 0 WHEN :rate = 0 THEN :cap "
    "ELSE LEAST(FLOOR(60 * ({money})::numeric / :rate)::bigint, :cap) END AS lim) AS fit)"
)

# AuthorizeCall as ONE statement, run on its own (autocommit: no BEGIN/COMMIT round trips):
# lock the wallet row (only when the number may carry the call), grant the longest talk time
# the available balance pays for (at most one slice), record the call (authorized, or refused
# with :refusal / insufficient_funds), and add the grant's cost to the wallet's reservations,
# only if the record was inserted (a repeated call id inserts nothing and so reserves nothing).
# A grant that would take the available balance under the low-balance threshold is NOT made
# here (`crosses` true, nothing written): its event must be written in the same transaction,
# which the caller's slower transactional path does. The wallet row is locked before the
# balance is read (FOR UPDATE returns its latest committed version), so concurrent grants on
# one wallet queue and never together exceed the balance. A grant costing anything implies
# the wallet row exists (no row: nothing available), so `reserved` always finds it.
_AUTHORIZE = text(
    f"""
    WITH w AS (
        SELECT balance_minor - reserved_minor AS available FROM wallet.wallets
        WHERE workspace_id = :workspace_id AND CAST(:refusal AS text) IS NULL
        FOR UPDATE
    ), money AS (
        SELECT COALESCE((SELECT available FROM w), 0) AS available
    ), granted AS (
        SELECT available, CASE WHEN CAST(:refusal AS text) IS NULL
            THEN {AFFORDABLE_SECONDS_SQL.format(money="money.available")} ELSE 0 END AS seconds
        FROM money
    ), decided AS (
        SELECT available, seconds, (seconds * :rate + 59) / 60 AS cost FROM granted
    ), judged AS (
        SELECT decided.*, (cost > 0 AND available >= :threshold
            AND available - cost < :threshold) AS crosses
        FROM decided
    ), recorded AS (
        INSERT INTO wallet.calls (id, call_id, workspace_id, tenant_number_id, e164, direction,
            from_number, to_number, status, refusal_reason, rate_per_min_minor, currency,
            max_duration_seconds, reserved_minor, authorized_at, expires_at)
        SELECT :id, :call_id, :workspace_id, :tenant_number_id, :e164, :direction,
            :from_number, :to_number,
            CASE WHEN j.seconds > 0 THEN 'authorized' ELSE 'refused' END,
            CASE WHEN j.seconds > 0 THEN NULL
                ELSE COALESCE(CAST(:refusal AS text), 'insufficient_funds') END,
            :rate, :currency, j.seconds, j.cost, :now,
            CASE WHEN j.seconds > 0
                THEN CAST(:now AS timestamptz) + make_interval(secs => j.seconds)
                    + CAST(:grace AS interval) END
        FROM judged j WHERE NOT j.crosses
        ON CONFLICT (call_id) DO NOTHING
        RETURNING *
    ), reserved AS (
        UPDATE wallet.wallets t SET reserved_minor = t.reserved_minor + r.reserved_minor,
            updated_at = now()
        FROM recorded r WHERE t.workspace_id = r.workspace_id AND r.reserved_minor > 0
    )
    SELECT j.crosses, r.* FROM judged j LEFT JOIN recorded r ON true
    """  # noqa: S608
)


@dataclass(frozen=True)
class Authorized:
    """What the one-statement authorization did: `record` None with `crosses` means nothing
    was written (the transactional path must decide); None without it, the call id was
    recorded already."""

    crosses: bool
    record: CallRecord | None


async def authorize_in_one_statement(
    conn: AsyncConnection,
    *,
    values: dict[str, Any],
    refusal: RefusalReason | None,
    cap_seconds: int,
    initial: int,
    subsequent: int,
    grace: Any,
    threshold: int,
) -> Authorized:
    row = (
        await conn.execute(
            _AUTHORIZE,
            {
                **values,
                "refusal": refusal.value if refusal else None,
                "cap": cap_seconds,
                "initial": initial,
                "subsequent": subsequent,
                "grace": grace,
                "threshold": threshold,
            },
        )
    ).one()
    if row.id is None:
        return Authorized(crosses=bool(row.crosses), record=None)
    return Authorized(crosses=False, record=record_of(row))


# --- call records --------------------------------------------------------------------------


async def insert_call(conn: AsyncConnection, values: dict[str, Any]) -> CallRecord | None:
    """The new record, or None when the call id is already recorded."""
    row = (
        await conn.execute(
            insert(calls).values(**values).on_conflict_do_nothing().returning(*calls.c)
        )
    ).first()
    return record_of(row) if row is not None else None


async def find_by_call_id(
    conn: AsyncConnection, call_id: str, *, lock: bool = False
) -> CallRecord | None:
    query = select(calls).where(k.call_id == call_id)
    if lock:
        query = query.with_for_update()
    row = (await conn.execute(query)).first()
    return record_of(row) if row is not None else None


async def find_for_workspace(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, record_id: uuid.UUID
) -> CallRecord | None:
    row = (
        await conn.execute(select(calls).where(k.id == record_id, k.workspace_id == workspace_id))
    ).first()
    return record_of(row) if row is not None else None


@dataclass(frozen=True)
class CallFilters:
    e164: str | None = None
    direction: CallDirection | None = None
    status: CallStatus | None = None
    since: datetime | None = None
    until: datetime | None = None


async def list_calls(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    filters: CallFilters,
    after: LedgerCursor | None,
    limit: int,
) -> list[CallRecord]:
    query = select(calls).where(k.workspace_id == workspace_id)
    if filters.e164 is not None:
        query = query.where(k.e164 == filters.e164)
    if filters.direction is not None:
        query = query.where(k.direction == filters.direction.value)
    if filters.status is not None:
        query = query.where(k.status == filters.status.value)
    if filters.since is not None:
        query = query.where(k.authorized_at >= filters.since)
    if filters.until is not None:
        query = query.where(k.authorized_at < filters.until)
    if after is not None:
        query = query.where(tuple_(k.authorized_at, k.id) < tuple_(after.at, after.id))
    query = query.order_by(k.authorized_at.desc(), k.id.desc()).limit(limit)
    return [record_of(row) for row in await conn.execute(query)]


async def extend_reservation(
    conn: AsyncConnection,
    *,
    record_id: uuid.UUID,
    max_duration_seconds: int,
    reserved_minor: int,
    expires_at: datetime,
) -> CallRecord:
    row = (
        await conn.execute(
            update(calls)
            .where(k.id == record_id, k.status == CallStatus.AUTHORIZED.value)
            .values(
                max_duration_seconds=max_duration_seconds,
                reserved_minor=reserved_minor,
                expires_at=expires_at,
                updated_at=func.now(),
            )
            .returning(*calls.c)
        )
    ).one()
    return record_of(row)


async def close_call(
    conn: AsyncConnection, *, record_id: uuid.UUID, values: dict[str, Any]
) -> CallRecord | None:
    """Ends a call still holding (or having held) its reservation: only from authorized or
    expired, so a second end event finds nothing to do. `values` set the end state."""
    row = (
        await conn.execute(
            update(calls)
            .where(k.id == record_id, k.status.in_([s.value for s in SETTLEABLE]))
            .values(**values, reserved_minor=0, updated_at=func.now())
            .returning(*calls.c)
        )
    ).first()
    return record_of(row) if row is not None else None


# --- expiry --------------------------------------------------------------------------------

# Replica-safe: each sweeper takes the due calls no other transaction holds (SKIP LOCKED),
# releases their money per wallet in workspace order (no deadlock between sweepers), and marks
# them expired, all in one transaction.
_DUE = text(
    """
    SELECT id, workspace_id, reserved_minor FROM wallet.calls
    WHERE status = 'authorized' AND expires_at <= :now
    ORDER BY expires_at LIMIT :limit
    FOR UPDATE SKIP LOCKED
    """
)
_LOCK_WALLETS = text(
    """
    SELECT workspace_id FROM wallet.wallets
    WHERE workspace_id IN (SELECT CAST(value AS uuid) FROM jsonb_array_elements_text(:ids))
    ORDER BY workspace_id
    FOR UPDATE
    """
)
_RELEASE_MANY = text(
    """
    UPDATE wallet.wallets t SET reserved_minor = t.reserved_minor - v.amount, updated_at = now()
    FROM jsonb_to_recordset(:rows) AS v(workspace_id uuid, amount bigint)
    WHERE t.workspace_id = v.workspace_id
    """
)
_EXPIRE = text(
    """
    UPDATE wallet.calls SET status = 'expired', reserved_minor = 0, updated_at = now()
    WHERE id = ANY(:ids) AND status = 'authorized'
    """
)


async def expire_due(conn: AsyncConnection, *, now: datetime, limit: int) -> int:
    due = (await conn.execute(_DUE, {"now": now, "limit": limit})).all()
    if not due:
        return 0
    per_wallet: dict[str, int] = {}
    for row in due:
        per_wallet[str(row.workspace_id)] = per_wallet.get(str(row.workspace_id), 0) + int(
            row.reserved_minor
        )
    rows = [{"workspace_id": w, "amount": a} for w, a in sorted(per_wallet.items()) if a > 0]
    if rows:
        await conn.execute(_LOCK_WALLETS, {"ids": json.dumps([r["workspace_id"] for r in rows])})
        await conn.execute(_RELEASE_MANY, {"rows": json.dumps(rows)})
    await conn.execute(_EXPIRE, {"ids": [row.id for row in due]})
    return len(due)
