"""The trial scheduler: a background job of the inventory service. Every interval it publishes
the reminders that are due and releases the trials that ended, reading "now" from the injected
clock. Safe with several replicas: each decision is a conditional UPDATE (see repository)."""

from __future__ import annotations

import asyncio
import logging

from platform_common.uow import UnitOfWorkFactory
from services.inventory.renewals.domain import Clock
from services.inventory.trials.domain import TrialSettings
from services.inventory.trials.usecases import release_ended_trials, send_due_reminders
from services.inventory.wallet_client import WalletPort

log = logging.getLogger(__name__)


async def run_trials_once(
    *, new_uow: UnitOfWorkFactory, wallet: WalletPort, clock: Clock, settings: TrialSettings
) -> tuple[int, int]:
    """One pass: (reminders published, trials released)."""
    reminded = await send_due_reminders(
        new_uow=new_uow, clock=clock, batch_size=settings.batch_size
    )
    released = await release_ended_trials(
        new_uow=new_uow, wallet=wallet, clock=clock, settings=settings
    )
    return reminded, released


async def run_trial_scheduler(
    *, new_uow: UnitOfWorkFactory, wallet: WalletPort, clock: Clock, settings: TrialSettings
) -> None:
    """Runs forever; one failed pass is logged and the next interval tries again."""
    while True:
        try:
            await run_trials_once(new_uow=new_uow, wallet=wallet, clock=clock, settings=settings)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("trial pass failed; retrying next interval")
        await asyncio.sleep(settings.interval_seconds)
