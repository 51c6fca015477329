"""Unpaid renewals: suspension (numbers.suspended, reason unpaid_rental, SIP verification
refused), resume when the wallet is credited (numbers.resumed, the month charged once, SIP
verification allowed again), unpaid months paid oldest first, released numbers never charged
after their release, and the credit consumer right under shuffled and repeated events.
After every test, each wallet's balance equals the sum of its ledger entries."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from platform_common.consumer import EventConsumer
from platform_common.db import create_engine
from platform_common.events import EventEnvelope
from platform_common.uow import unit_of_work_factory
from sautikit.events.v1 import events_pb2
from sautikit.inventory.v1 import inventory_pb2
from services.inventory import repository
from services.inventory.renewals.consumers import DURABLE, WALLET_CREDITED, credited_handler
from services.inventory.renewals.domain import Period
from services.inventory.wallet_client import GrpcWallet
from tests.conftest import eventually
from tests.integration.renewal_stack import (
    RENT,
    RenewalStack,
    ledger_integrity_problems,
    running_renewal_stack,
)

CHARGED = inventory_pb2.RENEWAL_OUTCOME_CHARGED
SUSPENDED = inventory_pb2.RENEWAL_OUTCOME_SUSPENDED
UNPAID = inventory_pb2.RENEWAL_OUTCOME_UNPAID


@pytest.fixture(autouse=True)
def ledger_stays_consistent(database_url: str) -> Iterator[None]:
    yield
    assert ledger_integrity_problems(database_url) == []


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[RenewalStack]:
    async with running_renewal_stack(database_url, nats_url, with_credentials=True) as running:
        yield running


async def resumed_count(stack: RenewalStack, tenant_number_id: str) -> int:
    rows = await stack.outbox("sautikit.numbers.resumed")
    return sum(
        1
        for row in rows
        if events_pb2.NumberResumed.FromString(row["payload"]).tenant_number_id == tenant_number_id
    )


async def test_money_for_two_of_three_suspends_one_and_a_credit_resumes_it(
    stack: RenewalStack,
) -> None:
    workspace = str(uuid.uuid4())
    held = [await stack.claim(workspace) for _ in range(3)]
    logins = {n.id: await stack.credential(n) for n in held}
    period = stack.first_renewal(held[0])
    await stack.fund(workspace, 2 * RENT)
    stack.move_into(period)

    items = await stack.run(period, limit=2)

    assert sorted(i.outcome for i in items) == [CHARGED, CHARGED, SUSPENDED]
    [unpaid] = [i for i in items if i.outcome == SUSPENDED]
    assert unpaid.reason == "wallet_insufficient_funds"
    assert await stack.status(unpaid.tenant_number_id) == "suspended"
    assert [await stack.status(n.id) for n in held].count("active") == 2
    [event] = await stack.outbox("sautikit.numbers.suspended")
    suspended = events_pb2.NumberSuspended.FromString(event["payload"])
    assert (suspended.tenant_number_id, suspended.reason) == (
        unpaid.tenant_number_id,
        "unpaid_rental",
    )
    username, password = logins[unpaid.tenant_number_id]

    async def refused() -> bool:
        return not await stack.verifies(username, password)

    await eventually(refused, timeout=10, interval=0.1)
    assert len(await stack.rental_entries(period)) == 2

    await stack.fund(workspace, RENT)  # the wallet's Credit RPC: publishes wallet.credited

    async def resumed() -> bool:
        return await stack.status(unpaid.tenant_number_id) == "active"

    await eventually(resumed, timeout=10)
    assert await stack.rental_entries(period) == {f"{n.id}:{period}": 1 for n in held}
    assert await stack.balance(workspace) == 0
    assert await resumed_count(stack, unpaid.tenant_number_id) == 1
    await eventually(lambda: stack.verifies(username, password), timeout=10, interval=0.1)
    # The period is done: another run charges nothing.
    assert await stack.run(period) == []


async def test_unpaid_months_are_paid_oldest_first_and_resume_only_when_all_are_paid(
    stack: RenewalStack,
) -> None:
    workspace = str(uuid.uuid4())
    number = await stack.claim(workspace)
    first = stack.first_renewal(number)
    stack.move_into(first)
    [item] = await stack.run(first)
    assert item.outcome == SUSPENDED
    stack.move_into(first.next())
    [item] = await stack.run(first.next())
    # A later month waits behind the unpaid one: recorded, the wallet is not even asked.
    assert (item.outcome, item.reason) == (UNPAID, "earlier_month_unpaid")

    await stack.fund(workspace, RENT)

    async def first_paid() -> bool:
        return f"{number.id}:{first}" in await stack.rental_entries(first)

    # Each payment follows a wallet.credited event through the outbox and a consumer that
    # retries with back-off (2 s, 4 s, ...) when the wallet is slow: a generous bound, not a
    # tight one, on a loaded machine.
    await eventually(first_paid, timeout=60, interval=0.1)
    assert await stack.rental_entries(first.next()) == {}
    assert await stack.status(number.id) == "suspended"

    await stack.fund(workspace, RENT)

    async def active() -> bool:
        return await stack.status(number.id) == "active"

    await eventually(active, timeout=60, interval=0.1)
    assert await stack.rental_entries(first.next()) == {f"{number.id}:{first.next()}": 1}
    assert await stack.balance(workspace) == 0
    charges = await stack.rows(
        "SELECT period, status FROM inventory.renewal_charges ORDER BY period"
    )
    assert [(c["period"], c["status"]) for c in charges] == [
        (str(first), "paid"),
        (str(first.next()), "paid"),
    ]


async def test_a_number_released_while_suspended_owes_that_month_but_none_after(
    stack: RenewalStack,
) -> None:
    workspace = str(uuid.uuid4())
    number = await stack.claim(workspace)
    # Claimed last month: the current month is due now (releases are stamped by the
    # database's real clock, so this test's months are real ones).
    current = Period.containing(stack.clock.now())
    await stack.rows(
        "UPDATE inventory.tenant_numbers SET next_renewal_at = %s WHERE id = %s",
        current.starts_at(),
        number.id,
    )
    [item] = await stack.run(current)
    assert item.outcome == SUSPENDED
    await stack.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(workspace_id=workspace, tenant_number_id=number.id)
    )
    stack.move_into(current.next())
    assert await stack.run(current.next()) == []

    await stack.fund(workspace, 3 * RENT)

    async def month_of_release_paid() -> bool:
        return bool(await stack.rental_entries(current))

    # The month it was suspended and released in is owed (no refund for the current month)...
    await eventually(month_of_release_paid, timeout=10)
    # ...later months are not.
    assert await stack.rental_entries(current.next()) == {}
    assert await stack.balance(workspace) == 2 * RENT
    assert await stack.status(number.id) == "released"
    assert await resumed_count(stack, number.id) == 0


async def test_a_month_run_early_is_not_owed_by_a_number_released_before_it_began(
    stack: RenewalStack,
) -> None:
    workspace = str(uuid.uuid4())
    number = await stack.claim(workspace)
    upcoming = stack.first_renewal(number)
    [item] = await stack.run(upcoming)  # the operator tries next month's billing early
    assert item.outcome == SUSPENDED
    await stack.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(workspace_id=workspace, tenant_number_id=number.id)
    )
    await stack.fund(workspace, 2 * RENT)
    await stack.fund(workspace, RENT)

    async def credits_seen() -> bool:
        rows = await stack.rows(
            "SELECT count(*) AS n FROM inventory.processed_events WHERE consumer = %s", DURABLE
        )
        return rows[0]["n"] == 3  # the claim's funding and the two credits

    await eventually(credits_seen, timeout=10)
    assert await stack.rental_entries(upcoming) == {}
    assert await stack.balance(workspace) == 3 * RENT


async def test_credit_events_shuffled_and_repeated_pay_each_month_once(
    stack: RenewalStack,
) -> None:
    owing_two_months, owing_one = str(uuid.uuid4()), str(uuid.uuid4())
    held = [await stack.claim(owing_two_months), await stack.claim(owing_two_months)]
    single = await stack.claim(owing_one)
    first = stack.first_renewal(single)
    stack.move_into(first)
    assert {i.outcome for i in await stack.run(first)} == {SUSPENDED}
    stack.move_into(first.next())
    assert {i.outcome for i in await stack.run(first.next())} == {UNPAID}
    # Inventory's own consumer stops: the events below reach inventory only through the
    # shuffled delivery, then again (all of them) through a fresh replica.
    await stack.stop_main_inventory()
    for amount in (RENT, RENT, 2 * RENT, RENT, RENT):
        await stack.fund(owing_two_months, amount)
    await stack.fund(owing_one, 2 * RENT)

    credited = await stack.rows(
        "SELECT * FROM wallet.outbox WHERE nats_subject = %s", WALLET_CREDITED
    )
    envelopes = [
        EventEnvelope(
            id=row["id"],
            source="sautikit/wallet",
            ce_type=row["ce_type"],
            subject=row["ce_subject"],
            time=row["created_at"],
            nats_subject=row["nats_subject"],
            data=row["payload"],
        )
        for row in credited
    ]
    deliveries = envelopes * 3
    random.Random(9).shuffle(deliveries)
    engine = create_engine(stack.database_url)
    wallet = GrpcWallet(stack.wallet_address)
    consumer = EventConsumer(
        nats=None,  # type: ignore[arg-type]  # handle_once never touches NATS
        new_uow=unit_of_work_factory(engine, repository.outbox),
        processed=repository.processed_events,
        durable=DURABLE,
        subject=WALLET_CREDITED,
        handler=credited_handler(wallet),
    )
    try:
        for start in range(0, len(deliveries), 4):  # four at a time: concurrent handlers
            await asyncio.gather(*(consumer.handle_once(e) for e in deliveries[start : start + 4]))
    finally:
        await wallet.close()
        await engine.dispose()

    numbers = [*held, single]
    for period in (first, first.next()):
        assert await stack.rental_entries(period) == {f"{n.id}:{period}": 1 for n in numbers}
    for number in numbers:
        assert await stack.status(number.id) == "active"
        assert await resumed_count(stack, number.id) == 1
    assert await stack.balance(owing_two_months) == 2 * RENT
    assert await stack.balance(owing_one) == 0

    # The real consumer now gets every event again, in stream order: nothing changes.
    await stack.replica()

    async def consumer_caught_up() -> bool:
        rows = await stack.rows(
            "SELECT count(*) AS n FROM inventory.processed_events WHERE consumer = %s", DURABLE
        )
        return rows[0]["n"] == len(envelopes)

    await eventually(consumer_caught_up, timeout=10)
    for period in (first, first.next()):
        assert await stack.rental_entries(period) == {f"{n.id}:{period}": 1 for n in numbers}
    for number in numbers:
        assert await resumed_count(stack, number.id) == 1
