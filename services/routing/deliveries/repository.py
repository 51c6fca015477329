"""Queries on the delivery tables (SQLAlchemy Core). Who may attempt what is decided here, by
the database: claims take due rows FOR UPDATE SKIP LOCKED and stamp a lease token, and an
outcome is only written by the holder of that token."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, text, tuple_, update
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


async def route_for_e164(conn: AsyncConnection, e164: str) -> NumberRoute | None:
    """The routing of whoever holds the number now (the newest holding not released)."""
    r = routings.c
    query = (
        select(r.tenant_number_id, r.workspace_id, r.events_url, r.voice_callback_url)
        .where(r.e164 == e164, r.status != "released")
        .order_by(r.held_since.desc().nulls_last(), r.created_at.desc())
        .limit(1)
    )
    row = (await conn.execute(query)).first()
    return NumberRoute(*row) if row else None


# The newest holding not released of each E.164 (as route_for_e164), held FOR SHARE until
# commit: test mode's purge updates this row, released, before deleting deliveries, so it
# waits for the deliveries being recorded and then deletes them too. PostgreSQL does not lock
# rows of a DISTINCT query, so every live holding of the numbers is read (almost always one
# each) and the newest picked in Python. Fixed text (array parameter): prepared once.
_ROUTES_FOR_E164S = text(
    "SELECT e164, tenant_number_id, workspace_id, events_url, voice_callback_url "
    "FROM routing.routings WHERE e164 = ANY(CAST(:e164s AS text[])) AND status <> 'released' "
    "ORDER BY e164, held_since DESC NULLS LAST, created_at DESC FOR SHARE"
)
_HELD_E164S = text(
    "SELECT DISTINCT e164 FROM routing.routings WHERE e164 = ANY(CAST(:e164s AS text[]))"
)


async def routes_for_e164s(conn: AsyncConnection, e164s: list[str]) -> dict[str, NumberRoute]:
    """route_for_e164 of many numbers in one statement, each row held FOR SHARE until commit
    (see _ROUTES_FOR_E164S)."""
    routes: dict[str, NumberRoute] = {}
    for row in await conn.execute(_ROUTES_FOR_E164S, {"e164s": e164s}):
        routes.setdefault(row.e164, NumberRoute(*row[1:]))
    return routes


async def held_e164s(conn: AsyncConnection, e164s: list[str]) -> set[str]:
    """The numbers this view has heard of any holding of, released ones included."""
    return set((await conn.execute(_HELD_E164S, {"e164s": e164s})).scalars())


# One statement for a whole batch of call-event deliveries; rows come as parallel arrays so
# the text is the same for every batch size. Due now unless skipped (no URL).
_INSERT_DELIVERIES = text(
    "INSERT INTO routing.deliveries (id, workspace_id, tenant_number_id, e164, event_id, "
    "event_type, body, url, host, status, next_attempt_at, retry_until, created_at, updated_at) "
    "SELECT id, workspace_id, tenant_number_id, e164, event_id, event_type, body, url, host, "
    "CASE WHEN url IS NULL THEN 'skipped' ELSE 'pending' END, "
    "CASE WHEN url IS NULL THEN NULL ELSE CAST(:now AS timestamptz) END, "
    "CASE WHEN url IS NULL THEN NULL ELSE CAST(:retry_until AS timestamptz) END, "
    "CAST(:now AS timestamptz), CAST(:now AS timestamptz) "
    "FROM unnest(CAST(:ids AS uuid[]), CAST(:workspace_ids AS uuid[]), "
    "CAST(:tenant_number_ids AS uuid[]), CAST(:e164s AS text[]), CAST(:event_ids AS uuid[]), "
    "CAST(:event_types AS text[]), CAST(:bodies AS text[]), CAST(:urls AS text[]), "
    "CAST(:hosts AS text[])) AS d(id, workspace_id, tenant_number_id, e164, event_id, "
    "event_type, body, url, host) "
    "ON CONFLICT ON CONSTRAINT uq_deliveries_event_number DO NOTHING RETURNING id"
)


@dataclass(frozen=True)
class NewDelivery:
    workspace_id: uuid.UUID
    tenant_number_id: uuid.UUID
    e164: str
    event_id: uuid.UUID
    event_type: str
    body: str
    url: str | None
    host: str | None


async def insert_deliveries(
    conn: AsyncConnection, rows: list[NewDelivery], *, now: datetime, retry_until: datetime
) -> list[uuid.UUID]:
    """Records many (event, number) deliveries at once; returns the ids of those that were
    not recorded before."""
    if not rows:
        return []
    inserted = await conn.execute(
        _INSERT_DELIVERIES,
        {
            "ids": [new_id() for _ in rows],
            "workspace_ids": [r.workspace_id for r in rows],
            "tenant_number_ids": [r.tenant_number_id for r in rows],
            "e164s": [r.e164 for r in rows],
            "event_ids": [r.event_id for r in rows],
            "event_types": [r.event_type for r in rows],
            "bodies": [r.body for r in rows],
            "urls": [r.url for r in rows],
            "hosts": [r.host for r in rows],
            "now": now,
            "retry_until": retry_until,
        },
    )
    return list(inserted.scalars())


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
