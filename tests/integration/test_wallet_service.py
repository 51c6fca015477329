"""The wallet service over real gRPC, PostgreSQL and JetStream: balances, the ledger, races,
idempotency, the credited event and bad input."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import grpc
import nats
import psycopg
import pytest
from nats.js.api import ConsumerConfig
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.db import create_engine
from platform_common.errors import RemoteError
from platform_common.ids import new_id_str
from platform_common.nats_link import STREAMS, ensure_stream
from platform_common.timestamps import to_timestamp, utc_now
from sautikit.events.v1 import events_pb2
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.wallet.main import create_service
from services.wallet.repository import ledger_entries, outbox, wallets
from tests.conftest import eventually
from tests.ledger_integrity import ledger_checked_after_each_test

# The balance equals the ledger sum after every test in this module.
pytestmark = pytest.mark.usefixtures(ledger_checked_after_each_test.__name__)

TOPUP = wallet_pb2.ENTRY_TYPE_TOPUP
RENTAL = wallet_pb2.ENTRY_TYPE_NUMBER_RENTAL
ADJUSTMENT = wallet_pb2.ENTRY_TYPE_ADJUSTMENT


@dataclass
class WalletHarness:
    stub: wallet_pb2_grpc.WalletServiceStub
    db: AsyncEngine

    async def credit(self, workspace_id: str, amount_minor: int, key: str | None = None) -> Any:
        return await self.stub.Credit(
            wallet_pb2.CreditRequest(
                workspace_id=workspace_id,
                amount_minor=amount_minor,
                currency="KES",
                entry_type=TOPUP,
                reason="test top-up",
                idempotency_key=key or new_id_str(),
            )
        )

    async def debit(
        self,
        workspace_id: str,
        amount_minor: int,
        key: str | None = None,
        not_after: datetime | None = None,
    ) -> Any:
        return await self.stub.Debit(
            wallet_pb2.DebitRequest(
                workspace_id=workspace_id,
                amount_minor=amount_minor,
                currency="KES",
                entry_type=RENTAL,
                reason="number_rental",
                reference="tenant-number-1",
                idempotency_key=key or new_id_str(),
                not_after=to_timestamp(not_after),
            )
        )

    async def balance_row(self, workspace_id: str) -> int | None:
        async with self.db.connect() as conn:
            return await conn.scalar(
                select(wallets.c.balance_minor).where(
                    wallets.c.workspace_id == uuid.UUID(workspace_id)
                )
            )

    async def ledger_rows(self, workspace_id: str) -> list[Any]:
        async with self.db.connect() as conn:
            t = ledger_entries
            result = await conn.execute(
                select(t)
                .where(t.c.workspace_id == uuid.UUID(workspace_id))
                .order_by(t.c.created_at, t.c.id)
            )
            return list(result.all())


@pytest.fixture
async def wallet(database_url: str, nats_url: str) -> AsyncIterator[WalletHarness]:
    service = create_service(database_url=database_url, nats_url=nats_url)
    port = await service.start()
    channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
    db = create_engine(database_url)
    try:
        yield WalletHarness(stub=wallet_pb2_grpc.WalletServiceStub(channel), db=db)
    finally:
        await channel.close()
        await db.dispose()
        await service.stop()


async def remote_error(call: Awaitable[Any]) -> RemoteError:
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await call
    return RemoteError.from_rpc_error(caught.value)


async def test_a_workspace_without_money_has_an_empty_kes_wallet(wallet: WalletHarness) -> None:
    workspace_id = new_id_str()
    response = await wallet.stub.GetWallet(wallet_pb2.GetWalletRequest(workspace_id=workspace_id))
    assert response.wallet.workspace_id == workspace_id
    assert response.wallet.balance_minor == 0
    assert response.wallet.currency == "KES"
    assert await wallet.balance_row(workspace_id) is None


async def test_credit_then_debit_moves_the_balance_and_writes_the_ledger(
    wallet: WalletHarness,
) -> None:
    workspace_id = new_id_str()
    credited = await wallet.credit(workspace_id, 100_000, key="topup-1")
    assert credited.replayed is False
    assert credited.wallet.balance_minor == 100_000
    assert credited.entry.amount_minor == 100_000
    assert credited.entry.balance_after_minor == 100_000
    assert credited.entry.entry_type == TOPUP

    debited = await wallet.debit(workspace_id, 30_000, key="claim-1")
    assert debited.replayed is False
    assert debited.entry.amount_minor == -30_000
    assert debited.entry.balance_after_minor == 70_000
    assert debited.entry.reference == "tenant-number-1"
    assert debited.wallet.balance_minor == 70_000

    got = await wallet.stub.GetWallet(wallet_pb2.GetWalletRequest(workspace_id=workspace_id))
    assert got.wallet.balance_minor == 70_000
    assert got.wallet.updated_at.ToDatetime() >= credited.wallet.updated_at.ToDatetime()
    assert await wallet.balance_row(workspace_id) == 70_000
    rows = await wallet.ledger_rows(workspace_id)
    assert [(r.entry_type, r.amount_minor, r.balance_after_minor) for r in rows] == [
        ("topup", 100_000, 100_000),
        ("number_rental", -30_000, 70_000),
    ]
    assert [str(r.id) for r in rows] == [credited.entry.id, debited.entry.id]
    assert [r.idempotency_key for r in rows] == ["topup-1", "claim-1"]
    assert all(r.currency == "KES" for r in rows)

    found = await wallet.stub.GetLedgerEntry(
        wallet_pb2.GetLedgerEntryRequest(idempotency_key="claim-1")
    )
    assert found.entry == debited.entry


async def test_twenty_concurrent_debits_on_a_wallet_funded_for_five(
    wallet: WalletHarness,
) -> None:
    workspace_id = new_id_str()
    await wallet.credit(workspace_id, 5 * 50_000)

    outcomes = await asyncio.gather(
        *(wallet.debit(workspace_id, 50_000) for _ in range(20)), return_exceptions=True
    )

    succeeded = [o for o in outcomes if isinstance(o, wallet_pb2.DebitResponse)]
    refused = [
        RemoteError.from_rpc_error(o) for o in outcomes if isinstance(o, grpc.aio.AioRpcError)
    ]
    assert len(succeeded) == 5
    assert len(refused) == 15
    assert {(e.status, e.reason) for e in refused} == {
        (grpc.StatusCode.FAILED_PRECONDITION, "wallet_insufficient_funds")
    }
    assert await wallet.balance_row(workspace_id) == 0
    debits = [r for r in await wallet.ledger_rows(workspace_id) if r.amount_minor < 0]
    assert len(debits) == 5
    assert sorted(r.balance_after_minor for r in debits) == [0, 50_000, 100_000, 150_000, 200_000]
    assert {str(r.id) for r in debits} == {o.entry.id for o in succeeded}


@pytest.mark.parametrize("funded_for", [1, 10])
async def test_concurrent_debits_with_one_key_take_money_once(
    wallet: WalletHarness, database_url: str, funded_for: int
) -> None:
    # funded_for=1: the losers find the balance already spent, and must still get a replay.
    workspace_id = new_id_str()
    await wallet.credit(workspace_id, funded_for * 40_000)

    # Truly concurrent: the wallet row is held while the debits arrive, so their statements
    # all start (and take their snapshots) before any of them commits; only the database's
    # unique key can then stop a second debit under the same key.
    async with await psycopg.AsyncConnection.connect(database_url) as holder:
        await holder.execute(
            "SELECT 1 FROM wallet.wallets WHERE workspace_id = %s FOR UPDATE", (workspace_id,)
        )
        debits = asyncio.gather(
            *(wallet.debit(workspace_id, 40_000, key="claim-same") for _ in range(10))
        )

        async def queued_on_the_wallet_row() -> bool:
            async with await psycopg.AsyncConnection.connect(database_url) as probe:
                cursor = await probe.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"
                )
                row = await cursor.fetchone()
                return row is not None and row[0] >= 3

        await eventually(queued_on_the_wallet_row, timeout=15)
        await holder.rollback()
        outcomes = await debits

    assert len({o.entry.id for o in outcomes}) == 1
    assert sum(not o.replayed for o in outcomes) == 1
    assert {o.wallet.balance_minor for o in outcomes} == {(funded_for - 1) * 40_000}
    assert await wallet.balance_row(workspace_id) == (funded_for - 1) * 40_000
    rows = await wallet.ledger_rows(workspace_id)
    assert [r.idempotency_key for r in rows if r.amount_minor < 0] == ["claim-same"]


async def test_a_replay_after_the_money_was_spent_returns_the_first_result(
    wallet: WalletHarness,
) -> None:
    workspace_id = new_id_str()
    await wallet.credit(workspace_id, 50_000)
    first = await wallet.debit(workspace_id, 50_000, key="claim-1")
    assert await wallet.balance_row(workspace_id) == 0

    again = await wallet.debit(workspace_id, 50_000, key="claim-1")

    assert again.replayed is True
    assert again.entry == first.entry
    assert again.wallet.balance_minor == 0
    assert await wallet.balance_row(workspace_id) == 0
    assert len(await wallet.ledger_rows(workspace_id)) == 2


async def test_a_credit_replay_moves_no_money_and_emits_no_second_event(
    wallet: WalletHarness,
) -> None:
    workspace_id = new_id_str()
    first = await wallet.credit(workspace_id, 20_000, key="mpesa-ws-1")
    again = await wallet.credit(workspace_id, 20_000, key="mpesa-ws-1")
    assert again.replayed is True
    assert again.entry == first.entry
    assert await wallet.balance_row(workspace_id) == 20_000
    async with wallet.db.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(outbox)) == 1


KEY_REUSES: list[dict[str, Any]] = [
    {"workspace_id": "0190a000-0000-7000-8000-0000000000ff"},
    {"amount_minor": 1},
    {"entry_type": ADJUSTMENT},
]


async def test_a_key_reused_for_another_movement_is_a_conflict(
    wallet: WalletHarness, subtests: pytest.Subtests
) -> None:
    workspace_id = new_id_str()
    first_credit: dict[str, Any] = {
        "workspace_id": workspace_id,
        "amount_minor": 90_000,
        "entry_type": TOPUP,
        "idempotency_key": "credit-1",
    }
    first_debit: dict[str, Any] = {
        **first_credit,
        "amount_minor": 10_000,
        "entry_type": RENTAL,
        "idempotency_key": "debit-1",
    }
    await wallet.stub.Credit(wallet_pb2.CreditRequest(**first_credit))
    await wallet.stub.Debit(wallet_pb2.DebitRequest(**first_debit))

    for rpc, first in (("Credit", first_credit), ("Debit", first_debit)):
        for change in KEY_REUSES:
            with subtests.test(rpc=rpc, change=change):
                request = getattr(wallet_pb2, f"{rpc}Request")(**{**first, **change})
                error = await remote_error(getattr(wallet.stub, rpc)(request))
                assert (error.status, error.reason) == (
                    grpc.StatusCode.FAILED_PRECONDITION,
                    "idempotency_key_conflict",
                )
    assert await wallet.balance_row(workspace_id) == 80_000
    assert len(await wallet.ledger_rows(workspace_id)) == 2


async def test_a_credit_key_cannot_be_replayed_as_a_debit(wallet: WalletHarness) -> None:
    workspace_id = new_id_str()
    await wallet.credit(workspace_id, 10_000, key="same")
    error = await remote_error(wallet.debit(workspace_id, 10_000, key="same"))
    assert error.reason == "idempotency_key_conflict"
    assert await wallet.balance_row(workspace_id) == 10_000


async def test_insufficient_funds_leaves_no_ledger_row_and_the_balance_untouched(
    wallet: WalletHarness,
) -> None:
    workspace_id = new_id_str()
    await wallet.credit(workspace_id, 100)

    error = await remote_error(wallet.debit(workspace_id, 150, key="claim-poor"))

    assert error.status == grpc.StatusCode.FAILED_PRECONDITION
    assert error.reason == "wallet_insufficient_funds"
    assert error.metadata == {"balance_minor": "100", "required_minor": "150"}
    assert await wallet.balance_row(workspace_id) == 100
    assert [r.amount_minor for r in await wallet.ledger_rows(workspace_id)] == [100]
    missing = await remote_error(
        wallet.stub.GetLedgerEntry(wallet_pb2.GetLedgerEntryRequest(idempotency_key="claim-poor"))
    )
    assert (missing.status, missing.reason) == (
        grpc.StatusCode.NOT_FOUND,
        "ledger_entry_not_found",
    )


async def test_a_debit_past_its_fence_takes_nothing(wallet: WalletHarness) -> None:
    workspace_id = new_id_str()
    await wallet.credit(workspace_id, 1_000)
    an_hour_ago = utc_now() - timedelta(hours=1)

    error = await remote_error(wallet.debit(workspace_id, 400, key="late", not_after=an_hour_ago))

    assert (error.status, error.reason) == (grpc.StatusCode.FAILED_PRECONDITION, "debit_expired")
    assert await wallet.balance_row(workspace_id) == 1_000
    assert [r.amount_minor for r in await wallet.ledger_rows(workspace_id)] == [1_000]
    # Expiry wins over insufficient funds: the reservation is gone either way.
    poor = await remote_error(wallet.debit(new_id_str(), 400, not_after=an_hour_ago))
    assert poor.reason == "debit_expired"


async def test_a_fenced_debit_lands_before_its_fence_and_replays_after_it(
    wallet: WalletHarness,
) -> None:
    workspace_id = new_id_str()
    await wallet.credit(workspace_id, 1_000)
    first = await wallet.debit(
        workspace_id, 400, key="claim-f", not_after=utc_now() + timedelta(minutes=5)
    )
    assert first.wallet.balance_minor == 600

    # The claim saga retrying after the reservation expired must learn the debit happened.
    again = await wallet.debit(
        workspace_id, 400, key="claim-f", not_after=utc_now() - timedelta(minutes=5)
    )

    assert again.replayed is True
    assert again.entry == first.entry
    assert await wallet.balance_row(workspace_id) == 600


async def test_a_debit_from_a_workspace_that_never_had_money_is_refused(
    wallet: WalletHarness,
) -> None:
    workspace_id = new_id_str()
    error = await remote_error(wallet.debit(workspace_id, 1))
    assert error.reason == "wallet_insufficient_funds"
    assert error.metadata == {"balance_minor": "0", "required_minor": "1"}
    assert await wallet.balance_row(workspace_id) is None
    assert await wallet.ledger_rows(workspace_id) == []


async def test_ledger_pages_newest_first_with_an_opaque_cursor(wallet: WalletHarness) -> None:
    workspace_id = new_id_str()
    other_workspace = new_id_str()
    await wallet.credit(other_workspace, 1)
    ids = [(await wallet.credit(workspace_id, 10 + i)).entry.id for i in range(5)]

    seen: list[str] = []
    cursor = ""
    pages = 0
    while True:
        page = await wallet.stub.ListLedgerEntries(
            wallet_pb2.ListLedgerEntriesRequest(workspace_id=workspace_id, limit=2, cursor=cursor)
        )
        pages += 1
        seen.extend(e.id for e in page.entries)
        cursor = page.next_cursor
        if not cursor:
            break
    assert pages == 3
    assert seen == list(reversed(ids))

    default = await wallet.stub.ListLedgerEntries(
        wallet_pb2.ListLedgerEntriesRequest(workspace_id=workspace_id)
    )
    assert [e.amount_minor for e in default.entries] == [14, 13, 12, 11, 10]
    assert default.next_cursor == ""


async def test_the_ledger_is_append_only_in_the_database(wallet: WalletHarness) -> None:
    workspace_id = new_id_str()
    await wallet.credit(workspace_id, 500)
    for statement in (
        "UPDATE wallet.ledger_entries SET amount_minor = 1",
        "DELETE FROM wallet.ledger_entries",
        "TRUNCATE wallet.ledger_entries",
    ):
        async with wallet.db.connect() as conn:
            with pytest.raises(Exception, match="append-only"):
                await conn.exec_driver_sql(statement)
    assert [r.amount_minor for r in await wallet.ledger_rows(workspace_id)] == [500]


async def test_a_credit_publishes_wallet_credited_to_jetstream(
    wallet: WalletHarness, nats_url: str
) -> None:
    client = await nats.connect(nats_url)
    try:
        js = client.jetstream()
        await ensure_stream(js, "SAUTIKIT_WALLET", [STREAMS["SAUTIKIT_WALLET"]])
        subscription = await js.pull_subscribe(
            "sautikit.wallet.credited",
            durable="wallet-test",
            stream="SAUTIKIT_WALLET",
            config=ConsumerConfig(durable_name="wallet-test"),
        )
        workspace_id = new_id_str()
        credited = await wallet.credit(workspace_id, 25_000, key="mpesa-abc")

        messages = await subscription.fetch(1, timeout=10)
        message = messages[0]
        await message.ack()
    finally:
        await client.close()

    async with wallet.db.connect() as conn:
        event_id = await conn.scalar(select(outbox.c.id))
        published_at = await conn.scalar(select(outbox.c.published_at))
    headers = message.headers or {}
    assert headers["ce-type"] == "sautikit.wallet.credited.v1"
    assert headers["ce-id"] == str(event_id)
    assert headers["Nats-Msg-Id"] == str(event_id)
    assert headers["ce-source"] == "sautikit/wallet"
    assert headers["ce-subject"] == f"workspaces/{workspace_id}/wallet"
    event = events_pb2.WalletCredited.FromString(message.data)
    assert event.workspace_id == workspace_id
    assert event.ledger_entry_id == credited.entry.id
    assert event.entry_type == "topup"
    assert event.amount_minor == 25_000
    assert event.currency == "KES"
    assert event.balance_after_minor == 25_000
    assert event.credited_at == credited.entry.created_at
    if published_at is None:
        await eventually(lambda: _published(wallet.db))


async def _published(db: AsyncEngine) -> bool:
    async with db.connect() as conn:
        return await conn.scalar(select(outbox.c.published_at)) is not None


WS = "0190a000-0000-7000-8000-000000000001"
MOVE: dict[str, Any] = {
    "workspace_id": WS,
    "amount_minor": 100,
    "currency": "KES",
    "idempotency_key": "k-1",
}
FAILED = "validation_failed"


def credit(**changes: Any) -> wallet_pb2.CreditRequest:
    return wallet_pb2.CreditRequest(**{**MOVE, "entry_type": TOPUP, **changes})


def debit(**changes: Any) -> wallet_pb2.DebitRequest:
    return wallet_pb2.DebitRequest(**{**MOVE, "entry_type": RENTAL, **changes})


def listing(**fields: Any) -> wallet_pb2.ListLedgerEntriesRequest:
    return wallet_pb2.ListLedgerEntriesRequest(**fields)


BAD_INPUT = [
    ("GetWallet", wallet_pb2.GetWalletRequest(workspace_id="nope"), FAILED, ["workspace_id"]),
    ("GetWallet", wallet_pb2.GetWalletRequest(), FAILED, ["workspace_id"]),
    ("Credit", credit(workspace_id="123"), FAILED, ["workspace_id"]),
    ("Credit", credit(amount_minor=0), FAILED, ["amount_minor"]),
    ("Credit", credit(amount_minor=-100), FAILED, ["amount_minor"]),
    ("Credit", credit(currency="USD"), "currency_not_supported", ["currency"]),
    ("Credit", credit(idempotency_key=""), FAILED, ["idempotency_key"]),
    ("Credit", credit(idempotency_key="k" * 201), FAILED, ["idempotency_key"]),
    ("Credit", credit(reason="r" * 10_000), FAILED, ["reason"]),
    ("Credit", credit(entry_type=RENTAL), FAILED, ["entry_type"]),
    ("Credit", credit(entry_type=wallet_pb2.ENTRY_TYPE_UNSPECIFIED), FAILED, ["entry_type"]),
    (
        "Credit",
        wallet_pb2.CreditRequest(workspace_id="x"),
        FAILED,
        ["workspace_id", "amount_minor", "entry_type", "idempotency_key"],
    ),
    ("Debit", debit(workspace_id=""), FAILED, ["workspace_id"]),
    ("Debit", debit(amount_minor=0), FAILED, ["amount_minor"]),
    ("Debit", debit(amount_minor=-5), FAILED, ["amount_minor"]),
    ("Debit", debit(currency="TZS"), "currency_not_supported", ["currency"]),
    ("Debit", debit(idempotency_key=""), FAILED, ["idempotency_key"]),
    ("Debit", debit(reason="r" * 501), FAILED, ["reason"]),
    ("Debit", debit(entry_type=TOPUP), FAILED, ["entry_type"]),
    ("GetLedgerEntry", wallet_pb2.GetLedgerEntryRequest(), FAILED, ["idempotency_key"]),
    ("ListLedgerEntries", listing(workspace_id="x"), FAILED, ["workspace_id"]),
    ("ListLedgerEntries", listing(workspace_id=WS, limit=101), FAILED, ["limit"]),
    ("ListLedgerEntries", listing(workspace_id=WS, limit=-1), FAILED, ["limit"]),
    ("ListLedgerEntries", listing(workspace_id=WS, cursor="!!"), FAILED, ["cursor"]),
]


async def test_bad_input_is_refused_with_a_stable_reason(
    wallet: WalletHarness, subtests: pytest.Subtests
) -> None:
    # One service for the whole table: a fresh database and NATS per case would cost more
    # than every assertion here.
    for index, (rpc, request_message, reason, fields) in enumerate(BAD_INPUT):
        with subtests.test(case=index, rpc=rpc, reason=reason, fields=fields):
            error = await remote_error(getattr(wallet.stub, rpc)(request_message))
            assert (error.status, error.reason) == (grpc.StatusCode.INVALID_ARGUMENT, reason)
            assert [v.field for v in error.violations] == fields
    assert await wallet.balance_row(WS) is None
    async with wallet.db.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(ledger_entries)) == 0
