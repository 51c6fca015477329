"""Queries on the delivery tables (SQLAlchemy Core). Who may attempt what is decided here, by
the database: claims take due rows FOR UPDATE SKIP LOCKED and stamp a lease token, and an
outcome is only written by the holder of that token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.ids import new_id
from services.routing.deliveries.retries import AttemptResult
from services.routing.deliveries.tables import deliveries, delivery_attempts
from services.routing.repository import routings


@dataclass(frozen=True)
class NumberRoute:
    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    events_url: str | None
    voice_callback_url: str | None


@dataclass(frozen=True)
class DueDelivery:
    id: uuid.UUID
    workspace_id: uuid.UUID
    url: str
    host: str
    body: str
    attempt_count: int
    retry_until: datetime
    lease_token: uuid.UUID


async def route_for_e164(
    conn: AsyncConnection, e164: str, *, share_lock: bool = False
) -> NumberRoute | None:
    """The routing of whoever holds the number now (the newest holding not released).
    `share_lock`: hold the row FOR SHARE until commit (recording a call event's delivery: test
    mode's purge updates this row, released, before deleting deliveries, so it waits for the
    delivery and then deletes it too)."""
    r = routings.c
    query = (
        select(r.tenant_number_id, r.workspace_id, r.events_url, r.voice_callback_url)
        .where(r.e164 == e164, r.status != "released")
        .order_by(r.held_since.desc().nulls_last(), r.created_at.desc())
        .limit(1)
    )
    if share_lock:
        query = query.with_for_update(read=True, of=routings)
    row = (await conn.execute(query)).first()
    return NumberRoute(*row) if row else None


async def has_held(conn: AsyncConnection, e164: str) -> bool:
    """Whether this view has heard of any holding of the number, released ones included."""
    query = select(routings.c.tenant_number_id).where(routings.c.e164 == e164).limit(1)
    return (await conn.execute(query)).first() is not None


async def insert_delivery(conn: AsyncConnection, **values: object) -> uuid.UUID | None:
    """Records one (event, number) delivery; None when it was already recorded."""
    inserted = await conn.execute(
        insert(deliveries)
        .values(id=new_id(), **values)
        .on_conflict_do_nothing(constraint="uq_deliveries_event_number")
        .returning(deliveries.c.id)
    )
    row = inserted.first()
    return row.id if row else None


async def claim_due(
    conn: AsyncConnection,
    *,
    now: datetime,
    limit: int,
    lease: timedelta,
    busy_hosts: list[str],
) -> list[DueDelivery]:
    """Leases up to `limit` due deliveries no other worker holds, skipping saturated hosts."""
    d = deliveries.c
    token = new_id()
    due = (
        select(d.id)
        .where(
            d.status == "pending",
            d.next_attempt_at <= now,
            or_(d.lease_until.is_(None), d.lease_until <= now),
        )
        .order_by(d.next_attempt_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if busy_hosts:
        due = due.where(d.host.not_in(busy_hosts))
    rows = (
        await conn.execute(
            update(deliveries)
            .where(d.id.in_(due.scalar_subquery()))
            .values(lease_token=token, lease_until=now + lease)
            .returning(d.id, d.workspace_id, d.url, d.host, d.body, d.attempt_count, d.retry_until)
        )
    ).all()
    return [
        DueDelivery(
            r.id, r.workspace_id, r.url, r.host, r.body, r.attempt_count, r.retry_until, token
        )
        for r in rows
    ]


async def release_leases(conn: AsyncConnection, ids: list[uuid.UUID], token: uuid.UUID) -> None:
    """Gives back leases this worker took but will not use now."""
    await conn.execute(
        update(deliveries)
        .where(deliveries.c.id.in_(ids), deliveries.c.lease_token == token)
        .values(lease_token=None, lease_until=None)
    )


async def record_attempt(
    conn: AsyncConnection,
    *,
    delivery: DueDelivery,
    attempted_at: datetime,
    result: AttemptResult,
    status: str,
    next_attempt_at: datetime | None,
    now: datetime,
) -> bool:
    """Writes an attempt and the delivery's new state; False (nothing written) when this
    worker's lease was lost meanwhile."""
    d = deliveries.c
    updated = await conn.execute(
        update(deliveries)
        .where(d.id == delivery.id, d.lease_token == delivery.lease_token)
        .values(
            status=status,
            attempt_count=d.attempt_count + 1,
            next_attempt_at=next_attempt_at,
            lease_token=None,
            lease_until=None,
            updated_at=now,
            delivered_at=now if status == "delivered" else d.delivered_at,
        )
        .returning(d.id)
    )
    if updated.first() is None:
        return False
    await conn.execute(
        delivery_attempts.insert().values(
            id=new_id(),
            delivery_id=delivery.id,
            attempted_at=attempted_at,
            status_code=result.status_code,
            latency_ms=result.latency_ms,
            error=result.error,
            response_excerpt=result.response_excerpt,
        )
    )
    return True


async def list_for_number(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    status: str | None,
    limit: int,
    after: tuple[datetime, uuid.UUID] | None,
) -> list[dict[str, object]]:
    d = deliveries.c
    query = select(deliveries).where(
        d.workspace_id == workspace_id,
        d.tenant_number_id == tenant_number_id,
        d.channel == "number_events",
    )
    if status is not None:
        query = query.where(d.status == status)
    if after is not None:
        query = query.where(tuple_(d.created_at, d.id) < tuple_(*after))
    rows = (
        await conn.execute(query.order_by(d.created_at.desc(), d.id.desc()).limit(limit))
    ).mappings()
    return [dict(row) for row in rows]


async def attempts_of(
    conn: AsyncConnection, delivery_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, object]]]:
    found: dict[uuid.UUID, list[dict[str, object]]] = {i: [] for i in delivery_ids}
    if not delivery_ids:
        return found
    a = delivery_attempts.c
    rows = (
        await conn.execute(
            select(delivery_attempts)
            .where(a.delivery_id.in_(delivery_ids))
            .order_by(a.attempted_at, a.id)
        )
    ).mappings()
    for row in rows:
        found[row["delivery_id"]].append(dict(row))
    return found


async def get_delivery(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, delivery_id: uuid.UUID
) -> dict[str, object] | None:
    d = deliveries.c
    row = (
        (
            await conn.execute(
                select(deliveries).where(d.id == delivery_id, d.workspace_id == workspace_id)
            )
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def schedule_again(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    delivery_id: uuid.UUID,
    now: datetime,
    window: timedelta,
) -> bool:
    """Makes a delivered, failed or pending delivery due now with a fresh retry window.
    A skipped one stays skipped (it has no URL). A delivery in flight keeps its lease: its
    outcome is recorded, then the next attempt (this one) follows."""
    d = deliveries.c
    updated = await conn.execute(
        update(deliveries)
        .where(
            d.id == delivery_id,
            d.workspace_id == workspace_id,
            and_(d.url.is_not(None), d.status != "skipped"),
        )
        .values(
            status="pending",
            next_attempt_at=now,
            retry_until=now + window,
            updated_at=now,
        )
        .returning(d.id)
    )
    return updated.first() is not None


async def next_due_at(conn: AsyncConnection) -> datetime | None:
    d = deliveries.c
    result = await conn.execute(select(func.min(d.next_attempt_at)).where(d.status == "pending"))
    value: datetime | None = result.scalar()
    return value
