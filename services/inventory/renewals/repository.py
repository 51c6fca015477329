"""Queries of the renewal job and of unpaid months (SQLAlchemy Core). Work is claimed with
row locks: the job takes due holdings `FOR UPDATE SKIP LOCKED` (a second runner takes other
rows), a credit takes the workspace's owing holdings `FOR UPDATE` in id order (it waits for a
runner rather than miss money that just arrived)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.inventory.domain import TenantNumberStatus
from services.inventory.holdings_repository import TenantNumberRow
from services.inventory.renewals.domain import Period
from services.inventory.repository import numbers, renewal_charges, tenant_numbers

t = tenant_numbers.c
n = numbers.c
c = renewal_charges.c

_HOLDING_COLUMNS = (
    t.id,
    t.number_id,
    t.workspace_id,
    t.e164,
    n.country,
    n.number_type,
    n.capabilities,
    t.status,
    t.monthly_price_minor,
    t.currency,
    t.allow_inbound,
    t.allow_outbound,
    t.inbound_per_min_minor,
    t.outbound_per_min_minor,
    t.claimed_at,
    t.next_renewal_at,
    t.released_at,
    t.suspended_at,
    t.suspended_reason,
    t.trial_until,
    n.livemode,
)
_HOLDINGS = tenant_numbers.join(numbers, n.id == t.number_id)
_BILLED = (TenantNumberStatus.ACTIVE.value, TenantNumberStatus.SUSPENDED.value)


def _holding(row: object) -> TenantNumberRow:
    return TenantNumberRow(**row._mapping)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DueHolding:
    """What the renewal job needs of a holding (read for thousands of rows per batch)."""

    id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    status: str
    monthly_price_minor: int
    currency: str
    next_renewal_at: datetime


_LOCK_DUE = text(
    """
    SELECT id, workspace_id, e164, status, monthly_price_minor, currency, next_renewal_at
    FROM inventory.tenant_numbers
    WHERE status IN ('active', 'suspended') AND next_renewal_at <= :due_by
      AND trial_until IS NULL -- a trial is never renewed or charged
      AND id > :after
    ORDER BY id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
    """
)
_NO_ID = uuid.UUID(int=0)


# The same batch, of one workspace only (test mode's "renew now"); a separate statement so the
# scheduler's hot query keeps its plan.
_LOCK_DUE_OF_WORKSPACE = text(
    """
    SELECT id, workspace_id, e164, status, monthly_price_minor, currency, next_renewal_at
    FROM inventory.tenant_numbers
    WHERE workspace_id = :workspace_id
      AND status IN ('active', 'suspended') AND next_renewal_at <= :due_by
      AND trial_until IS NULL
      AND id > :after
    ORDER BY id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
    """
)


async def lock_due_batch(
    conn: AsyncConnection,
    *,
    due_by: datetime,
    after: uuid.UUID | None,
    limit: int,
    workspace_id: uuid.UUID | None = None,
) -> list[DueHolding]:
    """Up to `limit` held numbers whose next renewal is at or before `due_by`, in id order
    after `after`, locked for this transaction; rows another runner holds are skipped.
    With `workspace_id`, only that workspace's."""
    params = {"due_by": due_by, "after": after or _NO_ID, "limit": limit}
    if workspace_id is None:
        rows = await conn.execute(_LOCK_DUE, params)
    else:
        rows = await conn.execute(_LOCK_DUE_OF_WORKSPACE, {**params, "workspace_id": workspace_id})
    return [DueHolding(*row) for row in rows]


async def count_due(conn: AsyncConnection, *, due_by: datetime, after: uuid.UUID | None) -> int:
    """How many held numbers are still due (for an operator's progress bar)."""
    query = select(func.count()).where(
        t.status.in_(_BILLED), t.next_renewal_at <= due_by, t.trial_until.is_(None)
    )
    if after is not None:
        query = query.where(t.id > after)
    return int((await conn.execute(query)).scalar_one())


_OWING = text(
    """
    SELECT DISTINCT tenant_number_id FROM inventory.renewal_charges
    WHERE status = 'unpaid'
      AND tenant_number_id IN (SELECT CAST(value AS uuid) FROM jsonb_array_elements_text(:ids))
    """
)


async def numbers_owing(conn: AsyncConnection, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these holdings have an unpaid month (a later month must wait for it)."""
    if not ids:
        return set()
    # Ids travel as one JSON document: no IN list of thousands of placeholders for the
    # driver to build and parse anew for every batch.
    rows = await conn.execute(_OWING, {"ids": json.dumps([str(i) for i in ids])})
    return {row.tenant_number_id for row in rows}


@dataclass(frozen=True)
class ChargeRecord:
    tenant_number_id: uuid.UUID
    period: Period
    workspace_id: uuid.UUID
    amount_minor: int
    currency: str
    ledger_entry_id: uuid.UUID | None  # None: unpaid


_RECORD_CHARGES = text(
    """
    INSERT INTO inventory.renewal_charges (tenant_number_id, period, workspace_id, amount_minor,
        currency, status, ledger_entry_id, paid_at)
    SELECT v.tenant_number_id, v.period, v.workspace_id, v.amount_minor, v.currency,
        CASE WHEN v.ledger_entry_id IS NULL THEN 'unpaid' ELSE 'paid' END, v.ledger_entry_id,
        CASE WHEN v.ledger_entry_id IS NULL THEN NULL ELSE now() END
    FROM jsonb_to_recordset(:rows) AS v(tenant_number_id uuid, period text, workspace_id uuid,
        amount_minor bigint, currency text, ledger_entry_id uuid)
    ON CONFLICT DO NOTHING
    """
)


async def record_charges(conn: AsyncConnection, records: Sequence[ChargeRecord]) -> None:
    """Writes the months a batch handled: one statement, the rows as one JSON document."""
    if not records:
        return
    rows = [
        {
            "tenant_number_id": str(r.tenant_number_id),
            "period": str(r.period),
            "workspace_id": str(r.workspace_id),
            "amount_minor": r.amount_minor,
            "currency": r.currency,
            "ledger_entry_id": str(r.ledger_entry_id) if r.ledger_entry_id else None,
        }
        for r in records
    ]
    await conn.execute(_RECORD_CHARGES, {"rows": json.dumps(rows)})


# One statement for the whole batch.
_ADVANCE = text(
    """
    UPDATE inventory.tenant_numbers AS t
    SET next_renewal_at = v.next_renewal_at, updated_at = now()
    FROM jsonb_to_recordset(:rows) AS v(id uuid, next_renewal_at timestamptz)
    WHERE t.id = v.id AND t.status <> 'released'
    """
)


async def advance(conn: AsyncConnection, next_renewal: dict[uuid.UUID, datetime]) -> None:
    """Moves each holding's next renewal past the months this batch handled."""
    if next_renewal:
        rows = [
            {"id": str(key), "next_renewal_at": at.isoformat()} for key, at in next_renewal.items()
        ]
        await conn.execute(_ADVANCE, {"rows": json.dumps(rows)})


# --- a credit retries unpaid months ------------------------------------------------------


@dataclass(frozen=True)
class UnpaidMonth:
    tenant_number_id: uuid.UUID
    period: Period
    amount_minor: int
    currency: str


async def lock_owing_holdings(
    conn: AsyncConnection, workspace_id: uuid.UUID
) -> dict[uuid.UUID, TenantNumberRow]:
    """The workspace's holdings with an unpaid month, locked in id order (waits for a renewal
    runner holding one of them)."""
    owing = select(c.tenant_number_id).where(c.workspace_id == workspace_id, c.status == "unpaid")
    rows = await conn.execute(
        select(*_HOLDING_COLUMNS)
        .select_from(_HOLDINGS)
        .where(t.id.in_(owing))
        .order_by(t.id)
        .with_for_update(of=tenant_numbers)
    )
    return {row.id: _holding(row) for row in rows}


async def unpaid_months(conn: AsyncConnection, workspace_id: uuid.UUID) -> list[UnpaidMonth]:
    """The workspace's unpaid months, oldest first."""
    rows = await conn.execute(
        select(c.tenant_number_id, c.period, c.amount_minor, c.currency)
        .where(c.workspace_id == workspace_id, c.status == "unpaid")
        .order_by(c.period, c.tenant_number_id)
    )
    return [
        UnpaidMonth(r.tenant_number_id, Period.parse(r.period), r.amount_minor, r.currency)
        for r in rows
    ]


async def mark_paid(
    conn: AsyncConnection, *, tenant_number_id: uuid.UUID, period: Period, entry_id: uuid.UUID
) -> bool:
    result = await conn.execute(
        update(renewal_charges)
        .where(
            c.tenant_number_id == tenant_number_id,
            c.period == str(period),
            c.status == "unpaid",
        )
        .values(status="paid", ledger_entry_id=entry_id, paid_at=func.now())
    )
    return bool(result.rowcount)
