"""The wallet's view of tenant numbers, kept from inventory's numbers.* events (which carry
the rates fixed at claim). An event that is the next step from what we know is applied; one
that does not fit (unknown number, unexpected status, older than what we know) makes us
re-read the number from inventory instead of guessing. Released is final.

The functions run inside the consumer's open transaction (it commits)."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from enum import Enum

from platform_common.timestamps import utc_now
from platform_common.uow import UnitOfWork
from services.wallet.usage import numbers_repository
from services.wallet.usage.domain import NumberStatus, NumberView
from services.wallet.usage.inventory_client import InventoryPort, NumberState

log = logging.getLogger(__name__)


class NumberEvent(Enum):
    SUSPENDED = "suspended"
    RESUMED = "resumed"


# event -> (status it moves from, status it moves to)
TRANSITIONS = {
    NumberEvent.SUSPENDED: (NumberStatus.ACTIVE, NumberStatus.SUSPENDED),
    NumberEvent.RESUMED: (NumberStatus.SUSPENDED, NumberStatus.ACTIVE),
}


class Reaction(Enum):
    APPLY = "apply"
    IGNORE = "ignore"
    REREAD = "reread"  # the event does not fit what we know: ask inventory for the truth


def react_to_status_event(current: NumberView | None, event: NumberEvent, at: datetime) -> Reaction:
    if current is None:
        return Reaction.REREAD
    if current.status == NumberStatus.RELEASED:
        return Reaction.IGNORE  # final: a released holding never comes back
    if at < current.status_changed_at:
        return Reaction.REREAD
    source, _ = TRANSITIONS[event]
    return Reaction.APPLY if current.status == source else Reaction.REREAD


def react_to_settings_event(current: NumberView | None, at: datetime) -> Reaction:
    if current is None:
        return Reaction.REREAD
    if current.status == NumberStatus.RELEASED:
        return Reaction.IGNORE
    if at < current.settings_changed_at:
        return Reaction.REREAD
    return Reaction.APPLY


def view_of(state: NumberState, *, as_of: datetime) -> NumberView:
    return NumberView(
        tenant_number_id=state.tenant_number_id,
        workspace_id=state.workspace_id,
        e164=state.e164,
        status=state.status.value,
        allow_inbound=state.allow_inbound,
        allow_outbound=state.allow_outbound,
        inbound_per_min_minor=state.inbound_per_min_minor,
        outbound_per_min_minor=state.outbound_per_min_minor,
        status_changed_at=as_of,
        settings_changed_at=as_of,
    )


async def note_claimed(*, uow: UnitOfWork, view: NumberView) -> None:
    """A new holding starts active. Already known (from a re-read or a release) wins: it is
    at least as recent as the claim."""
    await numbers_repository.lock_number(uow.conn, view.tenant_number_id)
    await numbers_repository.insert_number_if_absent(uow.conn, view)


async def note_status_event(
    *,
    uow: UnitOfWork,
    inventory: InventoryPort,
    tenant_number_id: uuid.UUID,
    workspace_id: uuid.UUID,
    event: NumberEvent,
    at: datetime,
) -> Reaction:
    """numbers.suspended / numbers.resumed."""
    await numbers_repository.lock_number(uow.conn, tenant_number_id)
    current = await numbers_repository.find_number(uow.conn, tenant_number_id)
    reaction = react_to_status_event(current, event, at)
    if reaction is Reaction.APPLY:
        source, target = TRANSITIONS[event]
        await numbers_repository.set_number_status(
            uow.conn, tenant_number_id=tenant_number_id, from_status=source, to_status=target, at=at
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
    await numbers_repository.lock_number(uow.conn, tenant_number_id)
    current = await numbers_repository.find_number(uow.conn, tenant_number_id)
    reaction = react_to_settings_event(current, at)
    if reaction is Reaction.APPLY:
        await numbers_repository.set_number_settings(
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
    """numbers.released: final whatever came before."""
    await numbers_repository.lock_number(uow.conn, view.tenant_number_id)
    await numbers_repository.mark_number_released(uow.conn, view)


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
    await numbers_repository.store_refreshed_number(uow.conn, view)
    return view
