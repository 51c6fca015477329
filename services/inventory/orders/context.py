"""What every order use case needs, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from platform_common.uow import UnitOfWorkFactory
from services.inventory.orders.personal_data import OrderDataBox
from services.inventory.orders.requirements_store import RequirementsStore
from services.inventory.orders.settings import OrderSettings
from services.inventory.renewals.domain import Clock


@dataclass(frozen=True)
class OrderContext:
    new_uow: UnitOfWorkFactory
    requirements: RequirementsStore
    box: OrderDataBox
    clock: Clock  # the service's one clock: holds, expiry and retention read it
    settings: OrderSettings
