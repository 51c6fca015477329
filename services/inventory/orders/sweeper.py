"""The order sweeper: expires orders whose hold is over (the number back to the pool, once)
and crypto-shreds personal data whose retention is over. Reads the service's one clock; rows
are taken with FOR UPDATE SKIP LOCKED, so several replicas share the work safely."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from services.inventory.orders import repository
from services.inventory.orders.context import OrderContext
from services.inventory.orders.domain import OrderStatus
from services.inventory.orders.usecases import end_without_number

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SweepResult:
    expired: int
    shredded: int


async def expire_holds(ctx: OrderContext) -> int:
    """One batch of orders whose hold ended: expired, number returned to the pool."""
    async with ctx.new_uow() as uow:
        due = await repository.hold_ended(
            uow.conn, now=ctx.clock.now(), limit=ctx.settings.sweep_batch
        )
        expired = 0
        for order in due:
            if await end_without_number(
                ctx, uow, order, to=OrderStatus.EXPIRED, reason="hold_expired"
            ):
                expired += 1
        await uow.commit()
    return expired


async def shred_personal_data(ctx: OrderContext) -> int:
    async with ctx.new_uow() as uow:
        shredded = await repository.shred_due(
            uow.conn, now=ctx.clock.now(), limit=ctx.settings.sweep_batch
        )
        await uow.commit()
    return len(shredded)


async def sweep_once(ctx: OrderContext) -> SweepResult:
    expired = shredded = 0
    while batch := await expire_holds(ctx):
        expired += batch
    while batch := await shred_personal_data(ctx):
        shredded += batch
    if expired or shredded:
        log.info("order sweep", extra={"orders_expired": expired, "orders_shredded": shredded})
    return SweepResult(expired, shredded)


async def run_order_sweeper(ctx: OrderContext) -> None:
    """Background job of the inventory service."""
    while True:
        try:
            await sweep_once(ctx)
        except Exception:
            log.exception("order sweep failed; retrying")
        await asyncio.sleep(ctx.settings.sweep_interval_seconds)
