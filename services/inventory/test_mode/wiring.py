"""Adds TestModeService to the inventory process's gRPC server."""

from __future__ import annotations

import grpc

from platform_common.uow import UnitOfWorkFactory
from sautikit.inventory.v1 import test_mode_pb2, test_mode_pb2_grpc
from services.inventory.renewals.domain import Clock
from services.inventory.test_mode.servicer import TestModeServicer
from services.inventory.wallet_client import RenewalWalletPort, WalletPort


def register_test_mode(
    server: grpc.aio.Server,
    *,
    new_uow: UnitOfWorkFactory,
    wallet: WalletPort,
    renewal_wallet: RenewalWalletPort,
    clock: Clock,
) -> list[str]:
    test_mode_pb2_grpc.add_TestModeServiceServicer_to_server(
        TestModeServicer(
            new_uow=new_uow, wallet=wallet, renewal_wallet=renewal_wallet, clock=clock
        ),
        server,
    )
    return [test_mode_pb2.DESCRIPTOR.services_by_name["TestModeService"].full_name]
