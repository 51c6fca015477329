"""The number side of an order: holding a number for an order (an open-ended reservation the
claim sweeper never touches), turning the hold into a claim's fenced reservation for payment,
and back. Each one conditional UPDATE on the number's state."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnClause, func, literal_column, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from services.inventory.domain import NumberState
from services.inventory.repository import numbers

n = numbers.c
_INFINITY: ColumnClause[Any] = literal_column("'infinity'::timestamptz")


@dataclass(frozen=True)
class HeldNumber:
    number_id: uuid.UUID
    e164: str
    country: str
    number_type: str
    monthly_price_minor: int
    currency: str


async def hold_number(
    conn: AsyncConnection,
    *,
    number_id: uuid.UUID,
    claim_id: uuid.UUID,
    workspace_id: uuid.UUID,
    number_type: str | None = None,
    livemode: bool | None = None,
) -> HeldNumber | None:
    """available -> reserved for an order, with no end the claim sweeper would act on (the
    order's own expires_at ends the hold); None when it is not available now."""
    conditions = [n.id == number_id, n.state == NumberState.AVAILABLE.value]
    if livemode is not None:  # a new order: only the caller's mode (a re-hold keeps its number)
        conditions.append(n.livemode == livemode)
    if number_type is not None:
        conditions.append(n.number_type == number_type)
    row = (
        await conn.execute(
            update(numbers)
            .where(*conditions)
            .values(
                state=NumberState.RESERVED.value,
                claim_id=claim_id,
                reserved_for=workspace_id,
                reserved_until=_INFINITY,
                updated_at=func.now(),
            )
            .returning(n.id, n.e164, n.country, n.number_type, n.monthly_price_minor, n.currency)
        )
    ).first()
    if row is None:
        return None
    return HeldNumber(
        number_id=row.id,
        e164=row.e164,
        country=row.country,
        number_type=row.number_type,
        monthly_price_minor=row.monthly_price_minor,
        currency=row.currency,
    )


async def first_available(
    conn: AsyncConnection, *, number_type: str, like: str | None, livemode: bool = True
) -> uuid.UUID | None:
    """The first available number of a type (and pattern) in the caller's mode, skipping rows
    another transaction is taking right now."""
    query = select(n.id).where(
        n.state == NumberState.AVAILABLE.value,
        n.number_type == number_type,
        n.livemode == livemode,
    )
    if like is not None:
        query = query.where(n.e164.like(like))
    row = (
        await conn.execute(query.order_by(n.e164).limit(1).with_for_update(skip_locked=True))
    ).first()
    return row.id if row else None


async def number_type_of(
    conn: AsyncConnection, number_id: uuid.UUID, *, livemode: bool = True
) -> tuple[str, str] | None:
    """(country, number_type) of a number of the caller's mode; None for the other mode's."""
    row = (
        await conn.execute(
            select(n.country, n.number_type).where(n.id == number_id, n.livemode == livemode)
        )
    ).first()
    return (row.country, row.number_type) if row else None


async def available_number_type(
    conn: AsyncConnection, number_id: uuid.UUID, *, livemode: bool = True
) -> tuple[str, str] | None:
    """(country, number_type) of the number if it is available now in the caller's mode."""
    row = (
        await conn.execute(
            select(n.country, n.number_type).where(
                n.id == number_id,
                n.state == NumberState.AVAILABLE.value,
                n.livemode == livemode,
            )
        )
    ).first()
    return (row.country, row.number_type) if row else None


async def fence_for_payment(
    conn: AsyncConnection, *, claim_id: uuid.UUID, hold_seconds: float
) -> datetime | None:
    """Turns the order's open-ended hold into a claim's short one, whose end is the debit's
    fence (as in the instant claim); None when the order no longer holds the number."""
    row = (
        await conn.execute(
            update(numbers)
            .where(n.claim_id == claim_id, n.state == NumberState.RESERVED.value)
            .values(
                reserved_until=func.clock_timestamp()
                + func.make_interval(0, 0, 0, 0, 0, 0, float(hold_seconds)),
                updated_at=func.now(),
            )
            .returning(n.reserved_until)
        )
    ).first()
    return row.reserved_until if row else None


async def rehold(conn: AsyncConnection, *, claim_id: uuid.UUID) -> bool:
    """Back to the order's open-ended hold after a refused payment."""
    result = await conn.execute(
        update(numbers)
        .where(n.claim_id == claim_id, n.state == NumberState.RESERVED.value)
        .values(reserved_until=_INFINITY, updated_at=func.now())
    )
    return bool(result.rowcount)


async def rehold_from_pool(
    conn: AsyncConnection, *, number_id: uuid.UUID, claim_id: uuid.UUID, workspace_id: uuid.UUID
) -> bool:
    """After an interrupted approval whose reservation the claim sweeper returned to the pool:
    take the number again under the order's claim id, if nobody else has it."""
    return (
        await hold_number(conn, number_id=number_id, claim_id=claim_id, workspace_id=workspace_id)
        is not None
    )
