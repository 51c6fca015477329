"""Delivery use cases: one function each, dependencies passed explicitly."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

import httpx

from platform_common.consumer import EventNotReady
from platform_common.errors import Conflict, NotFound
from platform_common.events import EventEnvelope
from platform_common.paging import TimeOrderedCursor
from platform_common.uow import UnitOfWork
from services.routing.deliveries import repository, signing_secrets
from services.routing.deliveries.clock import Clock
from services.routing.deliveries.payloads import UnknownCallEvent, call_event_body
from services.routing.deliveries.retries import RetryPolicy
from services.routing.deliveries.secret_box import SecretBox
from services.routing.domain import NumberNotFound
from services.routing.repository import get_routing

log = logging.getLogger(__name__)

MAX_PAGE = 100
DEFAULT_PAGE = 20


class CallNumberNotKnownYet(EventNotReady):
    """A call event on a number this view has never heard of: its numbers.claimed is still
    on the way (claims cross inventory's outbox, calls are published by the voice platform at
    once). The consumer asks for the event again until the claim arrives, so the customer's
    events_url still receives it."""


class DeliveryNotFound(NotFound):
    default_code = "delivery_not_found"


class DeliverySkipped(Conflict):
    """A skipped delivery has no URL to send to (the number had no events_url)."""

    default_code = "delivery_skipped"


@dataclass(frozen=True)
class DeliveryPage:
    deliveries: list[dict[str, object]]
    attempts: dict[uuid.UUID, list[dict[str, object]]]
    next_cursor: str


def destination_host(url: str) -> str:
    """The host a per-host concurrency limit counts against."""
    try:
        return httpx.URL(url).host.lower() or url
    except httpx.InvalidURL:
        return url


async def record_call_event(
    *, uow: UnitOfWork, envelope: EventEnvelope, clock: Clock, retry: RetryPolicy
) -> uuid.UUID | None:
    """Records the delivery of one call event to the number's events_url: pending (due now),
    or skipped when the number has no events_url. Idempotent per (event, number).

    A number this view has never heard of raises CallNumberNotKnownYet (redelivered later,
    dead-lettered after the consumer's bound). An event for a number whose every holding is
    released is logged and dropped: there is nobody to deliver it to any more."""
    try:
        call_event = call_event_body(envelope)
    except UnknownCallEvent as exc:
        log.warning("ignoring call event", extra={"event_id": str(envelope.id), "error": str(exc)})
        return None
    route = await repository.route_for_e164(uow.conn, call_event.e164, share_lock=True)
    if route is None:
        if not await repository.has_held(uow.conn, call_event.e164):
            raise CallNumberNotKnownYet(f"no holding of {call_event.event_type}'s number known yet")
        log.warning(
            "call event for a released number",
            extra={"event_id": str(envelope.id), "event_type": call_event.event_type},
        )
        return None
    now = clock.now()
    url = route.events_url
    return await repository.insert_delivery(
        uow.conn,
        workspace_id=route.workspace_id,
        tenant_number_id=route.tenant_number_id,
        e164=call_event.e164,
        event_id=envelope.id,
        event_type=call_event.event_type,
        body=call_event.body,
        url=url,
        host=destination_host(url) if url else None,
        status="pending" if url else "skipped",
        next_attempt_at=now if url else None,
        retry_until=now + retry.window if url else None,
        created_at=now,
        updated_at=now,
    )


async def list_deliveries(
    *,
    uow: UnitOfWork,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    status: str | None,
    limit: int,
    cursor: str,
) -> DeliveryPage:
    """A page of a number's deliveries, newest first, each with its attempts."""
    after = TimeOrderedCursor.decode(cursor)
    size = DEFAULT_PAGE if limit == 0 else limit
    async with uow:
        if (
            await get_routing(
                uow.conn, workspace_id=workspace_id, tenant_number_id=tenant_number_id
            )
            is None
        ):
            raise NumberNotFound("no such number in this workspace")
        rows = await repository.list_for_number(
            uow.conn,
            workspace_id=workspace_id,
            tenant_number_id=tenant_number_id,
            status=status,
            limit=size + 1,
            after=(after.at, after.id) if after else None,
        )
        page, more = rows[:size], len(rows) > size
        attempts = await repository.attempts_of(uow.conn, [r["id"] for r in page])  # type: ignore[misc]
    next_cursor = ""
    if more:
        last = page[-1]
        next_cursor = TimeOrderedCursor(last["created_at"], last["id"]).encode()  # type: ignore[arg-type]
    return DeliveryPage(page, attempts, next_cursor)


async def redeliver(
    *,
    uow: UnitOfWork,
    workspace_id: uuid.UUID,
    delivery_id: uuid.UUID,
    clock: Clock,
    retry: RetryPolicy,
) -> tuple[dict[str, object], list[dict[str, object]]]:
    """Makes the delivery due now again (same body, same webhook-id)."""
    async with uow:
        now = clock.now()
        await repository.schedule_again(
            uow.conn,
            workspace_id=workspace_id,
            delivery_id=delivery_id,
            now=now,
            window=retry.window,
        )
        row = await repository.get_delivery(
            uow.conn, workspace_id=workspace_id, delivery_id=delivery_id
        )
        if row is None:
            raise DeliveryNotFound("no such delivery")
        if row["status"] == "skipped":
            raise DeliverySkipped("this event was skipped: the number had no events_url")
        attempts = await repository.attempts_of(uow.conn, [delivery_id])
        await uow.commit()
    return row, attempts[delivery_id]


async def rotate_secret(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, clock: Clock, box: SecretBox
) -> signing_secrets.Rotation:
    """A new signing secret for the workspace, to be shown once."""
    async with uow:
        rotation = await signing_secrets.rotate(
            uow.conn, workspace_id=workspace_id, now=clock.now(), box=box
        )
        await uow.commit()
    return rotation
