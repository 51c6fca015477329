"""The reservation expiry job: every replica runs it; each pass takes only the due calls no
other transaction holds (FOR UPDATE SKIP LOCKED). Time comes from the injected clock, so
tests move it instead of waiting."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from platform_common.uow import UnitOfWorkFactory
from services.wallet.usage import usecases
from services.wallet.usage.settings import UsageSettings

log = logging.getLogger(__name__)


class ReservationExpiry:
    def __init__(
        self,
        *,
        new_uow: UnitOfWorkFactory,
        settings: UsageSettings,
        clock: Callable[[], datetime],
    ) -> None:
        self.new_uow = new_uow
        self.settings = settings
        self.clock = clock

    async def run_once(self) -> int:
        """Expires every due reservation (in batches); returns how many."""
        total = 0
        while True:
            expired = await usecases.expire_reservations(
                uow=self.new_uow(), clock=self.clock, limit=self.settings.expiry_batch
            )
            total += expired
            if expired < self.settings.expiry_batch:
                return total

    async def run(self) -> None:
        while True:
            try:
                expired = await self.run_once()
                if expired:
                    log.info("released expired call reservations", extra={"expired": expired})
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("reservation expiry pass failed", extra={"error": repr(exc)})
            await asyncio.sleep(self.settings.expiry_interval_seconds)
