"""Monthly rental renewal against the real wallet, inventory and credentials services (real
PostgreSQL and JetStream): exactly-once charging across reruns, replicas and crashes,
suspension when the wallet cannot pay, resume when it is credited, and the operator's run.
After every test, each wallet's balance equals the sum of its ledger entries."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace

import grpc
import pytest

from platform_common.errors import RemoteError
from sautikit.inventory.v1 import inventory_pb2
from services.inventory.renewals.domain import Period
from services.inventory.wallet_client import (
    DebitOutcome,
    GrpcWallet,
    RentalDebit,
)
from tests.conftest import eventually
from tests.integration.renewal_stack import (
    MANUAL,
    RENT,
    RenewalStack,
    ledger_integrity_problems,
    running_renewal_stack,
)

CHARGED = inventory_pb2.RENEWAL_OUTCOME_CHARGED
SUSPENDED = inventory_pb2.RENEWAL_OUTCOME_SUSPENDED
UNPAID = inventory_pb2.RENEWAL_OUTCOME_UNPAID
SKIPPED = inventory_pb2.RENEWAL_OUTCOME_SKIPPED


@pytest.fixture(autouse=True)
def ledger_stays_consistent(database_url: str) -> Iterator[None]:
    yield
    assert ledger_integrity_problems(database_url) == []


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[RenewalStack]:
    async with running_renewal_stack(database_url, nats_url) as running:
        yield running


def new_workspace() -> str:
    return str(uuid.uuid4())


async def test_a_renewal_run_twice_charges_each_number_exactly_once(stack: RenewalStack) -> None:
    first, second = new_workspace(), new_workspace()
    held = [await stack.claim(first), await stack.claim(first), await stack.claim(second)]
    period = stack.first_renewal(held[0])
    await stack.fund(first, 2 * RENT)
    await stack.fund(second, RENT)

    stack.move_into(period)
    items = await stack.run(period, limit=2)
    again = await stack.run(period, limit=2)

    assert sorted(i.tenant_number_id for i in items if i.outcome == CHARGED) == sorted(
        n.id for n in held
    )
    assert again == []  # nothing is due any more: the period check, not only the key
    assert await stack.rental_entries(period) == {f"{n.id}:{period}": 1 for n in held}
    assert await stack.balance(first) == 0 and await stack.balance(second) == 0
    rows = await stack.rows(
        "SELECT id, next_renewal_at FROM inventory.tenant_numbers WHERE status = 'active'"
    )
    assert {row["next_renewal_at"] for row in rows} == {period.next().starts_at()}
    charges = await stack.rows("SELECT status FROM inventory.renewal_charges")
    assert [c["status"] for c in charges] == ["paid"] * 3


async def test_a_claimed_number_is_not_charged_again_for_the_month_its_claim_paid(
    stack: RenewalStack,
) -> None:
    workspace = new_workspace()
    number = await stack.claim(workspace)
    await stack.fund(workspace, 5 * RENT)
    current = Period.containing(stack.clock.now())
    assert await stack.run(current) == []
    assert await stack.rental_entries(current) == {}
    assert await stack.balance(workspace) == 5 * RENT
    assert stack.first_renewal(number) == current.next()


async def test_replicas_renewing_at_once_charge_each_number_once_and_share_the_work(
    stack: RenewalStack,
) -> None:
    workspaces = [new_workspace() for _ in range(4)]
    held = [await stack.claim(workspaces[i % 4]) for i in range(12)]
    for workspace in workspaces:
        await stack.fund(workspace, 3 * RENT)
    period = stack.first_renewal(held[0])
    stack.move_into(period)
    replicas = [stack.inventory, await stack.replica(), await stack.replica()]

    runs = await asyncio.gather(
        *(stack.run(period, limit=1, stub=replicas[i % 3]) for i in range(6))
    )

    items = [item for run in runs for item in run]
    assert sorted(i.tenant_number_id for i in items) == sorted(n.id for n in held)
    assert {i.outcome for i in items} == {CHARGED}  # no runner redid another's work
    assert await stack.rental_entries(period) == {f"{n.id}:{period}": 1 for n in held}
    for workspace in workspaces:
        assert await stack.balance(workspace) == 0


async def test_the_scheduler_on_several_replicas_charges_on_the_first_of_the_month(
    stack: RenewalStack,
) -> None:
    workspace = new_workspace()
    held = [await stack.claim(workspace) for _ in range(5)]
    await stack.fund(workspace, 5 * RENT)
    period = stack.first_renewal(held[0])
    fast = replace(MANUAL, interval_seconds=0.05, enabled=True)
    await stack.replica(settings=fast)
    await stack.replica(settings=fast)
    stack.move_into(period)

    async def all_charged() -> bool:
        return len(await stack.rental_entries(period)) == 5

    await eventually(all_charged, timeout=20)
    assert await stack.rental_entries(period) == {f"{n.id}:{period}": 1 for n in held}
    assert await stack.balance(workspace) == 0


class CrashesAfter:
    """The real wallet client, but the runner dies after `debits` debits have reached the
    wallet (they are made; the runner's transaction never commits)."""

    def __init__(self, real: GrpcWallet, debits: int) -> None:
        self.real = real
        self.left = debits

    async def debit_rentals(self, debits: list[RentalDebit]) -> list[DebitOutcome]:
        if self.left <= 0:
            raise RuntimeError("runner crashed")
        take = debits[: self.left]
        outcomes = await self.real.debit_rentals(take)
        self.left -= len(take)
        if len(take) < len(debits) or self.left == 0:
            raise RuntimeError("runner crashed mid-batch, after its debits")
        return outcomes


async def test_a_run_that_dies_mid_batch_is_finished_by_the_next_without_double_charge(
    stack: RenewalStack,
) -> None:
    workspace = new_workspace()
    held = [await stack.claim(workspace) for _ in range(5)]
    await stack.fund(workspace, 5 * RENT)
    period = stack.first_renewal(held[0])
    stack.move_into(period)
    crashing = await stack.replica(renewal_wallet=CrashesAfter(GrpcWallet(stack.wallet_address), 3))

    with pytest.raises(grpc.aio.AioRpcError):
        await stack.run(period, limit=2, stub=crashing)
    # The first batch (2) committed; the third debit happened but its batch rolled back.
    assert len(await stack.rental_entries(period)) == 3
    paid = await stack.rows("SELECT tenant_number_id FROM inventory.renewal_charges")
    assert len(paid) == 2

    items = await stack.run(period, limit=2)
    assert sorted(i.tenant_number_id for i in items) == sorted(
        n.id for n in held if n.id not in {p["tenant_number_id"] for p in map(str_ids, paid)}
    )
    assert [i.reason for i in items if i.outcome == SKIPPED] == ["already_charged"]
    assert await stack.rental_entries(period) == {f"{n.id}:{period}": 1 for n in held}
    assert await stack.balance(workspace) == 0
    assert len(await stack.rows("SELECT 1 FROM inventory.renewal_charges")) == 5


def str_ids(row: dict[str, object]) -> dict[str, str]:
    return {k: str(v) for k, v in row.items()}


@pytest.mark.parametrize(
    ("period", "limit", "after", "field"),
    [
        ("", 0, "", "period"),
        ("2026-13", 0, "", "period"),
        ("2026-00", 0, "", "period"),
        ("2026-1", 0, "", "period"),
        ("26-12", 0, "", "period"),
        ("2026-12-01", 0, "", "period"),
        ("december", 0, "", "period"),
        ("1999-12", 0, "", "period"),
        ("2026-12" + "x" * 10_000, 0, "", "period"),
        ("2999-01", 0, "", "period"),
        ("2026-01", -1, "", "limit"),
        ("2026-01", 5001, "", "limit"),
        ("2026-01", 0, "not-a-uuid", "after_tenant_number_id"),
    ],
)
async def test_bad_run_requests_are_refused_naming_the_field(
    stack: RenewalStack, period: str, limit: int, after: str, field: str
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as raised:
        await stack.inventory.RunRenewals(
            inventory_pb2.RunRenewalsRequest(
                period=period, limit=limit, after_tenant_number_id=after
            )
        )
    error = RemoteError.from_rpc_error(raised.value)
    assert error.status == grpc.StatusCode.INVALID_ARGUMENT
    assert error.reason == "validation_failed"
    assert [v.field for v in error.violations] == [field]


async def test_the_next_period_can_run_before_its_first_day_but_not_the_one_after(
    stack: RenewalStack,
) -> None:
    workspace = new_workspace()
    number = await stack.claim(workspace)
    await stack.fund(workspace, RENT)
    upcoming = stack.first_renewal(number)
    assert stack.clock.now() < upcoming.starts_at()
    with pytest.raises(grpc.aio.AioRpcError):
        await stack.run(upcoming.next())
    [item] = await stack.run(upcoming)
    assert item.outcome == CHARGED and item.period == str(upcoming)
    assert await stack.rental_entries(upcoming) == {f"{number.id}:{upcoming}": 1}


async def test_months_missed_are_charged_oldest_first_in_one_run(stack: RenewalStack) -> None:
    workspace = new_workspace()
    number = await stack.claim(workspace)
    await stack.fund(workspace, 2 * RENT)
    first = stack.first_renewal(number)
    stack.move_into(first.next())
    items = await stack.run(first.next())
    assert [(i.period, i.outcome) for i in items] == [
        (str(first), CHARGED),
        (str(first.next()), CHARGED),
    ]
    assert await stack.balance(workspace) == 0
