"""The rules every projection of tenant numbers follows (credentials, routing and wallet usage
each keep one, in a table of their own, fed by inventory's numbers.* events).

An event that is the next step from what we know is applied; one that does not fit (unknown
number, unexpected status, older than what we know) makes us re-read the number from inventory
instead of guessing. Released is final: a released holding never comes back.

A service plugs its table in through a `ProjectionStore`; the functions taking `uow` run inside
the consumer's open transaction (it commits)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.timestamps import utc_now
from platform_common.uow import UnitOfWork

if TYPE_CHECKING:
    from platform_common.inventory_numbers import InventoryPort, NumberState

log = logging.getLogger(__name__)


class NumberStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RELEASED = "released"


class NumberEvent(StrEnum):
    SUSPENDED = "suspended"
    RESUMED = "resumed"


# The status each inventory event moves a number to, from the one status it may come from.
NUMBER_EVENT_TRANSITIONS: dict[NumberEvent, tuple[NumberStatus, NumberStatus]] = {
    NumberEvent.SUSPENDED: (NumberStatus.ACTIVE, NumberStatus.SUSPENDED),
    NumberEvent.RESUMED: (NumberStatus.SUSPENDED, NumberStatus.ACTIVE),
}


class Reaction(Enum):
    APPLY = "apply"
    IGNORE = "ignore"
    REREAD = "reread"  # the event does not fit what we know: ask inventory for the truth


class KnownNumber(Protocol):
    """What the rules need of a service's view of a number."""

    @property
    def status(self) -> str: ...
    @property
    def status_changed_at(self) -> datetime: ...
    @property
    def settings_changed_at(self) -> datetime: ...


def react_to_status_event(
    current: KnownNumber | None, event: NumberEvent, at: datetime
) -> Reaction:
    """Applies an event only when it is the next step from what we know; otherwise re-read."""
    if current is None:
        return Reaction.REREAD
    if current.status == NumberStatus.RELEASED:
        return Reaction.IGNORE  # final: a released holding never comes back
    if at < current.status_changed_at:
        return Reaction.REREAD
    source, _ = NUMBER_EVENT_TRANSITIONS[event]
    return Reaction.APPLY if current.status == source else Reaction.REREAD


def react_to_settings_event(current: KnownNumber | None, at: datetime) -> Reaction:
    if current is None:
        return Reaction.REREAD
    if current.status == NumberStatus.RELEASED:
        return Reaction.IGNORE
    if at < current.settings_changed_at:
        return Reaction.REREAD
    return Reaction.APPLY


View = TypeVar("View", bound=KnownNumber)


class ProjectionStore(Protocol[View]):
    """A service's table of numbers, as the shared rules use it. Every write happens under the
    number's lock, taken first."""

    async def lock(self, conn: AsyncConnection, tenant_number_id: uuid.UUID) -> None: ...

    async def find(self, conn: AsyncConnection, tenant_number_id: uuid.UUID) -> View | None: ...

    async def set_status(
        self,
        conn: AsyncConnection,
        *,
        tenant_number_id: uuid.UUID,
        from_status: NumberStatus,
        to_status: NumberStatus,
        at: datetime,
        reason: str | None,
    ) -> bool:
        """One status step, only from the expected status and never back in time."""
        ...

    async def set_settings(
        self,
        conn: AsyncConnection,
        *,
        tenant_number_id: uuid.UUID,
        allow_inbound: bool,
        allow_outbound: bool,
        disabled: bool,
        at: datetime,
    ) -> bool:
        """allow_inbound / allow_outbound / disabled, never back in time, never once released."""
        ...

    async def store_refreshed(self, conn: AsyncConnection, view: View) -> None:
        """Writes the state just read from inventory, keeping the latest event times seen."""
        ...

    def view_of(self, state: NumberState, *, as_of: datetime) -> View: ...


AfterRefresh = Callable[[UnitOfWork, "NumberState"], Awaitable[Any]]


async def _nothing(uow: UnitOfWork, state: NumberState) -> None:
    return None


class NumberProjection(Generic[View]):
    """The event handling shared by every projection; `after_refresh` lets a service act on
    what a re-read found (credentials revokes a released number's credentials)."""

    def __init__(
        self, store: ProjectionStore[View], after_refresh: AfterRefresh = _nothing
    ) -> None:
        self.store = store
        self.after_refresh = after_refresh

    async def note_status_event(
        self,
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
        await self.store.lock(uow.conn, tenant_number_id)
        current = await self.store.find(uow.conn, tenant_number_id)
        reaction = react_to_status_event(current, event, at)
        if reaction is Reaction.APPLY:
            source, target = NUMBER_EVENT_TRANSITIONS[event]
            await self.store.set_status(
                uow.conn,
                tenant_number_id=tenant_number_id,
                from_status=source,
                to_status=target,
                at=at,
                reason=reason if event is NumberEvent.SUSPENDED else None,
            )
        elif reaction is Reaction.REREAD:
            await self.refresh_number(
                uow=uow,
                inventory=inventory,
                workspace_id=workspace_id,
                tenant_number_id=tenant_number_id,
                cause=f"numbers.{event.value}",
            )
        return reaction

    async def note_settings_changed(
        self,
        *,
        uow: UnitOfWork,
        inventory: InventoryPort,
        tenant_number_id: uuid.UUID,
        workspace_id: uuid.UUID,
        allow_inbound: bool,
        allow_outbound: bool,
        disabled: bool,
        at: datetime,
    ) -> Reaction:
        """numbers.updated: allow_inbound / allow_outbound / disabled changed. Disabled is a
        setting, not a status: it orders with the other settings, and suspension or resumption
        never touch it."""
        await self.store.lock(uow.conn, tenant_number_id)
        current = await self.store.find(uow.conn, tenant_number_id)
        reaction = react_to_settings_event(current, at)
        if reaction is Reaction.APPLY:
            await self.store.set_settings(
                uow.conn,
                tenant_number_id=tenant_number_id,
                allow_inbound=allow_inbound,
                allow_outbound=allow_outbound,
                disabled=disabled,
                at=at,
            )
        elif reaction is Reaction.REREAD:
            await self.refresh_number(
                uow=uow,
                inventory=inventory,
                workspace_id=workspace_id,
                tenant_number_id=tenant_number_id,
                cause="numbers.updated",
            )
        return reaction

    async def refresh_number(
        self,
        *,
        uow: UnitOfWork,
        inventory: InventoryPort,
        workspace_id: uuid.UUID,
        tenant_number_id: uuid.UUID,
        cause: str,
    ) -> View | None:
        """Re-reads the number from inventory and stores it (the caller holds the number's
        lock). Raises InventoryUnreachable, so the consumer retries the event later."""
        state = await inventory.get_tenant_number(
            workspace_id=workspace_id, tenant_number_id=tenant_number_id
        )
        log.info(
            "re-read a number from inventory",
            extra={
                "tenant_number_id": str(tenant_number_id),
                "cause": cause,
                "found": bool(state),
            },
        )
        if state is None:
            return None
        view = self.store.view_of(state, as_of=utc_now())
        await self.store.store_refreshed(uow.conn, view)
        await self.after_refresh(uow, state)
        return view
