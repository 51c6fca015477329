"""Workspace callback use cases: set / get / delete the callback_url (checked by the same
rules as a number's events_url), record a numbers event as a delivery, list the log."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, tuple_
from sqlalchemy.dialects.postgresql import insert

from platform_common.events import EventEnvelope
from platform_common.paging import TimeOrderedCursor
from platform_common.uow import UnitOfWork
from services.routing.deliveries import repository as deliveries_repository
from services.routing.deliveries.clock import Clock
from services.routing.deliveries.retries import RetryPolicy
from services.routing.deliveries.tables import deliveries
from services.routing.deliveries.usecases import destination_host
from services.routing.url_safety import check_callback_url
from services.routing.usecases import UrlPolicy
from services.routing.workspace_callbacks.payloads import callback_event
from services.routing.workspace_callbacks.tables import CHANNEL, workspace_callbacks

log = logging.getLogger(__name__)
FIELD = "callback_url"


@dataclass(frozen=True)
class WorkspaceCallback:
    workspace_id: uuid.UUID
    callback_url: str
    updated_at: datetime | None


async def set_callback(
    *, uow: UnitOfWork, policy: UrlPolicy, clock: Clock, workspace_id: uuid.UUID, url: str
) -> WorkspaceCallback:
    await check_callback_url(
        url, development=policy.development, resolver=policy.resolver, field=FIELD
    )
    now = clock.now()
    async with uow:
        statement = insert(workspace_callbacks).values(
            workspace_id=workspace_id, callback_url=url, updated_at=now
        )
        await uow.conn.execute(
            statement.on_conflict_do_update(
                index_elements=["workspace_id"],
                set_={"callback_url": url, "updated_at": now},
            )
        )
        await uow.commit()
    return WorkspaceCallback(workspace_id, url, now)


async def get_callback(*, uow: UnitOfWork, workspace_id: uuid.UUID) -> WorkspaceCallback:
    async with uow:
        row = (
            await uow.conn.execute(
                select(workspace_callbacks).where(
                    workspace_callbacks.c.workspace_id == workspace_id
                )
            )
        ).first()
    if row is None:
        return WorkspaceCallback(workspace_id, "", None)
    return WorkspaceCallback(workspace_id, row.callback_url, row.updated_at)


async def delete_callback(*, uow: UnitOfWork, workspace_id: uuid.UUID) -> None:
    async with uow:
        await uow.conn.execute(
            delete(workspace_callbacks).where(workspace_callbacks.c.workspace_id == workspace_id)
        )
        await uow.commit()


async def record_numbers_event(
    *, uow: UnitOfWork, envelope: EventEnvelope, clock: Clock, retry: RetryPolicy
) -> uuid.UUID | None:
    """One delivery per (event, resource) to the workspace's callback_url as it is now;
    nothing when the workspace has none (most workspaces: no rows for events nobody asked
    for). Idempotent under redelivery."""
    event = callback_event(envelope)
    if event is None:
        return None
    row = (
        await uow.conn.execute(
            select(workspace_callbacks.c.callback_url)
            .where(workspace_callbacks.c.workspace_id == event.workspace_id)
            # Shared lock until commit: test mode's purge deletes this row before the
            # deliveries, so it waits for this delivery and then deletes it too.
            .with_for_update(read=True)
        )
    ).first()
    if row is None:
        return None
    url = row.callback_url
    now = clock.now()
    return await deliveries_repository.insert_delivery(
        uow.conn,
        workspace_id=event.workspace_id,
        tenant_number_id=event.resource_id,
        e164=event.e164,
        event_id=envelope.id,
        event_type=event.event_type,
        body=event.body,
        url=url,
        host=destination_host(url),
        status="pending",
        next_attempt_at=now,
        retry_until=now + retry.window,
        created_at=now,
        updated_at=now,
        channel=CHANNEL,
    )


@dataclass(frozen=True)
class CallbackDeliveries:
    deliveries: list[dict[str, object]]
    attempts: dict[uuid.UUID, list[dict[str, object]]]
    next_cursor: str


async def list_deliveries(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, status: str | None, limit: int, cursor: str
) -> CallbackDeliveries:
    after = TimeOrderedCursor.decode(cursor)
    size = limit or 20
    d = deliveries.c
    query = select(deliveries).where(d.workspace_id == workspace_id, d.channel == CHANNEL)
    if status is not None:
        query = query.where(d.status == status)
    if after is not None:
        query = query.where(tuple_(d.created_at, d.id) < tuple_(after.at, after.id))
    async with uow:
        rows = [
            dict(r)
            for r in (
                await uow.conn.execute(
                    query.order_by(d.created_at.desc(), d.id.desc()).limit(size + 1)
                )
            ).mappings()
        ]
        page = rows[:size]
        attempts = await deliveries_repository.attempts_of(uow.conn, [r["id"] for r in page])  # type: ignore[misc]
    next_cursor = ""
    if len(rows) > size:
        last = page[-1]
        next_cursor = TimeOrderedCursor(last["created_at"], last["id"]).encode()  # type: ignore[arg-type]
    return CallbackDeliveries(page, attempts, next_cursor)
