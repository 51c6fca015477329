"""The wallet's view of tenant numbers, kept from inventory's numbers.* events (which carry
the rates fixed at claim) by the shared projection rules (platform_common.number_projection).
Released is final.

The functions run inside the consumer's open transaction (it commits)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.inventory_numbers import NumberState
from platform_common.number_projection import NumberEvent, NumberProjection, Reaction
from platform_common.uow import UnitOfWork
from services.wallet.usage import numbers_repository
from services.wallet.usage.domain import NumberStatus, NumberView

__all__ = ["NumberEvent", "Reaction", "note_claimed", "note_released", "view_of"]


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
        disabled=state.disabled,
        livemode=state.livemode,
        status_changed_at=as_of,
        settings_changed_at=as_of,
    )


class _Store:
    """The `call_numbers` table, as the shared projection rules use it."""

    lock = staticmethod(numbers_repository.lock_number)
    find = staticmethod(numbers_repository.find_number)
    set_settings = staticmethod(numbers_repository.set_number_settings)
    store_refreshed = staticmethod(numbers_repository.store_refreshed_number)
    view_of = staticmethod(view_of)

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
        # Call billing does not keep why a number is suspended.
        return await numbers_repository.set_number_status(
            conn,
            tenant_number_id=tenant_number_id,
            from_status=from_status,
            to_status=to_status,
            at=at,
        )


_projection = NumberProjection(_Store())
note_status_event = _projection.note_status_event
note_settings_changed = _projection.note_settings_changed
refresh_number = _projection.refresh_number


async def note_claimed(*, uow: UnitOfWork, view: NumberView) -> None:
    """A new holding starts active. Already known (from a re-read or a release) wins: it is
    at least as recent as the claim."""
    await numbers_repository.lock_number(uow.conn, view.tenant_number_id)
    await numbers_repository.insert_number_if_absent(uow.conn, view)


async def note_released(*, uow: UnitOfWork, view: NumberView) -> None:
    """numbers.released: final whatever came before."""
    await numbers_repository.lock_number(uow.conn, view.tenant_number_id)
    await numbers_repository.mark_number_released(uow.conn, view)
