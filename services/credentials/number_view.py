"""This context's view of tenant numbers (status, allow_inbound, allow_outbound), kept from
inventory's events. An event that is the next step from what we know is applied; one that
does not fit (unknown number, unexpected status, older than what we know) makes us re-read the
number from inventory instead of guessing. Released is final and revokes every credential.

The functions taking `uow` run inside the consumer's open transaction (it commits)."""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from platform_common.timestamps import utc_now
from platform_common.uow import UnitOfWork, UnitOfWorkFactory
from services.credentials import numbers_repository
from services.credentials.domain import (
    NUMBER_EVENT_TRANSITIONS,
    NumberEvent,
    NumberStatus,
    NumberView,
    Reaction,
    react_to_settings_event,
    react_to_status_event,
)
from services.credentials.errors import NumberNotFound, NumberStateUnavailable
from services.credentials.inventory_client import InventoryPort, InventoryUnreachable, NumberState
from services.credentials.usecases import revoke_all_for_number

log = logging.getLogger(__name__)


def view_of(state: NumberState, *, as_of: datetime) -> NumberView:
    return NumberView(
        tenant_number_id=state.tenant_number_id,
        workspace_id=state.workspace_id,
        e164=state.e164,
        status=state.status.value,
        allow_inbound=state.allow_inbound,
        allow_outbound=state.allow_outbound,
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
        source, target = NUMBER_EVENT_TRANSITIONS[event]
        await numbers_repository.set_number_status(
            uow.conn,
            tenant_number_id=tenant_number_id,
            from_status=source,
            to_status=target,
            at=at,
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


async def note_released(*, uow: UnitOfWork, view: NumberView) -> int:
    """numbers.released: final whatever came before; every credential of the number is
    revoked in the same transaction. Returns how many were."""
    await numbers_repository.lock_number(uow.conn, view.tenant_number_id)
    await numbers_repository.mark_number_released(uow.conn, view)
    return await revoke_all_for_number(uow=uow, tenant_number_id=view.tenant_number_id)


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
    if state.status is NumberStatus.RELEASED:
        await revoke_all_for_number(uow=uow, tenant_number_id=tenant_number_id)
    return view


async def ensure_number_is_the_workspaces(
    *,
    new_uow: UnitOfWorkFactory,
    inventory: InventoryPort,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
) -> None:
    """Before issuing a credential: this context checks ownership itself rather than trust its
    caller. With no view of the number yet (its numbers.claimed not consumed), inventory is
    asked, and what it says becomes the view; a number the workspace does not hold is 404."""
    async with new_uow().one_statement() as uow:
        view = await numbers_repository.find_number(uow.conn, tenant_number_id)
    if view is not None:
        if view.workspace_id != workspace_id:
            raise NumberNotFound("no such number in this workspace")
        return
    try:
        state = await inventory.get_tenant_number(
            workspace_id=workspace_id, tenant_number_id=tenant_number_id
        )
    except InventoryUnreachable as exc:
        raise NumberStateUnavailable(
            "the number's state is not known yet and inventory did not answer; retry"
        ) from exc
    if state is None or state.workspace_id != workspace_id:
        raise NumberNotFound("no such number in this workspace")
    async with new_uow().one_statement() as uow:
        await numbers_repository.insert_number_if_absent(uow.conn, view_of(state, as_of=utc_now()))
