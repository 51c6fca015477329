"""Routing use cases: one function each, dependencies passed explicitly."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.errors import Unavailable
from platform_common.events import OutgoingEvent
from platform_common.inventory_numbers import InventoryPort, InventoryUnreachable
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import events_pb2
from services.routing import number_view, repository
from services.routing.domain import (
    NumberNotFound,
    NumberReleased,
    NumberStatus,
    Refusal,
    RouteNotFound,
    RoutingNotFound,
    refusal_for,
    validate_e164,
)
from services.routing.repository import RoutingRow
from services.routing.route_cache import RouteCache
from services.routing.url_safety import Resolver, check_callback_url

ROUTING_UPDATED = "sautikit.routing.updated"


@dataclass(frozen=True)
class UrlPolicy:
    """How saved URLs are checked: development allows http:// and local hosts."""

    development: bool
    resolver: Resolver


@dataclass(frozen=True)
class Route:
    routing: RoutingRow
    refusal: Refusal

    @property
    def may_take_calls(self) -> bool:
        return self.refusal is Refusal.NONE


async def get_routing(
    *,
    uow: UnitOfWork,
    inventory: InventoryPort,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
) -> RoutingRow:
    """The routing of one of the workspace's numbers; another workspace's, or a released one,
    is not found."""
    found = await _current_routing(
        uow=uow, inventory=inventory, workspace_id=workspace_id, tenant_number_id=tenant_number_id
    )
    if found.status == NumberStatus.RELEASED:
        raise RoutingNotFound("this number was released; it has no routing")
    return found


async def update_routing(
    *,
    uow: UnitOfWork,
    inventory: InventoryPort,
    policy: UrlPolicy,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    changes: dict[str, str | None],
) -> RoutingRow:
    """Sets (a URL) or clears (None) each field in `changes`, after checking every new URL;
    publishes routing.updated in the same transaction. Nothing changes when a check fails."""
    for field, url in changes.items():
        if url is not None:
            await check_callback_url(
                url, development=policy.development, resolver=policy.resolver, field=field
            )
    await _current_routing(
        uow=uow, inventory=inventory, workspace_id=workspace_id, tenant_number_id=tenant_number_id
    )
    async with uow:
        updated = await repository.update_urls(
            uow.conn, workspace_id=workspace_id, tenant_number_id=tenant_number_id, changes=changes
        )
        if updated is None:
            # The row exists (just checked), so it is released or was released meanwhile.
            raise NumberReleased("this number was released; its routing cannot change")
        uow.emit(
            OutgoingEvent.of(
                ROUTING_UPDATED,
                f"tenant-numbers/{updated.tenant_number_id}",
                events_pb2.RoutingUpdated(
                    tenant_number_id=str(updated.tenant_number_id),
                    workspace_id=str(updated.workspace_id),
                    e164=updated.e164,
                    voice_callback_url=updated.voice_callback_url or "",
                    events_url=updated.events_url or "",
                    updated_at=to_timestamp(updated.updated_at),
                    changed_fields=sorted(changes),
                ),
            )
        )
        await uow.commit()
    return updated


async def resolve_route(*, reads: AsyncEngine, cache: RouteCache[Route], e164: str) -> Route:
    """Who holds the number, where its calls go, and whether it may take calls now (from the
    short-lived cache when this process answered it a moment ago). `reads` is an autocommit
    engine: a read-only answer needs no transaction, and BEGIN/ROLLBACK would double its
    round trips."""
    known = cache.get(e164)
    if known is not None:
        return known
    validate_e164(e164)
    async with reads.connect() as conn:
        found = await repository.resolve(conn, e164)
    if found is None:
        raise RouteNotFound("no workspace holds this number")
    route = Route(
        routing=found,
        refusal=refusal_for(
            found.status, found.allow_inbound, found.disabled, livemode=found.livemode
        ),
    )
    cache.put(e164, route)
    return route


async def _current_routing(
    *,
    uow: UnitOfWork,
    inventory: InventoryPort,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
) -> RoutingRow:
    """The workspace's routing row; when its claim event has not arrived yet, inventory is
    asked (a client may set routing right after claiming)."""
    async with uow:
        found = await repository.get_routing(
            uow.conn, workspace_id=workspace_id, tenant_number_id=tenant_number_id
        )
        if found is not None:
            return found
        await repository.lock_number(uow.conn, tenant_number_id)
        try:
            refreshed = await number_view.refresh_number(
                uow=uow,
                inventory=inventory,
                workspace_id=workspace_id,
                tenant_number_id=tenant_number_id,
                cause="routing api",
            )
        except InventoryUnreachable as exc:
            raise Unavailable(f"inventory did not answer: {exc}") from None
        if refreshed is None or refreshed.workspace_id != workspace_id:
            raise NumberNotFound("no such number in this workspace")
        await uow.commit()
    async with uow:
        found = await repository.get_routing(
            uow.conn, workspace_id=workspace_id, tenant_number_id=tenant_number_id
        )
    if found is None:
        raise RoutingNotFound("this number has no routing")
    return found
