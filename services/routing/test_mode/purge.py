"""The sandbox purge of the routing context: the workspace's delivery log (attempts go with
their deliveries), voice callback invocations and workspace callback are deleted. Routings are
not: they follow inventory's numbers.released events, and a released routing stays as the
tombstone that keeps a late numbers.claimed from bringing it back."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from platform_common.errors import Conflict
from platform_common.uow import UnitOfWorkFactory


class LiveObjectsPresent(Conflict):
    """The purge met a live number: this is not a sandbox workspace, whatever the caller said."""

    default_code = "live_objects_present"


_LIVE_ROUTINGS = text(
    "SELECT count(*) FROM routing.routings WHERE workspace_id = :workspace_id AND livemode"
)
_DELETES = (
    text("DELETE FROM routing.deliveries WHERE workspace_id = :workspace_id"),
    text("DELETE FROM routing.voice_callback_invocations WHERE workspace_id = :workspace_id"),
    text("DELETE FROM routing.workspace_callbacks WHERE workspace_id = :workspace_id"),
)


async def purge_sandbox(*, new_uow: UnitOfWorkFactory, workspace_id: uuid.UUID) -> int:
    """Deletes the workspace's deliveries, invocations and callback in one transaction;
    refuses, changing nothing, when any of its routings is a live number's. Returns how many
    rows were deleted."""
    params = {"workspace_id": workspace_id}
    async with new_uow() as uow:
        if (await uow.conn.execute(_LIVE_ROUTINGS, params)).scalar_one():
            raise LiveObjectsPresent("this workspace holds live numbers; nothing was purged")
        purged = 0
        for statement in _DELETES:
            purged += (await uow.conn.execute(statement, params)).rowcount
        await uow.commit()
    return purged
