"""Routing use cases: one function each, dependencies passed explicitly."""

from __future__ import annotations

import uuid

from platform_common.errors import NotFound
from platform_common.uow import UnitOfWork
from services.routing import repository
from services.routing.repository import RoutingRow


class RoutingNotFound(NotFound):
    default_code = "routing_not_found"


async def get_routing(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
) -> RoutingRow:
    """The routing of one of the workspace's numbers; another workspace's is not found."""
    async with uow:
        found = await repository.get_routing(
            uow.conn, workspace_id=workspace_id, tenant_number_id=tenant_number_id
        )
    if found is None:
        raise RoutingNotFound("this number has no routing")
    return found


async def open_routing(
    *, uow: UnitOfWork, tenant_number_id: uuid.UUID, workspace_id: uuid.UUID, e164: str
) -> None:
    """A claimed number starts with an empty routing (idempotent)."""
    await repository.create_empty_routing(
        uow.conn, tenant_number_id=tenant_number_id, workspace_id=workspace_id, e164=e164
    )


async def drop_routing(*, uow: UnitOfWork, tenant_number_id: uuid.UUID) -> None:
    """A released number loses its routing (idempotent)."""
    await repository.delete_routing(uow.conn, tenant_number_id=tenant_number_id)
