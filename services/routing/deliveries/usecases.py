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


async def record_call_events(
    *, uow: UnitOfWork, envelopes: list[EventEnvelope], clock: Clock, retry: RetryPolicy
) -> list[uuid.UUID]:
    """Records the delivery of each call event to its number's events_url: pending (due now),
    or skipped when the number has no events_url; a few statements whatever the batch size.
    Idempotent per (event, number). Returns the ids of the deliveries recorded now.

    A number this view has never heard of raises CallNumberNotKnownYet (the consumer then
    handles the batch one event at a time: the others are recorded, that one redelivered
    later and dead-lettered after the consumer's bound). Events for numbers whose every
    holding is released are dropped with one log line: there is nobody to deliver them to."""
    bodies = []
    for envelope in envelopes:
        try:
            bodies.append((envelope, call_event_body(envelope)))
        except UnknownCallEvent as exc:
            log.warning(
                "ignoring call event", extra={"event_id": str(envelope.id), "error": str(exc)}
            )
    if not bodies:
        return []
    e164s = sorted({body.e164 for _, body in bodies})
    routes = await repository.routes_for_e164s(uow.conn, e164s)
    unrouted = [e164 for e164 in e164s if e164 not in routes]
    if unrouted:
        held = await repository.held_e164s(uow.conn, unrouted)
        if len(held) < len(unrouted):
            raise CallNumberNotKnownYet(
                f"no holding of {len(unrouted) - len(held)} call event number(s) known yet"
            )
        log.info(
            "call events for released numbers dropped",
            extra={"events": sum(1 for _, b in bodies if b.e164 in held)},
        )
    rows = []
    for envelope, body in bodies:
        route = routes.get(body.e164)
        if route is None:
            continue
        url = route.events_url
        rows.append(
            repository.NewDelivery(
                workspace_id=route.workspace_id,
                tenant_number_id=route.tenant_number_id,
                e164=body.e164,
                event_id=envelope.id,
                event_type=body.event_type,
                body=body.body,
                url=url or None,
                host=destination_host(url) if url else None,
            )
        )
    now = clock.now()
    return await repository.insert_deliveries(
        uow.conn, rows, now=now, retry_until=now + retry.window
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
