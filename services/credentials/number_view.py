"""This context's view of tenant numbers (status, allow_inbound, allow_outbound), kept from
inventory's events by the shared projection rules (platform_common.number_projection).
Released is final and revokes every credential, whether an event or a re-read tells us.

The functions taking `uow` run inside the consumer's open transaction (it commits)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.inventory_numbers import InventoryPort, InventoryUnreachable, NumberState
from platform_common.number_projection import NumberProjection, NumberStatus
from platform_common.timestamps import utc_now
from platform_common.uow import UnitOfWork, UnitOfWorkFactory
from services.credentials import numbers_repository
from services.credentials.domain import NumberView
from services.credentials.errors import NumberNotFound, NumberStateUnavailable
from services.credentials.usecases import revoke_all_for_number


def view_of(state: NumberState, *, as_of: datetime) -> NumberView:
    return NumberView(
        tenant_number_id=state.tenant_number_id,
        workspace_id=state.workspace_id,
        e164=state.e164,
        status=state.status.value,
        allow_inbound=state.allow_inbound,
        allow_outbound=state.allow_outbound,
        disabled=state.disabled,
        livemode=state.livemode,
        status_changed_at=as_of,
        settings_changed_at=as_of,
    )


class _Store:
    """The `tenant_numbers` table, as the shared projection rules use it."""

    lock = staticmethod(numbers_repository.lock_number)
    find = staticmethod(numbers_repository.find_number)
    set_settings = staticmethod(numbers_repository.set_number_settings)
    store_refreshed = staticmethod(numbers_repository.store_refreshed_number)

    @staticmethod
    async def set_status(
        conn: AsyncConnection,
        *,
        tenant_number_id: uuid.UUID,
        from_status: NumberStatus,
        to_status: NumberStatus,
        at: datetime,
        reason: str | None,
    ) -> bool:
        # This context does not keep why a number is suspended.
        return await numbers_repository.set_number_status(
            conn,
            tenant_number_id=tenant_number_id,
            from_status=from_status,
            to_status=to_status,
            at=at,
        )

    @staticmethod
    def view_of(state: NumberState, *, as_of: datetime) -> NumberView:
        return view_of(state, as_of=as_of)


async def _revoke_if_released(uow: UnitOfWork, state: NumberState) -> None:
    if state.status is NumberStatus.RELEASED:
        await revoke_all_for_number(uow=uow, tenant_number_id=state.tenant_number_id)


_projection = NumberProjection(_Store(), after_refresh=_revoke_if_released)
note_status_event = _projection.note_status_event
note_settings_changed = _projection.note_settings_changed
refresh_number = _projection.refresh_number


async def note_claimed(*, uow: UnitOfWork, view: NumberView) -> None:
    """A new holding starts active. Already known (from a re-read or a release) wins: it is
    at least as recent as the claim."""
    await numbers_repository.lock_number(uow.conn, view.tenant_number_id)
    await numbers_repository.insert_number_if_absent(uow.conn, view)


async def note_released(*, uow: UnitOfWork, view: NumberView) -> int:
    """numbers.released: final whatever came before; every credential of the number is
    revoked in the same transaction. Returns how many were."""
    await numbers_repository.lock_number(uow.conn, view.tenant_number_id)
    await numbers_repository.mark_number_released(uow.conn, view)
    return await revoke_all_for_number(uow=uow, tenant_number_id=view.tenant_number_id)


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
