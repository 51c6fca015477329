"""This context's view of tenant numbers (status, allow_inbound, allow_outbound), kept in the
routing rows from inventory's events by the shared projection rules
(platform_common.number_projection). Released is final: the row stays as a tombstone without
URLs, so a claim heard after its release cannot revive it.

The functions taking `uow` run inside the consumer's open transaction (it commits)."""

from __future__ import annotations

from datetime import datetime

from platform_common.inventory_numbers import NumberState
from platform_common.number_projection import NumberProjection
from platform_common.uow import UnitOfWork
from services.routing import repository
from services.routing.domain import NumberStatus, NumberView


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
        disabled=state.disabled,
        livemode=state.livemode,
        status_reason=(state.suspended_reason or None)
        if state.status is NumberStatus.SUSPENDED
        else None,
    )


class _Store:
    """The `routings` table, as the shared projection rules use it."""

    lock = staticmethod(repository.lock_number)
    find = staticmethod(repository.find_view)
    set_status = staticmethod(repository.set_status)
    set_settings = staticmethod(repository.set_settings)
    store_refreshed = staticmethod(repository.store_refreshed)
    view_of = staticmethod(view_of)


_projection = NumberProjection(_Store())
note_status_event = _projection.note_status_event
note_settings_changed = _projection.note_settings_changed
refresh_number = _projection.refresh_number


async def note_claimed(*, uow: UnitOfWork, view: NumberView) -> None:
    """numbers.claimed: the number starts active with an empty routing (idempotent)."""
    await repository.lock_number(uow.conn, view.tenant_number_id)
    await repository.insert_claimed(uow.conn, view)


async def note_released(*, uow: UnitOfWork, view: NumberView) -> None:
    """numbers.released: final whatever came before (or nothing); the URLs are dropped."""
    await repository.lock_number(uow.conn, view.tenant_number_id)
    await repository.mark_released(uow.conn, view)
