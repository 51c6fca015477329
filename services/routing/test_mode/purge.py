"""The sandbox purge of the routing context: the workspace's delivery log (attempts go with
their deliveries), voice callback invocations and workspace callback are deleted. Routings are
not: a released routing stays as the tombstone that keeps a late numbers.claimed from bringing
it back.

The gateway purges inventory first, so the sandbox's numbers are already released there, but
routing hears of it only when it consumes numbers.released. A call event arriving in between
would record a new delivery after ours were deleted; so the purge first re-reads from inventory
every routing of the workspace not yet released (the projection's own re-read), and from its
commit on, call events for those numbers find no routing and record nothing."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from platform_common.errors import Conflict, Unavailable
from platform_common.inventory_numbers import InventoryPort, InventoryUnreachable
from platform_common.uow import UnitOfWorkFactory
from services.routing import number_view, repository


class LiveObjectsPresent(Conflict):
    """The purge met a live number: this is not a sandbox workspace, whatever the caller said."""

    default_code = "live_objects_present"


_LIVE_ROUTINGS = text(
    "SELECT count(*) FROM routing.routings WHERE workspace_id = :workspace_id AND livemode"
)
_NOT_RELEASED = text(
    "SELECT tenant_number_id FROM routing.routings "
    "WHERE workspace_id = :workspace_id AND status <> 'released' ORDER BY tenant_number_id"
)
# The callback first: its row lock waits for a consumer that read it FOR SHARE to commit its
# delivery, which the DELETE of deliveries after it (a new snapshot) then sees.
_DELETES = (
    text("DELETE FROM routing.workspace_callbacks WHERE workspace_id = :workspace_id"),
    text("DELETE FROM routing.deliveries WHERE workspace_id = :workspace_id"),
    text("DELETE FROM routing.voice_callback_invocations WHERE workspace_id = :workspace_id"),
)


async def purge_sandbox(
    *, new_uow: UnitOfWorkFactory, inventory: InventoryPort, workspace_id: uuid.UUID
) -> int:
    """Brings the workspace's routings up to date with inventory, then deletes its deliveries,
    invocations and callback, in one transaction; refuses, changing nothing, when any of its
    routings is a live number's. Returns how many rows were deleted."""
    params = {"workspace_id": workspace_id}
    async with new_uow() as uow:
        if (await uow.conn.execute(_LIVE_ROUTINGS, params)).scalar_one():
            raise LiveObjectsPresent("this workspace holds live numbers; nothing was purged")
        held = [row.tenant_number_id for row in await uow.conn.execute(_NOT_RELEASED, params)]
        for tenant_number_id in held:
            await repository.lock_number(uow.conn, tenant_number_id)
            try:
                await number_view.refresh_number(
                    uow=uow,
                    inventory=inventory,
                    workspace_id=workspace_id,
                    tenant_number_id=tenant_number_id,
                    cause="sandbox purge",
                )
            except InventoryUnreachable as exc:
                raise Unavailable("inventory did not answer; nothing was purged, retry") from exc
        purged = 0
        for statement in _DELETES:
            purged += (await uow.conn.execute(statement, params)).rowcount
        await uow.commit()
    return purged
