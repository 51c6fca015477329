"""The wallet's DebitBatch over real gRPC and PostgreSQL: each debit decided as a single Debit
would be (covered or refused, once per key, in order per wallet), races with single debits
and credits of the same wallets, and bad batches refused whole. After every test, each
wallet's balance equals the sum of its ledger entries."""

from __future__ import annotations

import asyncio
import contextlib
import re
import uuid
from collections.abc import AsyncIterator, Iterator

import grpc
import pytest

from platform_common.errors import RemoteError
from platform_common.timestamps import to_timestamp, utc_now
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.wallet.main import create_service
from tests.integration.renewal_stack import ledger_integrity_problems

RENTAL = wallet_pb2.ENTRY_TYPE_NUMBER_RENTAL


@pytest.fixture(autouse=True)
def ledger_stays_consistent(database_url: str) -> Iterator[None]:
    yield
    assert ledger_integrity_problems(database_url) == []


@pytest.fixture
async def wallet(
    database_url: str, nats_url: str
) -> AsyncIterator[wallet_pb2_grpc.WalletServiceStub]:
    service = create_service(database_url=database_url, nats_url=nats_url)
    port = await service.start()
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        yield wallet_pb2_grpc.WalletServiceStub(channel)
    await service.stop()


async def fund(wallet: wallet_pb2_grpc.WalletServiceStub, workspace: str, amount: int) -> None:
    await wallet.Credit(
        wallet_pb2.CreditRequest(
            workspace_id=workspace,
            amount_minor=amount,
            entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
            idempotency_key=f"fund:{uuid.uuid4()}",
        )
    )


def rental(workspace: str, amount: int, key: str) -> wallet_pb2.DebitRequest:
    return wallet_pb2.DebitRequest(
        workspace_id=workspace, amount_minor=amount, entry_type=RENTAL, idempotency_key=key
    )


async def balance(wallet: wallet_pb2_grpc.WalletServiceStub, workspace: str) -> int:
    reply = await wallet.GetWallet(wallet_pb2.GetWalletRequest(workspace_id=workspace))
    return reply.wallet.balance_minor


async def test_each_debit_is_covered_or_refused_in_order_and_replays_its_first_result(
    wallet: wallet_pb2_grpc.WalletServiceStub,
) -> None:
    rich, poor, unknown = (str(uuid.uuid4()) for _ in range(3))
    await fund(wallet, rich, 300)
    await fund(wallet, poor, 150)
    batch = [
        rental(rich, 100, "r1"),
        rental(poor, 100, "p1"),
        rental(rich, 100, "r2"),
        rental(poor, 100, "p2"),  # 50 left: refused
        rental(unknown, 100, "u1"),  # never credited: refused
        rental(poor, 50, "p3"),  # a later, smaller one still fits
        rental(rich, 100, "r1"),  # the same key again in one batch: the first result
    ]
    reply = await wallet.DebitBatch(wallet_pb2.DebitBatchRequest(debits=batch))
    kinds = [r.WhichOneof("outcome") for r in reply.results]
    assert kinds == ["debited", "debited", "debited", "refused", "refused", "debited", "debited"]
    assert [r.debited.balance_after_minor for r in reply.results if r.HasField("debited")] == [
        200,
        50,
        100,
        0,
        200,
    ]
    assert reply.results[3].refused.reason == "wallet_insufficient_funds"
    assert reply.results[3].refused.balance_minor == 50
    assert reply.results[6].debited.replayed and not reply.results[0].debited.replayed
    assert reply.results[6].debited.ledger_entry_id == reply.results[0].debited.ledger_entry_id

    again = await wallet.DebitBatch(wallet_pb2.DebitBatchRequest(debits=batch))
    assert [r.debited.replayed for r in again.results if r.HasField("debited")] == [True] * 5
    assert [r.WhichOneof("outcome") for r in again.results] == kinds
    assert await balance(wallet, rich) == 100 and await balance(wallet, poor) == 0
    single = await wallet.Debit(rental(rich, 100, "r2"))
    assert single.replayed and single.entry.id == reply.results[2].debited.ledger_entry_id


async def test_a_key_reused_for_a_different_debit_is_refused_as_a_conflict(
    wallet: wallet_pb2_grpc.WalletServiceStub,
) -> None:
    workspace = str(uuid.uuid4())
    await fund(wallet, workspace, 1000)
    await wallet.Debit(rental(workspace, 100, "k"))
    reply = await wallet.DebitBatch(
        wallet_pb2.DebitBatchRequest(debits=[rental(workspace, 200, "k")])
    )
    assert reply.results[0].refused.reason == "idempotency_key_conflict"
    assert await balance(wallet, workspace) == 900


async def test_batches_racing_single_debits_and_credits_never_overdraw_or_double_charge(
    wallet: wallet_pb2_grpc.WalletServiceStub,
) -> None:
    workspaces = [str(uuid.uuid4()) for _ in range(5)]
    for workspace in workspaces:
        await fund(wallet, workspace, 1000)
    keys = [f"{w}:{i}" for w in workspaces for i in range(20)]
    debits = [rental(key.split(":")[0], 100, key) for key in keys]

    async def as_batches(offset: int) -> list[wallet_pb2.DebitBatchResult]:
        chunk = debits[offset:] + debits[:offset]
        reply = await wallet.DebitBatch(wallet_pb2.DebitBatchRequest(debits=chunk))
        return list(reply.results)

    async def one_by_one() -> None:
        for debit in debits[::7]:
            with contextlib.suppress(grpc.aio.AioRpcError):  # refused: insufficient funds
                await wallet.Debit(debit)

    async def credits() -> None:
        for workspace in workspaces:
            await fund(wallet, workspace, 300)

    await asyncio.gather(as_batches(0), as_batches(33), as_batches(71), one_by_one(), credits())
    await as_batches(50)  # after the race: whatever the credits left now pays further months

    for workspace in workspaces:
        assert await balance(wallet, workspace) == 0  # 1300 each: 13 debits of 100 fit
    entries = await wallet.ListLedgerEntries(
        wallet_pb2.ListLedgerEntriesRequest(workspace_id=workspaces[0], limit=100)
    )
    rentals = [e.idempotency_key for e in entries.entries if e.entry_type == RENTAL]
    assert len(rentals) == len(set(rentals)) == 13


@pytest.mark.parametrize(
    ("debits", "field"),
    [
        ([], "debits"),
        ([rental("not-a-uuid", 100, "a")], "debits[0].workspace_id"),
        (
            [rental(str(uuid.uuid4()), 100, "a"), rental(str(uuid.uuid4()), 0, "b")],
            "debits[1].amount_minor",
        ),
        ([rental(str(uuid.uuid4()), 100, "")], "debits[0].idempotency_key"),
        ([rental(str(uuid.uuid4()), 100, "x" * 201)], "debits[0].idempotency_key"),
        (
            [
                wallet_pb2.DebitRequest(
                    workspace_id=str(uuid.uuid4()),
                    amount_minor=100,
                    entry_type=wallet_pb2.ENTRY_TYPE_TOPUP,
                    idempotency_key="t",
                )
            ],
            "debits[0].entry_type",
        ),
        (
            [
                wallet_pb2.DebitRequest(
                    workspace_id=str(uuid.uuid4()),
                    amount_minor=100,
                    entry_type=RENTAL,
                    idempotency_key="f",
                    not_after=to_timestamp(utc_now()),
                )
            ],
            "debits[0].not_after",
        ),
        ([rental(str(uuid.uuid4()), 1, f"k{i}") for i in range(5001)], "debits"),
    ],
)
async def test_a_bad_batch_is_refused_whole_naming_the_debit(
    wallet: wallet_pb2_grpc.WalletServiceStub, debits: list[wallet_pb2.DebitRequest], field: str
) -> None:
    funded = str(uuid.uuid4())
    await fund(wallet, funded, 1000)
    if debits:  # a good debit first: the bad one must stop it too
        debits = [rental(funded, 100, "good"), *debits]
        field = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + 1}]", field)
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await wallet.DebitBatch(wallet_pb2.DebitBatchRequest(debits=debits))
    error = RemoteError.from_rpc_error(raised.value)
    assert (error.status, error.reason) == (grpc.StatusCode.INVALID_ARGUMENT, "validation_failed")
    assert field in [v.field for v in error.violations]
    assert await balance(wallet, funded) == 1000
