"""Queries of trials. Each decision is one conditional statement: which replica sends a
reminder, releases a trial or converts it is decided by the database, never by a read first."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

_PROVISION = text(
    """
    WITH taken AS (
        UPDATE inventory.numbers
        SET state = 'assigned', claim_id = :claim_id, reserved_for = :workspace_id,
            reserved_until = NULL, updated_at = now()
        WHERE e164 = :e164 AND state = 'available'
        RETURNING id, e164, monthly_price_minor, inbound_per_min_minor, outbound_per_min_minor,
            currency
    )
    INSERT INTO inventory.tenant_numbers (id, number_id, workspace_id, e164, claim_id,
        monthly_price_minor, inbound_per_min_minor, outbound_per_min_minor, currency,
        ledger_entry_id, next_renewal_at, trial_until, trial_reminded_at)
    SELECT :tenant_number_id, id, :workspace_id, e164, :claim_id, monthly_price_minor,
        inbound_per_min_minor, outbound_per_min_minor, currency,
        NULL, NULL, :trial_until, :reminded_at
    FROM taken
    RETURNING id
    """
)


async def provision(
    conn: AsyncConnection,
    *,
    tenant_number_id: uuid.UUID,
    claim_id: uuid.UUID,
    workspace_id: uuid.UUID,
    e164: str,
    trial_until: datetime,
    reminded_at: datetime | None,
) -> bool:
    """available -> assigned and the workspace's holding on trial, in one statement (no debit,
    no renewal date); False when the number is not available now."""
    row = (
        await conn.execute(
            _PROVISION,
            {
                "tenant_number_id": tenant_number_id,
                "claim_id": claim_id,
                "workspace_id": workspace_id,
                "e164": e164,
                "trial_until": trial_until,
                "reminded_at": reminded_at,
            },
        )
    ).first()
    return row is not None


async def number_with_e164_exists(conn: AsyncConnection, e164: str) -> bool:
    found = await conn.execute(
        text("SELECT 1 FROM inventory.numbers WHERE e164 = :e164"), {"e164": e164}
    )
    return found.first() is not None


@dataclass(frozen=True)
class TrialRow:
    """What the reminder and the expiry need of a trial."""

    id: uuid.UUID
    number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    trial_until: datetime
    monthly_price_minor: int
    currency: str


# The inner SELECT skips rows another replica is reminding right now; the outer condition
# `trial_reminded_at IS NULL` is what makes the reminder happen once: a row whose reminder
# another transaction committed meanwhile no longer matches.
_MARK_REMINDED = text(
    """
    UPDATE inventory.tenant_numbers AS t
    SET trial_reminded_at = :now, updated_at = now()
    WHERE t.id IN (
        SELECT id FROM inventory.tenant_numbers
        WHERE trial_until IS NOT NULL AND status <> 'released' AND trial_reminded_at IS NULL
          AND trial_until <= :remind_by AND trial_until > :now
        ORDER BY trial_until
        LIMIT :limit
        FOR UPDATE SKIP LOCKED
    )
    AND t.trial_reminded_at IS NULL
    RETURNING id, number_id, workspace_id, e164, trial_until, monthly_price_minor, currency
    """
)


async def mark_reminders_due(
    conn: AsyncConnection, *, now: datetime, remind_by: datetime, limit: int
) -> list[TrialRow]:
    """Marks up to `limit` trials ending by `remind_by` as reminded; returns the ones this
    transaction marked (the caller writes their events in the same transaction)."""
    rows = await conn.execute(_MARK_REMINDED, {"now": now, "remind_by": remind_by, "limit": limit})
    return [TrialRow(*row) for row in rows]


_ENDED = text(
    """
    SELECT id, number_id, workspace_id, e164, trial_until, monthly_price_minor, currency
    FROM inventory.tenant_numbers
    WHERE trial_until IS NOT NULL AND status <> 'released' AND trial_until <= :ended_by
    ORDER BY trial_until
    LIMIT :limit
    """
)


async def ended_trials(conn: AsyncConnection, *, ended_by: datetime, limit: int) -> list[TrialRow]:
    """Trials whose end is at or before `ended_by` and that are still held."""
    rows = await conn.execute(_ENDED, {"ended_by": ended_by, "limit": limit})
    return [TrialRow(*row) for row in rows]


_RELEASE_ENDED = text(
    """
    UPDATE inventory.tenant_numbers
    SET status = 'released', released_at = now(), next_renewal_at = NULL, updated_at = now()
    WHERE id = :id AND status IN ('active', 'suspended')
      AND trial_until IS NOT NULL AND trial_until <= :ended_by
    RETURNING id
    """
)


async def release_ended(
    conn: AsyncConnection, *, tenant_number_id: uuid.UUID, ended_by: datetime
) -> bool:
    """Releases the holding only if it is still a trial that ended by `ended_by` (a conversion
    or another replica's release that committed first makes this a no-op)."""
    result = await conn.execute(_RELEASE_ENDED, {"id": tenant_number_id, "ended_by": ended_by})
    return result.first() is not None


_CONVERT = text(
    """
    UPDATE inventory.tenant_numbers
    SET trial_until = NULL, trial_reminded_at = NULL, ledger_entry_id = :entry_id,
        next_renewal_at = :next_renewal_at, updated_at = now()
    WHERE id = :id AND trial_until IS NOT NULL AND status <> 'released'
    RETURNING id
    """
)


async def end_trial_as_paid(
    conn: AsyncConnection,
    *,
    tenant_number_id: uuid.UUID,
    entry_id: uuid.UUID,
    next_renewal_at: datetime,
) -> bool:
    """Trial -> paid holding (renewed from `next_renewal_at` on); False when it is no longer a
    held trial (converted already, or released)."""
    result = await conn.execute(
        _CONVERT,
        {"id": tenant_number_id, "entry_id": entry_id, "next_renewal_at": next_renewal_at},
    )
    return result.first() is not None
