"""Inventory use cases: one function each, dependencies passed explicitly."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from platform_common.timestamps import utc_now
from platform_common.uow import UnitOfWork
from services.inventory import repository
from services.inventory.domain import NumberState, RawNumberSpec, validate_import_batch

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    created: int
    unchanged: int


@dataclass(frozen=True)
class InventoryStats:
    counts: dict[NumberState, int]
    as_of: datetime


async def import_numbers(*, uow: UnitOfWork, numbers: Sequence[RawNumberSpec]) -> ImportResult:
    """Adds a batch to the pool, all or nothing: any bad row raises validation_failed and
    writes nothing; numbers already known (by e164) are left as they are."""
    # Parsing 5,000 numbers takes a few hundred ms: off the event loop, so other RPCs go on.
    specs = await asyncio.to_thread(validate_import_batch, numbers)
    async with uow:
        created = await repository.insert_new_numbers(uow.conn, specs)
        await uow.commit()
    result = ImportResult(created=created, unchanged=len(specs) - created)
    log.info(
        "numbers imported",
        extra={"numbers_created": result.created, "numbers_unchanged": result.unchanged},
    )
    return result


async def get_inventory_stats(*, uow: UnitOfWork) -> InventoryStats:
    """How many numbers are in each state right now."""
    async with uow:
        counts = await repository.count_numbers_by_state(uow.conn)
    return InventoryStats(counts=counts, as_of=utc_now())
