"""This context's view of tenant numbers (status, allow_inbound, allow_outbound), kept in the
routing rows from inventory's events. An event that is the next step from what we know is
applied; one that does not fit (unknown number, unexpected status, older than what we know)
makes us re-read the number from inventory instead of guessing. Released is final: the row
stays as a tombstone without URLs, so a claim heard after its release cannot revive it.

The functions taking `uow` run inside the consumer's open transaction (it commits)."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from platform_common.timestamps import utc_now
from platform_common.uow import UnitOfWork
from services.routing import repository
from services.routing.domain import (
    NUMBER_EVENT_TRANSITIONS,
    NumberEvent,
    NumberStatus,
    NumberView,
    Reaction,
    react_to_settings_event,
    react_to_status_event,
)
from services.routing.inventory_client import InventoryPort, NumberState

log = logging.getLogger(__name__)


def view_of(state: NumberState, *, as_of: datetime) -> NumberView:
    released = state.status is NumberStatus.RELEASED
    return NumberView(
        tenant_number_id=state.tenant_number_id,
        workspace_id=state.workspace_id,
        e164=state.e164,
        status=state.status.value,
        # A released holding allows nothing, however it was last configured.
        allow_inbound=state.allow_inbound and not released,
        allow_outbound=state.allow_outbound and not released,
        status_changed_at=as_of,
        settings_changed_at=as_of,
        held_since=state.claimed_at,
        status_reason=(state.suspended_reason or None)
        if state.status is NumberStatus.SUSPENDED
        else None,
    )


async def note_claimed(*, uow: UnitOfWork, view: NumberView) -> None:
    """numbers.claimed: the number starts active with an empty routing (idempotent)."""
    await repository.lock_number(uow.conn, view.tenant_number_id)
    await repository.insert_claimed(uow.conn, view)


async def note_status_event(
    *,
    uow: UnitOfWork,
    inventory: InventoryPort,
    tenant_number_id: uuid.UUID,
    workspace_id: uuid.UUID,
    event: NumberEvent,
    at: datetime,
    reason: str | None = None,
) -> Reaction:
    """numbers.suspended (with inventory's reason) / numbers.resumed."""
    await repository.lock_number(uow.conn, tenant_number_id)
    current = await repository.find_view(uow.conn, tenant_number_id)
    reaction = react_to_status_event(current, event, at)
    if reaction is Reaction.APPLY:
        source, target = NUMBER_EVENT_TRANSITIONS[event]
        await repository.set_status(
            uow.conn,
            tenant_number_id=tenant_number_id,
            from_status=source,
            to_status=target,
            at=at,
            reason=reason if event is NumberEvent.SUSPENDED else None,
        )
    elif reaction is Reaction.REREAD:
        await refresh_number(
            uow=uow,
            inventory=inventory,
            workspace_id=workspace_id,
            tenant_number_id=tenant_number_id,
            cause=f"numbers.{event.value}",
        )
    return reaction


async def note_settings_changed(
    *,
    uow: UnitOfWork,
    inventory: InventoryPort,
    tenant_number_id: uuid.UUID,
    workspace_id: uuid.UUID,
    allow_inbound: bool,
    allow_outbound: bool,
    at: datetime,
) -> Reaction:
    """numbers.updated: allow_inbound / allow_outbound changed."""
    await repository.lock_number(uow.conn, tenant_number_id)
    current = await repository.find_view(uow.conn, tenant_number_id)
    reaction = react_to_settings_event(current, at)
    if reaction is Reaction.APPLY:
        await repository.set_settings(
            uow.conn,
            tenant_number_id=tenant_number_id,
            allow_inbound=allow_inbound,
            allow_outbound=allow_outbound,
            at=at,
        )
    elif reaction is Reaction.REREAD:
        await refresh_number(
            uow=uow,
            inventory=inventory,
            workspace_id=workspace_id,
            tenant_number_id=tenant_number_id,
            cause="numbers.updated",
        )
    return reaction


async def note_released(*, uow: UnitOfWork, view: NumberView) -> None:
    """numbers.released: final whatever came before (or nothing); the URLs are dropped."""
    await repository.lock_number(uow.conn, view.tenant_number_id)
    await repository.mark_released(uow.conn, view)


async def refresh_number(
    *,
    uow: UnitOfWork,
    inventory: InventoryPort,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    cause: str,
) -> NumberView | None:
    """Re-reads the number from inventory and stores it (the caller holds the number's lock).
    Raises InventoryUnreachable, so the consumer retries the event later."""
    state = await inventory.get_tenant_number(
        workspace_id=workspace_id, tenant_number_id=tenant_number_id
    )
    log.info(
        "re-read a number from inventory",
        extra={"tenant_number_id": str(tenant_number_id), "cause": cause, "found": bool(state)},
    )
    if state is None:
        return None
    view = view_of(state, as_of=utc_now())
    await repository.store_refreshed(uow.conn, view)
    return view
