"""The claim saga between the real inventory and wallet services (in-process gRPC servers,
real PostgreSQL and NATS): payment, refusals, and the sweeper settling claims whose caller
lost the wallet's answer."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import grpc
import psycopg
import pytest

from operator_cli.csv_import import to_proto
from platform_common.errors import RemoteError
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc
from services.inventory.claims import ClaimSettings
from services.inventory.domain import demo_numbers
from services.inventory.main import create_service as create_inventory
from services.inventory.wallet_client import Debit, GrpcWallet, WalletUnreachable
from services.wallet.main import create_service as create_wallet
from tests.conftest import eventually

FAST = ClaimSettings(hold_seconds=1.0, settle_grace_seconds=0.2, sweep_interval_seconds=0.2)
RENT = 50_000  # demo mobile numbers rent for KES 500 a month


class LosesAnswers:
    """The real wallet client, but the claim's caller never hears back: before or after the
    wallet did the debit. Models a crash or network cut between saga steps."""

    def __init__(self, real: GrpcWallet, *, debit_first: bool) -> None:
        self.real = real
        self.debit_first = debit_first
        self.lost = 0

    async def debit_rental(self, **kwargs: object) -> Debit:
        if self.lost == 0:
            self.lost += 1
            if self.debit_first:
                await self.real.debit_rental(**kwargs)  # type: ignore[arg-type]
            raise WalletUnreachable("connection reset")
        return await self.real.debit_rental(**kwargs)  # type: ignore[arg-type]

    async def find_debit(self, key: str) -> Debit | None:
        return await self.real.find_debit(key)


@dataclass
class Platform:
    inventory: inventory_pb2_grpc.InventoryServiceStub
    wallet: wallet_pb2_grpc.WalletServiceStub
    database_url: str
    numbers: list[str]  # ids of available demo numbers

    async def fund(self, workspace: str, amount: int) -> None:
        await self.wallet.Credit(
            wallet_pb2.CreditRequest(
                workspace_id=workspace,
                amount_minor=amount,
                entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                idempotency_key=f"fund:{workspace}:{amount}",
            )
        )

    async def balance(self, workspace: str) -> int:
        reply = await self.wallet.GetWallet(wallet_pb2.GetWalletRequest(workspace_id=workspace))
        return reply.wallet.balance_minor

    async def claim(self, workspace: str, number_id: str) -> inventory_pb2.TenantNumber:
        reply = await self.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=number_id)
        )
        return reply.tenant_number

    def number_state(self, number_id: str) -> str:
        with psycopg.connect(self.database_url) as conn:
            return conn.execute(
                "SELECT state FROM inventory.numbers WHERE id = %s", (number_id,)
            ).fetchone()[0]

    def rental_debits(self, workspace: str) -> int:
        with psycopg.connect(self.database_url) as conn:
            return conn.execute(
                "SELECT count(*) FROM wallet.ledger_entries"
                " WHERE workspace_id = %s AND entry_type = 'number_rental'",
                (workspace,),
            ).fetchone()[0]


async def start(
    database_url: str, nats_url: str, wallet_port_factory=None
) -> AsyncIterator[Platform]:  # type: ignore[no-untyped-def]
    wallet_service = create_wallet(database_url=database_url, nats_url=nats_url)
    wallet_port = await wallet_service.start()
    real = GrpcWallet(f"127.0.0.1:{wallet_port}")
    port = wallet_port_factory(real) if wallet_port_factory else real
    inventory_service = create_inventory(
        database_url=database_url, nats_url=nats_url, wallet=port, claim_settings=FAST
    )
    inventory_port = await inventory_service.start()
    async with (
        grpc.aio.insecure_channel(f"127.0.0.1:{inventory_port}") as inventory_channel,
        grpc.aio.insecure_channel(f"127.0.0.1:{wallet_port}") as wallet_channel,
    ):
        inventory = inventory_pb2_grpc.InventoryServiceStub(inventory_channel)
        await inventory.ImportNumbers(
            inventory_pb2.ImportNumbersRequest(numbers=[to_proto(s) for s in demo_numbers(40)])
        )
        page = await inventory.SearchAvailableNumbers(
            inventory_pb2.SearchAvailableNumbersRequest(
                number_type=inventory_pb2.NUMBER_TYPE_MOBILE, limit=30
            )
        )
        yield Platform(
            inventory,
            wallet_pb2_grpc.WalletServiceStub(wallet_channel),
            database_url,
            [n.id for n in page.numbers],
        )
    await real.close()
    await inventory_service.stop()
    await wallet_service.stop()


@pytest.fixture
async def platform(database_url, nats_url) -> AsyncIterator[Platform]:  # type: ignore[no-untyped-def]
    async for running in start(database_url, nats_url):
        yield running


async def test_claim_charges_one_month_and_assigns(platform: Platform) -> None:
    workspace = str(uuid.uuid4())
    await platform.fund(workspace, 120_000)
    number = platform.numbers[0]
    held = await platform.claim(workspace, number)
    assert held.status == inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE
    assert held.number_id == number and held.workspace_id == workspace
    assert held.monthly_price_minor == RENT and held.allow_inbound and held.allow_outbound
    renewal = held.next_renewal_at.ToDatetime()
    assert renewal.day in (1, 28, 29, 30, 31) and renewal.hour == 21, "00:00 EAT on the 1st"
    assert await platform.balance(workspace) == 120_000 - RENT
    assert platform.number_state(number) == "assigned"
    assert platform.rental_debits(workspace) == 1

    by_number = await platform.inventory.GetTenantNumber(
        inventory_pb2.GetTenantNumberRequest(workspace_id=workspace, tenant_number_id=number)
    )
    assert by_number.tenant_number.id == held.id, "the inventory id finds the holding too"


async def test_insufficient_funds_changes_nothing(platform: Platform) -> None:
    workspace = str(uuid.uuid4())
    await platform.fund(workspace, RENT - 1)
    number = platform.numbers[1]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await platform.claim(workspace, number)
    error = RemoteError.from_rpc_error(refused.value)
    assert error.reason == "wallet_insufficient_funds"
    assert error.metadata["required_minor"] == str(RENT)
    assert await platform.balance(workspace) == RENT - 1
    assert platform.number_state(number) == "available"
    assert platform.rental_debits(workspace) == 0


async def test_unknown_and_taken_numbers(platform: Platform) -> None:
    workspace, other = str(uuid.uuid4()), str(uuid.uuid4())
    await platform.fund(workspace, 200_000)
    await platform.fund(other, 200_000)
    for bad_id, reason in (
        (str(uuid.uuid4()), "number_not_found"),
        ("not-a-uuid", "number_not_found"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as missing:
            await platform.claim(workspace, bad_id)
        assert RemoteError.from_rpc_error(missing.value).reason == reason
    await platform.claim(workspace, platform.numbers[2])
    with pytest.raises(grpc.aio.AioRpcError) as taken:
        await platform.claim(other, platform.numbers[2])
    assert RemoteError.from_rpc_error(taken.value).reason == "number_unavailable"
    assert await platform.balance(other) == 200_000


async def test_release_returns_the_number_and_another_workspace_can_claim_it(
    platform: Platform,
) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    await platform.fund(first, RENT)
    await platform.fund(second, RENT)
    number = platform.numbers[3]
    held = await platform.claim(first, number)
    with pytest.raises(grpc.aio.AioRpcError) as hidden:
        await platform.inventory.ReleaseNumber(
            inventory_pb2.ReleaseNumberRequest(workspace_id=second, tenant_number_id=held.id)
        )
    assert hidden.value.code() == grpc.StatusCode.NOT_FOUND, (
        "another workspace's number is not found"
    )

    released = await platform.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(workspace_id=first, tenant_number_id=held.id)
    )
    assert released.tenant_number.status == inventory_pb2.TENANT_NUMBER_STATUS_RELEASED
    assert not released.tenant_number.HasField("next_renewal_at"), "billing stops at once"
    assert platform.number_state(number) == "available"
    again = await platform.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(workspace_id=first, tenant_number_id=held.id)
    )
    assert again.tenant_number.released_at == released.tenant_number.released_at, "idempotent"
    taken = await platform.claim(second, number)
    assert taken.workspace_id == second
    assert await platform.balance(first) == 0, "no refund for the current month"


async def test_suspend_resume_and_settings(platform: Platform) -> None:
    workspace = str(uuid.uuid4())
    await platform.fund(workspace, RENT)
    held = await platform.claim(workspace, platform.numbers[4])
    updated = await platform.inventory.UpdateTenantNumber(
        inventory_pb2.UpdateTenantNumberRequest(
            workspace_id=workspace, tenant_number_id=held.id, allow_inbound=False
        )
    )
    assert not updated.tenant_number.allow_inbound and updated.tenant_number.allow_outbound
    suspended = await platform.inventory.SuspendNumber(
        inventory_pb2.SuspendNumberRequest(tenant_number_id=held.id, reason="fraud review")
    )
    assert suspended.tenant_number.status == inventory_pb2.TENANT_NUMBER_STATUS_SUSPENDED
    assert suspended.tenant_number.suspended_reason == "fraud review"
    with pytest.raises(grpc.aio.AioRpcError) as twice:
        await platform.inventory.SuspendNumber(
            inventory_pb2.SuspendNumberRequest(tenant_number_id=held.id)
        )
    assert RemoteError.from_rpc_error(twice.value).reason == "illegal_state_transition"
    resumed = await platform.inventory.ResumeNumber(
        inventory_pb2.ResumeNumberRequest(tenant_number_id=held.id)
    )
    assert resumed.tenant_number.status == inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE
    with psycopg.connect(platform.database_url) as conn:
        subjects = [
            r[0]
            for r in conn.execute(
                "SELECT nats_subject FROM inventory.outbox ORDER BY created_at, id"
            )
        ]
    assert subjects == [
        "sautikit.numbers.claimed",
        "sautikit.numbers.updated",
        "sautikit.numbers.suspended",
        "sautikit.numbers.resumed",
    ]


@pytest.mark.parametrize(
    "debit_first", [True, False], ids=["debit-committed-answer-lost", "debit-never-made"]
)
async def test_sweeper_settles_a_claim_whose_answer_was_lost(
    database_url, nats_url, debit_first: bool
) -> None:  # type: ignore[no-untyped-def]
    faulty: list[LosesAnswers] = []

    def wrap(real: GrpcWallet) -> LosesAnswers:
        faulty.append(LosesAnswers(real, debit_first=debit_first))
        return faulty[0]

    async for platform in start(database_url, nats_url, wrap):
        workspace = str(uuid.uuid4())
        await platform.fund(workspace, 3 * RENT)
        number = platform.numbers[0]
        with pytest.raises(grpc.aio.AioRpcError) as pending:
            await platform.claim(workspace, number)
        assert RemoteError.from_rpc_error(pending.value).reason == "claim_pending"
        assert platform.number_state(number) == "reserved"

        settled = "assigned" if debit_first else "available"
        await eventually(
            lambda p=platform, n=number, want=settled: p.number_state(n) == want, timeout=10
        )
        assert platform.rental_debits(workspace) == (1 if debit_first else 0)
        assert await platform.balance(workspace) == 3 * RENT - (RENT if debit_first else 0)
        listed = await platform.inventory.ListTenantNumbers(
            inventory_pb2.ListTenantNumbersRequest(workspace_id=workspace)
        )
        assert len(listed.tenant_numbers) == (1 if debit_first else 0)
        if not debit_first:
            await platform.claim(workspace, number)  # available again, claimable normally
            assert platform.rental_debits(workspace) == 1


async def test_search_filters_and_paging(platform: Platform) -> None:
    first = await platform.inventory.SearchAvailableNumbers(
        inventory_pb2.SearchAvailableNumbersRequest(limit=5)
    )
    assert len(first.numbers) == 5 and first.next_cursor
    second = await platform.inventory.SearchAvailableNumbers(
        inventory_pb2.SearchAvailableNumbersRequest(limit=5, cursor=first.next_cursor)
    )
    assert [n.e164 for n in first.numbers] == sorted(n.e164 for n in first.numbers)
    assert first.numbers[-1].e164 < second.numbers[0].e164
    target = first.numbers[2].e164
    for request in (
        inventory_pb2.SearchAvailableNumbersRequest(starts_with=target[1:9]),
        inventory_pb2.SearchAvailableNumbersRequest(starts_with="0" + target[4:10]),
        inventory_pb2.SearchAvailableNumbersRequest(contains=target[5:11]),
        inventory_pb2.SearchAvailableNumbersRequest(ends_with=target[-6:]),
    ):
        found = await platform.inventory.SearchAvailableNumbers(request)
        assert target in [n.e164 for n in found.numbers], request
    none = await platform.inventory.SearchAvailableNumbers(
        inventory_pb2.SearchAvailableNumbersRequest(starts_with="2549999")
    )
    assert list(none.numbers) == [] and none.next_cursor == ""
    toll_free = await platform.inventory.SearchAvailableNumbers(
        inventory_pb2.SearchAvailableNumbersRequest(number_type=inventory_pb2.NUMBER_TYPE_TOLL_FREE)
    )
    assert toll_free.numbers and all(n.e164.startswith("+254800") for n in toll_free.numbers)
    for bad, field in (
        (inventory_pb2.SearchAvailableNumbersRequest(country="US"), "country"),
        (inventory_pb2.SearchAvailableNumbersRequest(currency="USD"), "currency"),
        (inventory_pb2.SearchAvailableNumbersRequest(contains="12a"), "contains"),
        (inventory_pb2.SearchAvailableNumbersRequest(limit=101), "limit"),
        (inventory_pb2.SearchAvailableNumbersRequest(cursor="garbage!"), "cursor"),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as rejected:
            await platform.inventory.SearchAvailableNumbers(bad)
        error = RemoteError.from_rpc_error(rejected.value)
        assert error.reason == "validation_failed" and [v.field for v in error.violations] == [
            field
        ]


async def test_concurrent_claims_of_one_number_sell_it_once(platform: Platform) -> None:
    workspaces = [str(uuid.uuid4()) for _ in range(5)]
    for workspace in workspaces:
        await platform.fund(workspace, 10 * RENT)
    number = platform.numbers[5]

    async def attempt(i: int) -> str:
        try:
            await platform.claim(workspaces[i % 5], number)
            return "ok"
        except grpc.aio.AioRpcError as exc:
            return RemoteError.from_rpc_error(exc).reason

    outcomes = await asyncio.gather(*(attempt(i) for i in range(50)))
    assert outcomes.count("ok") == 1
    assert set(outcomes) == {"ok", "number_unavailable"}
    balances = [await platform.balance(w) for w in workspaces]
    assert sorted(balances) == [9 * RENT] + [10 * RENT] * 4
    assert sum(platform.rental_debits(w) for w in workspaces) == 1


async def test_finishing_a_claim_again_returns_its_holding_and_changes_nothing(
    platform: Platform,
) -> None:
    """The caller and the sweeper may both finish one claim: the second finish must find the
    holding the first made, not assign again, not make a second one, not emit again."""
    from platform_common.db import create_engine
    from platform_common.uow import unit_of_work_factory
    from services.inventory.claims import complete_claim
    from services.inventory.repository import outbox

    workspace = str(uuid.uuid4())
    await platform.fund(workspace, 2 * RENT)
    held = await platform.claim(workspace, platform.numbers[0])
    with psycopg.connect(platform.database_url) as conn:
        claim_id = conn.execute(
            "SELECT claim_id FROM inventory.tenant_numbers WHERE id = %s", (held.id,)
        ).fetchone()[0]

    def counts() -> tuple[int, int]:
        with psycopg.connect(platform.database_url) as conn:
            holdings = conn.execute(
                "SELECT count(*) FROM inventory.tenant_numbers WHERE claim_id = %s", (claim_id,)
            ).fetchone()[0]
            events = conn.execute(
                "SELECT count(*) FROM inventory.outbox WHERE ce_subject = %s",
                (f"tenant-numbers/{held.id}",),
            ).fetchone()[0]
        return holdings, events

    assert counts() == (1, 1)
    engine = create_engine(platform.database_url)
    try:
        again = await complete_claim(
            new_uow=unit_of_work_factory(engine, outbox), claim_id=claim_id, ledger_entry_id=None
        )
    finally:
        await engine.dispose()
    assert str(again.tenant_number.id) == held.id
    assert counts() == (1, 1)
    assert platform.number_state(platform.numbers[0]) == "assigned"
