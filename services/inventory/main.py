"""Composition root of the inventory service: `python -m services.inventory.main [migrate]`."""

from __future__ import annotations

from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.config import env_float, env_int, service_address
from platform_common.grpc_server import GrpcService
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from services.inventory import repository
from services.inventory.claims import ClaimSettings, run_sweeper
from services.inventory.renewals.consumers import build_subscriptions
from services.inventory.renewals.domain import Clock, SystemClock
from services.inventory.renewals.scheduler import RenewalSettings, run_scheduler
from services.inventory.servicer import InventoryServicer
from services.inventory.trials.domain import TrialSettings
from services.inventory.trials.scheduler import run_trial_scheduler
from services.inventory.wallet_client import GrpcWallet, RenewalWalletPort, WalletPort

MIGRATIONS = Path(__file__).parent / "migrations"


def claim_settings_from_env() -> ClaimSettings:
    return ClaimSettings(
        hold_seconds=env_float("CLAIM_HOLD_SECONDS", 30.0),
        settle_grace_seconds=env_float("CLAIM_SETTLE_GRACE_SECONDS", 5.0),
        sweep_interval_seconds=env_float("CLAIM_SWEEP_INTERVAL_SECONDS", 5.0),
        sweep_batch=env_int("CLAIM_SWEEP_BATCH", 100),
    )


def create_service(
    *,
    database_url: str,
    nats_url: str,
    host: str = "127.0.0.1",
    port: int = 0,
    wallet: WalletPort | None = None,
    claim_settings: ClaimSettings | None = None,
    renewal_wallet: RenewalWalletPort | None = None,
    renewal_settings: RenewalSettings | None = None,
    clock: Clock | None = None,
    trial_settings: TrialSettings | None = None,
    trial_scheduler: bool = True,
) -> GrpcService:
    """Wires the inventory service; tests pass their own URLs, wallet, claim timings, renewal
    and trial settings, and the one clock renewals and trials read (trial_scheduler=False:
    tests drive trial passes themselves)."""
    trials = trial_settings or TrialSettings.from_env()
    settings = claim_settings or claim_settings_from_env()
    wallet_port = wallet or GrpcWallet(service_address("wallet"))
    renewals = renewal_settings or RenewalSettings.from_env()
    billing_clock = clock or SystemClock()
    renewal_wallet_port: RenewalWalletPort
    if renewal_wallet is not None:
        renewal_wallet_port = renewal_wallet
    elif isinstance(wallet_port, GrpcWallet):
        renewal_wallet_port = wallet_port
    else:
        renewal_wallet_port = GrpcWallet(service_address("wallet"))

    def register(server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
        inventory_pb2_grpc.add_InventoryServiceServicer_to_server(
            InventoryServicer(
                parts.new_uow,
                wallet=wallet_port,
                claim_settings=settings,
                renewal_wallet=renewal_wallet_port,
                clock=billing_clock,
                trial_settings=trials,
            ),
            server,
        )

        async def sweep() -> None:
            await run_sweeper(new_uow=parts.new_uow, wallet=wallet_port, settings=settings)

        parts.background.append(sweep)

        async def renew() -> None:
            await run_scheduler(
                new_uow=parts.new_uow,
                wallet=renewal_wallet_port,
                clock=billing_clock,
                settings=renewals,
            )

        if renewals.enabled:
            parts.background.append(renew)

        async def run_trials() -> None:
            await run_trial_scheduler(
                new_uow=parts.new_uow, wallet=wallet_port, clock=billing_clock, settings=trials
            )

        if trial_scheduler:
            parts.background.append(run_trials)
        return [inventory_pb2.DESCRIPTOR.services_by_name["InventoryService"].full_name]

    return compose_service(
        name="inventory",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=register,
        subscriptions=build_subscriptions(renewal_wallet_port),
        host=host,
        port=port,
        pool_size=20,
    )


def main() -> None:
    run_service_main(name="inventory", migrations_dir=MIGRATIONS, create_service=create_service)


if __name__ == "__main__":
    main()
