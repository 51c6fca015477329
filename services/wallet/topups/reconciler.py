"""Settles pending top-ups by STK query: right after a callback, and on a schedule for the
ones whose callback never came.

Safe with several replicas: a pass claims due top-ups with `FOR UPDATE SKIP LOCKED` and moves
their `next_check_at` forward as a lease, so two replicas never query the same top-up at once;
and even if they did, the credit is decided by the ledger's unique key. Every decision reads
the one injected clock, so tests move time instead of sleeping.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from platform_common.uow import UnitOfWorkFactory
from services.wallet.topups import repository, usecases
from services.wallet.topups.daraja_modes import DarajaByMode
from services.wallet.topups.domain import QueryOutcome
from services.wallet.topups.settings import TopupSettings

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


class TopupReconciler:
    def __init__(
        self,
        *,
        new_uow: UnitOfWorkFactory,
        daraja: DarajaByMode,
        settings: TopupSettings,
        clock: Clock,
    ) -> None:
        self.new_uow = new_uow
        self.daraja = daraja
        self.settings = settings
        self.clock = clock
        self._confirmations: set[asyncio.Task[None]] = set()

    async def run_once(self) -> int:
        """One pass: queries every due pending top-up (in batches); returns how many."""
        handled = 0
        while True:
            now = self.clock()
            uow = self.new_uow()
            async with uow:
                claimed = await repository.claim_due(
                    uow.conn,
                    now=now,
                    lease_until=now + self.settings.lease,
                    limit=self.settings.reconcile_batch_size,
                )
                await uow.commit()
            for topup, attempts in claimed:
                await self._settle(topup.id, attempts)
            handled += len(claimed)
            if len(claimed) < self.settings.reconcile_batch_size:
                return handled

    async def run(self) -> None:
        """Background loop of the wallet process."""
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("top-up reconciliation pass failed")
            await asyncio.sleep(self.settings.reconcile_interval_seconds)

    def confirm_soon(self, topup_id: uuid.UUID) -> None:
        """Queries a top-up in the background (a callback just arrived); if this process dies
        first, the scheduled pass does it, because the callback made the top-up due."""
        task = asyncio.create_task(self.confirm(topup_id), name=f"confirm-topup-{topup_id}")
        self._confirmations.add(task)
        task.add_done_callback(self._confirmations.discard)

    async def confirm(self, topup_id: uuid.UUID) -> None:
        try:
            await self._settle(topup_id, attempts=1)
        except Exception:
            log.exception("top-up confirmation failed", extra={"topup_id": str(topup_id)})

    async def cancel_confirmations(self) -> None:
        """On shutdown: a cancelled confirmation is safe, the scheduled pass redoes it."""
        tasks = list(self._confirmations)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def drain(self) -> None:
        """Waits for in-flight confirmations (tests, shutdown)."""
        while self._confirmations:
            await asyncio.gather(*list(self._confirmations), return_exceptions=True)

    async def _settle(self, topup_id: uuid.UUID, attempts: int) -> None:
        now = self.clock()
        answer = await usecases.confirm_topup(
            uow=self.new_uow(),
            daraja=self.daraja,
            settings=self.settings,
            topup_id=topup_id,
            now=now,
        )
        if answer is not None and answer.outcome is QueryOutcome.PROCESSING:
            uow = self.new_uow()
            async with uow:
                await repository.reschedule(
                    uow.conn, topup_id, at=now + self.settings.backoff(attempts)
                )
                await uow.commit()
