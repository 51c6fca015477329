"""Composition root of the inventory service: `python -m services.inventory.main [migrate]`."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.config import (
    env_float,
    env_int,
    require_outside_development,
    service_address,
)
from platform_common.grpc_server import GrpcService
from platform_common.sealing import KeyRing
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc, orders_pb2, orders_pb2_grpc
from services.inventory import repository
from services.inventory.claims import ClaimSettings, run_sweeper
from services.inventory.orders.consumers import DURABLE as ORDERS_ON_CREDIT
from services.inventory.orders.consumers import (
    WALLET_CREDITED,
    OrderConsumerParts,
    credited_handler,
)
from services.inventory.orders.context import OrderContext
from services.inventory.orders.personal_data import KEYS_VARIABLE, OrderDataBox
from services.inventory.orders.requirements_store import RequirementsStore
from services.inventory.orders.servicer import NumberOrderServicer
from services.inventory.orders.settings import OrderSettings
from services.inventory.orders.sweeper import run_order_sweeper
from services.inventory.renewals.consumers import build_subscriptions
from services.inventory.renewals.domain import Clock, SystemClock
from services.inventory.renewals.scheduler import RenewalSettings, run_scheduler
from services.inventory.servicer import InventoryServicer
from services.inventory.test_mode.wiring import register_test_mode
from services.inventory.trials.domain import TrialSettings
from services.inventory.trials.scheduler import run_trial_scheduler
from services.inventory.wallet_client import GrpcWallet, RenewalWalletPort, WalletPort

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)


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
    order_settings: OrderSettings | None = None,
    order_keys: KeyRing | None = None,
) -> GrpcService:
    """Wires the inventory service; tests pass their own URLs, wallet, claim timings, renewal,
    trial and order settings, the key ring sealing orders' personal data, and the one clock
    renewals, trials and orders read (trial_scheduler=False: tests drive trial passes
    themselves)."""
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

    orders = order_settings or OrderSettings.from_env()
    ring = order_keys or order_key_ring()
    order_consumer = OrderConsumerParts()

    def register(server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
        requirements = RequirementsStore(
            parts.new_uow, cache_seconds=orders.requirements_cache_seconds
        )
        order_context = OrderContext(
            new_uow=parts.new_uow,
            requirements=requirements,
            box=OrderDataBox(ring),
            clock=billing_clock,
            settings=orders,
        )
        order_consumer.ctx = order_context
        orders_pb2_grpc.add_NumberOrderServiceServicer_to_server(
            NumberOrderServicer(order_context, wallet=wallet_port, claim_settings=settings),
            server,
        )

        async def sweep_orders() -> None:
            await requirements.install_shipped()
            await run_order_sweeper(order_context)

        parts.background.append(sweep_orders)
        inventory_pb2_grpc.add_InventoryServiceServicer_to_server(
            InventoryServicer(
                parts.new_uow,
                wallet=wallet_port,
                claim_settings=settings,
                renewal_wallet=renewal_wallet_port,
                clock=billing_clock,
                trial_settings=trials,
                requirements=requirements,
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
        return [
            inventory_pb2.DESCRIPTOR.services_by_name["InventoryService"].full_name,
            orders_pb2.DESCRIPTOR.services_by_name["NumberOrderService"].full_name,
            *register_test_mode(
                server,
                new_uow=parts.new_uow,
                wallet=wallet_port,
                renewal_wallet=renewal_wallet_port,
                clock=billing_clock,
            ),
        ]

    return compose_service(
        name="inventory",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=register,
        subscriptions={
            **build_subscriptions(renewal_wallet_port),
            ORDERS_ON_CREDIT: (
                WALLET_CREDITED,
                credited_handler(order_consumer, wallet=wallet_port, claim_settings=settings),
            ),
        },
        host=host,
        port=port,
        pool_size=20,
    )


def order_key_ring() -> KeyRing:
    """ORDER_DATA_KEYS (`id:base64key,...`, the first seals). Outside development a serving
    process must have it (main() checks); in-process tests without it get a throwaway key."""
    keys = os.environ.get(KEYS_VARIABLE, "")
    if keys:
        return KeyRing.from_config(keys, variable=KEYS_VARIABLE)
    log.warning(
        "no %s: order personal data is sealed with a key this process forgets", KEYS_VARIABLE
    )
    return KeyRing.generated()


def require_order_keys() -> None:
    require_outside_development(KEYS_VARIABLE)


def main() -> None:
    if sys.argv[1:2] != ["migrate"]:
        require_order_keys()
    run_service_main(name="inventory", migrations_dir=MIGRATIONS, create_service=create_service)


if __name__ == "__main__":
    main()
