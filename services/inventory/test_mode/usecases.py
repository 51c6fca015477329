"""Test mode's use cases. They reuse the scheduler's code paths (same locks, same idempotency
keys, same events), narrowed to one workspace or one number, so what a customer sees in the
sandbox is what the live schedulers do."""

from __future__ import annotations

import uuid

from sqlalchemy import text

from platform_common.errors import Conflict, Unavailable
from platform_common.uow import UnitOfWorkFactory
from services.inventory import events as lifecycle
from services.inventory import holdings_repository as holdings
from services.inventory.domain import (
    NumberState,
    TenantNumberStatus,
    ensure_number_transition,
)
from services.inventory.errors import NumberNotFound
from services.inventory.holdings_repository import TenantNumberRow
from services.inventory.orders.domain import OPEN_STATUSES
from services.inventory.renewals.domain import Clock, Period, RenewalItem
from services.inventory.renewals.usecases import renew_batch
from services.inventory.trials import repository as trials
from services.inventory.trials.domain import TRIAL_EXPIRED, conversion_key
from services.inventory.wallet_client import RenewalWalletPort, WalletPort, WalletUnreachable

RENEW_BATCH = 500


SANDBOX_PURGED = "sandbox_purged"


class LiveObjectsPresent(Conflict):
    """The purge met a live object: this is not a sandbox workspace, whatever the caller said."""

    default_code = "live_objects_present"


class NotATrial(Conflict):
    """The number is held, but not on trial (or its trial already ended)."""

    default_code = "not_a_trial"


async def renew_workspace(
    *,
    new_uow: UnitOfWorkFactory,
    wallet: RenewalWalletPort,
    clock: Clock,
    workspace_id: uuid.UUID,
    period: Period | None = None,
) -> tuple[Period, list[RenewalItem]]:
    """One workspace's renewal of `period` now; by default the one the scheduler will run on
    the next 1st. The caller has checked that `period` may run (ensure_runnable)."""
    period = period or Period.containing(clock.now()).next()
    items: list[RenewalItem] = []
    after: uuid.UUID | None = None
    while True:
        batch = await renew_batch(
            uow=new_uow(),
            wallet=wallet,
            period=period,
            after=after,
            limit=RENEW_BATCH,
            workspace_id=workspace_id,
        )
        items.extend(batch.items)
        if batch.next_after is None:
            return period, items
        after = batch.next_after


async def expire_trial(
    *,
    new_uow: UnitOfWorkFactory,
    wallet: WalletPort,
    workspace_id: uuid.UUID,
    ref: uuid.UUID,
) -> TenantNumberRow:
    """Releases the workspace's trial now (reason trial_expired), as the trial scheduler does
    at trial_until; a trial whose conversion was paid is not a trial to expire."""
    async with new_uow() as uow:
        row = await holdings.find_tenant_number(uow.conn, workspace_id=workspace_id, ref=ref)
    if row is None:
        raise NumberNotFound("no such number in this workspace")
    if row.trial_until is None or row.status == "released":
        raise NotATrial("this number is not on trial")
    # A conversion interrupted between its debit and its UPDATE is the scheduler's to finish.
    try:
        converted = await wallet.find_debit(conversion_key(row.id)) is not None
    except WalletUnreachable:
        raise Unavailable("the wallet did not answer; retry") from None
    if converted:
        raise NotATrial("this trial was converted to a paid number")
    async with new_uow() as uow:
        released = await trials.release_ended(
            uow.conn, tenant_number_id=row.id, ended_by=row.trial_until
        )
        if not released:
            raise NotATrial("this number is no longer on trial")
        ensure_number_transition(NumberState.ASSIGNED, NumberState.RELEASED)
        ensure_number_transition(NumberState.RELEASED, NumberState.AVAILABLE)
        await holdings.return_to_pool(uow.conn, number_id=row.number_id)
        current = await holdings.find_tenant_number(uow.conn, workspace_id=None, ref=row.id)
        assert current is not None
        uow.emit(lifecycle.number_released(current, TRIAL_EXPIRED))
        await uow.commit()
    return current


# Any holding, even a released one, of a live number makes the workspace a live one.
_LIVE_HOLDINGS = text(
    """
    SELECT count(*) FROM inventory.tenant_numbers t
    JOIN inventory.numbers n ON n.id = t.number_id
    WHERE t.workspace_id = :workspace_id AND n.livemode
    """
)
_LOCK_HELD = text(
    """
    SELECT id FROM inventory.tenant_numbers
    WHERE workspace_id = :workspace_id AND status IN ('active', 'suspended')
    ORDER BY id
    FOR UPDATE
    """
)


_LIVE_ORDERS = text(
    """
    SELECT count(*) FROM inventory.number_orders o
    JOIN inventory.numbers n ON n.id = o.number_id
    WHERE o.workspace_id = :workspace_id AND n.livemode
    """
)
_LOCK_ORDERS = text(
    """
    SELECT id, claim_id, status FROM inventory.number_orders
    WHERE workspace_id = :workspace_id
    ORDER BY id
    FOR UPDATE
    """
)
# Registration values and attachments go with their order (ON DELETE CASCADE).
_DELETE_ORDERS = text("DELETE FROM inventory.number_orders WHERE workspace_id = :workspace_id")


async def purge_sandbox(*, new_uow: UnitOfWorkFactory, workspace_id: uuid.UUID) -> int:
    """Releases every holding of the sandbox workspace in one transaction (numbers.released,
    reason sandbox_purged, each number back to the pool) and deletes its number orders (an
    open order's held number back to the pool; registration values and documents with them);
    refuses, changing nothing, when the workspace holds, held or ordered any live number.
    Returns how many holdings and orders were purged."""
    params = {"workspace_id": workspace_id}
    async with new_uow() as uow:
        live = (await uow.conn.execute(_LIVE_HOLDINGS, params)).scalar_one()
        live += (await uow.conn.execute(_LIVE_ORDERS, params)).scalar_one()
        if live:
            raise LiveObjectsPresent("this workspace holds live numbers; nothing was purged")
        orders = list(await uow.conn.execute(_LOCK_ORDERS, params))
        for order in orders:
            if order.status in OPEN_STATUSES:
                await holdings.unreserve(uow.conn, claim_id=order.claim_id)
        await uow.conn.execute(_DELETE_ORDERS, params)
        held = [
            row.id for row in await uow.conn.execute(_LOCK_HELD, {"workspace_id": workspace_id})
        ]
        for tenant_number_id in held:
            row = await holdings.find_tenant_number(
                uow.conn, workspace_id=None, ref=tenant_number_id
            )
            assert row is not None
            await holdings.change_status(
                uow.conn,
                tenant_number_id=row.id,
                from_statuses=(TenantNumberStatus.ACTIVE, TenantNumberStatus.SUSPENDED),
                to=TenantNumberStatus.RELEASED,
            )
            ensure_number_transition(NumberState.ASSIGNED, NumberState.RELEASED)
            ensure_number_transition(NumberState.RELEASED, NumberState.AVAILABLE)
            await holdings.return_to_pool(uow.conn, number_id=row.number_id)
            uow.emit(lifecycle.number_released(row, SANDBOX_PURGED))
        await uow.commit()
    return len(held) + len(orders)
