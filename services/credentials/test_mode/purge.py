"""The sandbox purge of the credentials context: every active credential of the workspace is
revoked now, through the same repository call and events as a number's release, so the SIP
edge refuses them at once rather than when inventory's numbers.released events arrive."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from platform_common.errors import Conflict
from platform_common.uow import UnitOfWorkFactory
from services.credentials.usecases import revoke_all_for_number


class LiveObjectsPresent(Conflict):
    """The purge met a live number: this is not a sandbox workspace, whatever the caller said."""

    default_code = "live_objects_present"


_LIVE_NUMBERS = text(
    "SELECT count(*) FROM credentials.tenant_numbers WHERE workspace_id = :workspace_id "
    "AND livemode"
)
_NUMBERS_WITH_ACTIVE = text(
    "SELECT DISTINCT tenant_number_id FROM credentials.sip_credentials "
    "WHERE workspace_id = :workspace_id AND status = 'active' ORDER BY tenant_number_id"
)


async def purge_sandbox(*, new_uow: UnitOfWorkFactory, workspace_id: uuid.UUID) -> int:
    """Revokes the workspace's active credentials in one transaction; refuses, changing
    nothing, when any number it holds here is live. Returns how many were revoked."""
    params = {"workspace_id": workspace_id}
    async with new_uow() as uow:
        if (await uow.conn.execute(_LIVE_NUMBERS, params)).scalar_one():
            raise LiveObjectsPresent("this workspace holds live numbers; nothing was purged")
        numbers = [row[0] for row in await uow.conn.execute(_NUMBERS_WITH_ACTIVE, params)]
        revoked = 0
        for tenant_number_id in numbers:
            revoked += await revoke_all_for_number(uow=uow, tenant_number_id=tenant_number_id)
        await uow.commit()
    return revoked
