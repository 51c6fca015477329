"""The instant claim's gate: a number whose type needs an order (per the requirements in
force) cannot be claimed on a click."""

from __future__ import annotations

import uuid

from platform_common.uow import UnitOfWorkFactory
from services.inventory.orders import hold_repository
from services.inventory.orders.errors import RegistrationRequired
from services.inventory.orders.requirements_store import RequirementsStore


async def ensure_instantly_claimable(
    *,
    new_uow: UnitOfWorkFactory,
    requirements: RequirementsStore,
    number_id: uuid.UUID,
    livemode: bool = True,
) -> None:
    """RegistrationRequired (409) when an available number must be ordered; otherwise nothing
    (an unknown or held number is left to the claim, which answers number_not_found or
    number_unavailable, or converts the workspace's own trial)."""
    catalogue = await requirements.current()
    if not any(entry.order_required for entry in catalogue.entries.values()):
        return  # no type needs an order: no query on the claim path
    async with new_uow().one_statement() as uow:
        kind = await hold_repository.available_number_type(uow.conn, number_id, livemode=livemode)
    if kind is not None and catalogue.order_required(*kind):
        raise RegistrationRequired(
            "this number is sold only through a number order with the holder's registration: "
            "POST /v1/number-orders with its number_id (requirements: "
            "GET /v1/numbers/requirements)",
            metadata={"orders_url": "/v1/number-orders", "number_id": str(number_id)},
        )
