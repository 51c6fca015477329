"""Trial use cases: provision, remind, release at the end, convert to a paid number.

- Provision assigns an available number without a debit and without a renewal date: the
  renewal job never sees a trial. With under 24 h left, the reminder is marked and its event
  written in the provisioning transaction.
- The reminder is decided by one conditional UPDATE (`trial_reminded_at IS NULL`) committed with
  its outbox event: once per trial, whatever replicas run and whenever they restart.
- Conversion debits the first month under `trial-conversion:<id>`, fenced at `trial_until`
  (the wallet refuses the debit once the trial has ended), then ends the trial in one
  conditional UPDATE. A refused debit changes nothing (402).
- Expiry waits `release_grace_seconds` past `trial_until`, asks the wallet for the conversion's
  debit (a conversion interrupted between debit and UPDATE is finished, never released), and
  otherwise releases through the usual path: return to the pool, numbers.released
  (reason "trial_expired"), on which credentials and routing react.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from platform_common.ids import new_id
from platform_common.uow import UnitOfWork, UnitOfWorkFactory
from services.inventory import events as lifecycle
from services.inventory import holdings_repository as holdings
from services.inventory.billing import next_renewal_after
from services.inventory.claims import ClaimResult, ClaimSettings, claim_number
from services.inventory.domain import NumberState, TenantNumberStatus, ensure_number_transition
from services.inventory.errors import (
    ClaimPending,
    NumberNotFound,
    NumberUnavailable,
    WalletInsufficientFunds,
)
from services.inventory.holdings_repository import TenantNumberRow
from services.inventory.renewals.domain import Clock
from services.inventory.sandbox import in_test_pool
from services.inventory.trials import repository
from services.inventory.trials.domain import (
    REMINDER_LEAD,
    TRIAL_EXPIRED,
    TrialSettings,
    conversion_key,
    ensure_trial_window,
    remind_at_once,
)
from services.inventory.trials.repository import TrialRow
from services.inventory.wallet_client import DebitRefused, WalletPort, WalletUnreachable

log = logging.getLogger(__name__)


def _reminder(trial: TrialRow | TenantNumberRow, trial_until: datetime):  # type: ignore[no-untyped-def]
    return lifecycle.trial_expiring(
        tenant_number_id=trial.id,
        number_id=trial.number_id,
        workspace_id=trial.workspace_id,
        e164=trial.e164,
        trial_until=trial_until,
        monthly_price_minor=trial.monthly_price_minor,
        currency=trial.currency,
        # The test pool's block is test mode's and only it (a constraint on numbers).
        livemode=not in_test_pool(trial.e164),
    )


async def provision_trial(
    *,
    uow: UnitOfWork,
    clock: Clock,
    settings: TrialSettings,
    workspace_id: uuid.UUID,
    e164: str,
    trial_until: datetime | None,
    livemode: bool = True,
) -> TenantNumberRow:
    """Gives an available number to the workspace until `trial_until`, without a charge. A
    sandbox workspace (livemode false) gets only a test-pool number, a live one only a live
    number: the other mode's number does not exist for the caller, as in search and claims."""
    if in_test_pool(e164) == livemode:
        raise NumberNotFound(f"no number {e164} in the {'live' if livemode else 'test'} pool")
    now = clock.now()
    until = ensure_trial_window(trial_until, now=now, max_days=settings.max_days)
    ensure_number_transition(NumberState.AVAILABLE, NumberState.RESERVED)
    remind_now = remind_at_once(until, now)
    tenant_number_id = new_id()
    async with uow:
        if not await repository.provision(
            uow.conn,
            tenant_number_id=tenant_number_id,
            claim_id=new_id(),
            workspace_id=workspace_id,
            e164=e164,
            trial_until=until,
            reminded_at=now if remind_now else None,
        ):
            if await repository.number_with_e164_exists(uow.conn, e164):
                raise NumberUnavailable(f"{e164} is not available")
            raise NumberNotFound(f"no number {e164} in the pool")
        row = await holdings.find_tenant_number(uow.conn, workspace_id=None, ref=tenant_number_id)
        assert row is not None  # inserted just above
        # Routing and the other consumers treat a trial like any claimed number.
        uow.emit(lifecycle.number_claimed(row))
        if remind_now:
            uow.emit(_reminder(row, until))
        await uow.commit()
    log.info(
        "trial provisioned",
        extra={"tenant_number_id": str(row.id), "trial_until": until.isoformat()},
    )
    return row


async def send_due_reminders(*, new_uow: UnitOfWorkFactory, clock: Clock, batch_size: int) -> int:
    """Publishes numbers.trial_expiring for every trial ending within 24 h that has not had
    it; returns how many this call published."""
    now = clock.now()
    sent = 0
    while True:
        async with new_uow() as uow:
            trials = await repository.mark_reminders_due(
                uow.conn, now=now, remind_by=now + REMINDER_LEAD, limit=batch_size
            )
            for trial in trials:
                uow.emit(_reminder(trial, trial.trial_until))
            await uow.commit()
        sent += len(trials)
        if len(trials) < batch_size:
            return sent


async def release_ended_trials(
    *, new_uow: UnitOfWorkFactory, wallet: WalletPort, clock: Clock, settings: TrialSettings
) -> int:
    """Releases every trial that ended (plus the grace) and was not converted; returns how many
    this call released."""
    ended_by = clock.now() - timedelta(seconds=settings.release_grace_seconds)
    async with new_uow() as uow:
        ended = await repository.ended_trials(
            uow.conn, ended_by=ended_by, limit=settings.batch_size
        )
    released = 0
    for trial in ended:
        debit = await wallet.find_debit(conversion_key(trial.id))
        if debit is not None:
            await _end_trial_as_paid(
                new_uow=new_uow, clock=clock, tenant_number_id=trial.id, entry_id=debit.entry_id
            )
            continue
        async with new_uow() as uow:
            if await repository.release_ended(
                uow.conn, tenant_number_id=trial.id, ended_by=ended_by
            ):
                row = await holdings.find_tenant_number(uow.conn, workspace_id=None, ref=trial.id)
                assert row is not None
                ensure_number_transition(NumberState.ASSIGNED, NumberState.RELEASED)
                ensure_number_transition(NumberState.RELEASED, NumberState.AVAILABLE)
                await holdings.return_to_pool(uow.conn, number_id=row.number_id)
                uow.emit(lifecycle.number_released(row, TRIAL_EXPIRED))
                released += 1
            await uow.commit()
    if released:
        log.info("trials released", extra={"trials_released": released})
    return released


async def convert_trial(
    *, new_uow: UnitOfWorkFactory, wallet: WalletPort, clock: Clock, trial: TenantNumberRow
) -> ClaimResult:
    """The workspace keeps its trial number: charges the first month and ends the trial, or
    raises (402 wallet_insufficient_funds) leaving the trial as it was."""
    assert trial.trial_until is not None
    if trial.trial_until <= clock.now():
        raise NumberUnavailable("this trial has ended; the number is being released")
    try:
        debit = await wallet.debit_rental(
            workspace_id=trial.workspace_id,
            amount_minor=trial.monthly_price_minor,
            currency=trial.currency,
            key=conversion_key(trial.id),
            reference=f"number:{trial.number_id}:{trial.e164}",
            # After trial_until the number is the pool's again: no debit may land then.
            not_after=trial.trial_until,
        )
    except DebitRefused as refused:
        if refused.reason == "wallet_insufficient_funds":
            raise WalletInsufficientFunds(
                "the wallet balance does not cover the first month's rental; top up and retry "
                "before the trial ends",
                metadata={"required_minor": str(trial.monthly_price_minor), **refused.metadata},
            ) from None
        raise NumberUnavailable(f"the claim could not be paid ({refused.reason})") from None
    except WalletUnreachable:
        raise ClaimPending(
            "payment could not be confirmed; check GET /v1/numbers/{id} before retrying"
        ) from None
    row = await _end_trial_as_paid(
        new_uow=new_uow, clock=clock, tenant_number_id=trial.id, entry_id=debit.entry_id
    )
    return ClaimResult(tenant_number=row, ledger_entry_id=debit.entry_id)


async def _end_trial_as_paid(
    *, new_uow: UnitOfWorkFactory, clock: Clock, tenant_number_id: uuid.UUID, entry_id: uuid.UUID
) -> TenantNumberRow:
    async with new_uow() as uow:
        await repository.end_trial_as_paid(
            uow.conn,
            tenant_number_id=tenant_number_id,
            entry_id=entry_id,
            next_renewal_at=next_renewal_after(clock.now()),
        )
        row = await holdings.find_tenant_number(uow.conn, workspace_id=None, ref=tenant_number_id)
        await uow.commit()
    assert row is not None
    if row.trial_until is not None or row.status == TenantNumberStatus.RELEASED.value:
        # The fence rules this out; say so loudly rather than lose money silently.
        log.error("conversion debit taken but the trial could not end", extra={"id": str(row.id)})
        raise NumberUnavailable("this trial has ended; the number is being released")
    return row


async def claim_or_convert(
    *,
    new_uow: UnitOfWorkFactory,
    wallet: WalletPort,
    settings: ClaimSettings,
    clock: Clock,
    workspace_id: uuid.UUID,
    number_id: uuid.UUID,
    claim_id: uuid.UUID | None = None,
    livemode: bool = True,
) -> ClaimResult:
    """POST /v1/numbers/{id}/claim: the claim saga for an available number (`claim_id` set
    when the request carried an Idempotency-Key); for the workspace's own trial number (by
    inventory or tenant number id), its conversion."""
    try:
        return await claim_number(
            new_uow=new_uow,
            wallet=wallet,
            settings=settings,
            workspace_id=workspace_id,
            number_id=number_id,
            claim_id=claim_id,
            livemode=livemode,
            clock=clock,
        )
    except (NumberUnavailable, NumberNotFound):
        async with new_uow() as uow:
            held = await holdings.find_tenant_number(
                uow.conn, workspace_id=workspace_id, ref=number_id
            )
        if (
            held is None
            or held.trial_until is None
            or held.status == TenantNumberStatus.RELEASED.value
        ):
            raise
    return await convert_trial(new_uow=new_uow, wallet=wallet, clock=clock, trial=held)
