"""The claim sweeper settles every expired reservation of a batch even when one of them
cannot be settled now (its wallet lookup fails): that one waits for the next sweep."""

from __future__ import annotations

import uuid

import psycopg

from platform_common.db import create_engine
from platform_common.uow import unit_of_work_factory
from services.inventory import repository
from services.inventory.claims import ClaimSettings, debit_key, settle_expired_reservations
from services.inventory.wallet_client import Debit, GrpcWallet, WalletUnreachable
from tests.integration.test_claim_saga import start


class FailsForOneClaim:
    """The real wallet client, except that looking up one claim's debit fails."""

    def __init__(self, real: GrpcWallet) -> None:
        self.real = real
        self.failing_key = ""

    async def debit_rental(self, **kwargs: object) -> Debit:
        return await self.real.debit_rental(**kwargs)  # type: ignore[arg-type]

    async def find_debit(self, key: str) -> Debit | None:
        if key == self.failing_key:
            raise WalletUnreachable("connection reset")
        return await self.real.find_debit(key)


def expire_reservation(
    database_url: str, number_id: str, claim_id: uuid.UUID, minutes: int
) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE inventory.numbers SET state = 'reserved', claim_id = %s, reserved_for = %s,"
            " reserved_until = now() - make_interval(mins => %s) WHERE id = %s",
            (claim_id, uuid.uuid4(), minutes, number_id),
        )


async def test_one_failing_reservation_does_not_stop_the_rest_of_the_batch(
    database_url: str, nats_url: str
) -> None:
    wallets: list[FailsForOneClaim] = []

    def wrap(real: GrpcWallet) -> FailsForOneClaim:
        wallets.append(FailsForOneClaim(real))
        return wallets[0]

    async for platform in start(database_url, nats_url, wrap):
        claims = [uuid.uuid4() for _ in range(3)]
        # The failing one is the oldest, so the sweeper meets it first.
        for minutes, number_id, claim_id in zip(
            (30, 20, 10), platform.numbers, claims, strict=False
        ):
            expire_reservation(database_url, number_id, claim_id, minutes)
        wallets[0].failing_key = debit_key(claims[0])
        engine = create_engine(database_url)
        try:
            settled = await settle_expired_reservations(
                new_uow=unit_of_work_factory(engine, repository.outbox),
                wallet=wallets[0],
                settings=ClaimSettings(settle_grace_seconds=0.0),
            )
        finally:
            await engine.dispose()
        assert settled == 2
        assert [platform.number_state(n) for n in platform.numbers[:3]] == [
            "reserved",  # left for the next sweep
            "available",
            "available",
        ]
