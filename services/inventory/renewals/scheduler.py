"""The renewal scheduler: a background job of the inventory service. Every interval it runs
the renewal of the current billing month (read from the injected clock): on the 1st of a month
(EAT) every held number becomes due and is charged; on other days a run finds nothing due (or
catches up after downtime). Safe with several replicas: batches claim rows with
`FOR UPDATE SKIP LOCKED`, and the wallet's idempotency key stops any double charge."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from platform_common.config import env_bool, env_float, env_int
from platform_common.uow import UnitOfWorkFactory
from services.inventory.renewals.domain import Clock
from services.inventory.renewals.usecases import renew_due
from services.inventory.wallet_client import RenewalWalletPort

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenewalSettings:
    interval_seconds: float = 60.0
    batch_size: int = 500
    enabled: bool = True

    @classmethod
    def from_env(cls) -> RenewalSettings:
        return cls(
            interval_seconds=env_float("RENEWAL_INTERVAL_SECONDS", 60.0),
            batch_size=env_int("RENEWAL_BATCH_SIZE", 500),
            enabled=env_bool("RENEWAL_SCHEDULER_ENABLED", True),
        )


async def run_scheduler(
    *,
    new_uow: UnitOfWorkFactory,
    wallet: RenewalWalletPort,
    clock: Clock,
    settings: RenewalSettings,
) -> None:
    """Runs forever; one failed run is logged and the next interval tries again."""
    while True:
        try:
            await renew_due(
                new_uow=new_uow, wallet=wallet, clock=clock, batch_size=settings.batch_size
            )
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("renewal run failed; retrying next interval")
        await asyncio.sleep(settings.interval_seconds)
