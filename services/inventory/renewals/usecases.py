"""The renewal use cases: charge a period's due months in batches, and retry a workspace's
unpaid months when its wallet is credited.

Invariants:
- each (tenant number, month) is charged at most once: the wallet debit's idempotency key is
  `tenant_number_id:YYYY-MM`, and `next_renewal_at` only moves past a month in the same
  transaction that records it;
- a batch holds its rows' locks (`FOR UPDATE SKIP LOCKED`) from the moment it picks them until
  it commits, so two runners never work on one holding at once; a runner that dies mid-batch
  rolls back, and the next run replays the debits it made (the wallet answers the first
  result) and records them;
- a holding's months are paid oldest first: while one is unpaid, later months are recorded
  unpaid without asking the wallet.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from datetime import datetime

from prometheus_client import Counter

from platform_common.uow import UnitOfWork, UnitOfWorkFactory
from services.inventory import events as lifecycle
from services.inventory import holdings_repository as holdings
from services.inventory.domain import TenantNumberStatus, ensure_tenant_transition
from services.inventory.holdings_repository import TenantNumberRow
from services.inventory.renewals import repository
from services.inventory.renewals.domain import (
    UNPAID_RENTAL,
    Clock,
    Outcome,
    Period,
    RenewalBatch,
    RenewalItem,
    SkipReason,
    ensure_runnable,
    renewal_key,
)
from services.inventory.renewals.repository import ChargeRecord, DueHolding
from services.inventory.wallet_client import (
    Debit,
    DebitRefused,
    RenewalWalletPort,
    RentalDebit,
    WalletUnreachable,
)

log = logging.getLogger(__name__)

RENEWALS = Counter("inventory_renewals_total", "Renewal months handled by outcome", ["outcome"])
_RENEWALS_BY_OUTCOME = {outcome: RENEWALS.labels(outcome.value) for outcome in Outcome}

Holding = DueHolding | TenantNumberRow


def _debit_for(row: Holding, period: Period) -> RentalDebit:
    return RentalDebit(
        workspace_id=row.workspace_id,
        amount_minor=row.monthly_price_minor,
        currency=row.currency,
        key=renewal_key(row.id, period),
        reference=f"{row.e164} {period}",
    )


def _item(row: Holding, period: Period, outcome: Outcome, reason: str = "") -> RenewalItem:
    _RENEWALS_BY_OUTCOME[outcome].inc()
    return RenewalItem(
        tenant_number_id=row.id,
        workspace_id=row.workspace_id,
        e164=row.e164,
        period=period,
        outcome=outcome,
        amount_minor=row.monthly_price_minor,
        currency=row.currency,
        reason=reason,
    )


async def _suspend_unpaid(uow: UnitOfWork, due: DueHolding) -> bool:
    """active -> suspended for an unpaid month, with its event; False if not active."""
    if due.status != TenantNumberStatus.ACTIVE.value:
        return False
    row = await holdings.find_tenant_number(uow.conn, workspace_id=None, ref=due.id)
    assert row is not None  # locked by this transaction
    ensure_tenant_transition(TenantNumberStatus.ACTIVE, TenantNumberStatus.SUSPENDED)
    changed = await holdings.change_status(
        uow.conn,
        tenant_number_id=row.id,
        from_statuses=(TenantNumberStatus.ACTIVE,),
        to=TenantNumberStatus.SUSPENDED,
        reason=UNPAID_RENTAL,
    )
    if changed:
        uow.emit(lifecycle.number_suspended(row, UNPAID_RENTAL))
    return changed


async def renew_batch(
    *,
    uow: UnitOfWork,
    wallet: RenewalWalletPort,
    period: Period,
    after: uuid.UUID | None,
    limit: int,
    workspace_id: uuid.UUID | None = None,
) -> RenewalBatch:
    """Charges every month up to `period` of at most `limit` due holdings after `after` (of
    one workspace when `workspace_id` is given)."""
    due_by = period.starts_at()
    async with uow:
        rows = await repository.lock_due_batch(
            uow.conn, due_by=due_by, after=after, limit=limit, workspace_id=workspace_id
        )
        if not rows:
            return RenewalBatch(items=[], next_after=None)
        owing = await repository.numbers_owing(uow.conn, [row.id for row in rows])
        next_due = {
            row.id: Period.containing(row.next_renewal_at) for row in rows if row.next_renewal_at
        }
        items: list[RenewalItem] = []
        records: list[ChargeRecord] = []
        advanced: dict[uuid.UUID, datetime] = {}
        # Usually one round; a holding behind by several months takes one round per month,
        # oldest first.
        pending = [row for row in rows if row.id in next_due]
        while pending:
            due_now = [row for row in pending if next_due[row.id].starts_at() <= due_by]
            if not due_now:
                break
            asking = [row for row in due_now if row.id not in owing]
            outcomes = await wallet.debit_rentals(
                [_debit_for(row, next_due[row.id]) for row in asking]
            )
            answers: dict[uuid.UUID, object] = {
                row.id: outcome for row, outcome in zip(asking, outcomes, strict=True)
            }
            still_pending = []
            for row in due_now:
                month = next_due[row.id]
                answer = answers.get(row.id)
                if isinstance(answer, WalletUnreachable):
                    items.append(_item(row, month, Outcome.SKIPPED, SkipReason.WALLET_UNAVAILABLE))
                    continue  # not advanced: the next run asks again
                if isinstance(answer, Debit):
                    outcome, reason = (
                        (Outcome.SKIPPED, SkipReason.ALREADY_CHARGED.value)
                        if answer.replayed
                        else (Outcome.CHARGED, "")
                    )
                    entry_id: uuid.UUID | None = answer.entry_id
                elif isinstance(answer, DebitRefused):
                    owing.add(row.id)
                    entry_id = None
                    suspended = await _suspend_unpaid(uow, row)
                    outcome, reason = (
                        (Outcome.SUSPENDED, answer.reason)
                        if suspended
                        else (Outcome.UNPAID, answer.reason)
                    )
                else:  # an earlier month is unpaid: this one waits behind it
                    entry_id = None
                    outcome, reason = Outcome.UNPAID, "earlier_month_unpaid"
                items.append(_item(row, month, outcome, reason))
                records.append(
                    ChargeRecord(
                        tenant_number_id=row.id,
                        period=month,
                        workspace_id=row.workspace_id,
                        amount_minor=row.monthly_price_minor,
                        currency=row.currency,
                        ledger_entry_id=entry_id,
                    )
                )
                next_due[row.id] = month.next()
                advanced[row.id] = month.next().starts_at()
                still_pending.append(row)
            pending = still_pending
        await repository.record_charges(uow.conn, records)
        await repository.advance(uow.conn, advanced)
        await uow.commit()
    return RenewalBatch(items=items, next_after=rows[-1].id if len(rows) == limit else None)


async def renew_period(
    *,
    new_uow: UnitOfWorkFactory,
    wallet: RenewalWalletPort,
    period: Period,
    batch_size: int,
) -> AsyncIterator[RenewalBatch]:
    """Runs the renewal of `period` batch after batch (never every number at once)."""
    after: uuid.UUID | None = None
    while True:
        batch = await renew_batch(
            uow=new_uow(), wallet=wallet, period=period, after=after, limit=batch_size
        )
        yield batch
        if batch.next_after is None:
            return
        after = batch.next_after


async def renew_due(
    *, new_uow: UnitOfWorkFactory, wallet: RenewalWalletPort, clock: Clock, batch_size: int
) -> dict[Outcome, int]:
    """The scheduler's run: every month due by now. Returns counts per outcome."""
    period = Period.containing(clock.now())
    counts = dict.fromkeys(Outcome, 0)
    async for batch in renew_period(
        new_uow=new_uow, wallet=wallet, period=period, batch_size=batch_size
    ):
        for item in batch.items:
            counts[item.outcome] += 1
    if any(counts.values()):
        log.info(
            "renewals run",
            extra={"period": str(period), **{f"renewals_{k.value}": v for k, v in counts.items()}},
        )
    return counts


async def run_renewals_page(
    *,
    uow: UnitOfWork,
    wallet: RenewalWalletPort,
    clock: Clock,
    period: Period,
    after: uuid.UUID | None,
    limit: int,
) -> tuple[RenewalBatch, int]:
    """An operator's run, one page at a time: the batch and how many holdings are still due
    after it (for a progress bar)."""
    ensure_runnable(period, clock.now())
    batch = await renew_batch(uow=uow, wallet=wallet, period=period, after=after, limit=limit)
    async with uow:
        remaining = (
            await repository.count_due(uow.conn, due_by=period.starts_at(), after=batch.next_after)
            if batch.next_after is not None
            else 0
        )
    return batch, remaining


async def retry_unpaid(
    *, uow: UnitOfWork, wallet: RenewalWalletPort, workspace_id: uuid.UUID
) -> list[RenewalItem]:
    """After a credit: pays the workspace's unpaid months oldest first and resumes each
    number whose months are all paid. Runs inside the caller's open unit of work (the event
    consumer's). A month the wallet refuses blocks that number's later months only. A number
    released while owing is charged for months before its release, never after."""
    held = await repository.lock_owing_holdings(uow.conn, workspace_id)
    months = await repository.unpaid_months(uow.conn, workspace_id)
    blocked: set[uuid.UUID] = set()
    items: list[RenewalItem] = []
    for month in months:
        row = held.get(month.tenant_number_id)
        if row is None or row.id in blocked:
            continue
        if row.released_at is not None and month.period.starts_at() >= row.released_at:
            continue  # after its release: never owed
        [answer] = await wallet.debit_rentals([_debit_for(row, month.period)])
        if isinstance(answer, WalletUnreachable):
            raise answer  # the consumer rolls back and redelivers; debits made replay
        if isinstance(answer, DebitRefused):
            blocked.add(row.id)
            continue
        await repository.mark_paid(
            uow.conn, tenant_number_id=row.id, period=month.period, entry_id=answer.entry_id
        )
        items.append(_item(row, month.period, Outcome.CHARGED))
    still_owing = await repository.numbers_owing(uow.conn, list(held))
    for row in held.values():
        if (
            row.id not in still_owing
            and row.status == TenantNumberStatus.SUSPENDED.value
            and row.suspended_reason == UNPAID_RENTAL
        ):
            ensure_tenant_transition(TenantNumberStatus.SUSPENDED, TenantNumberStatus.ACTIVE)
            if await holdings.change_status(
                uow.conn,
                tenant_number_id=row.id,
                from_statuses=(TenantNumberStatus.SUSPENDED,),
                to=TenantNumberStatus.ACTIVE,
            ):
                uow.emit(lifecycle.number_resumed(row))
    return items
