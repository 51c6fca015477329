"""Trials against the real wallet, inventory, credentials and routing services (one PostgreSQL,
one JetStream), the trial passes driven by a clock the tests move: the reminder is published
once per trial however many schedulers run, an ended trial goes back to the pool through the
usual release reactions, a conversion charges once or changes nothing."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from platform_common.db import create_engine
from platform_common.errors import RemoteError
from platform_common.inventory_numbers import GrpcInventory
from platform_common.timestamps import to_timestamp
from platform_common.uow import unit_of_work_factory
from sautikit.events.v1 import events_pb2
from sautikit.inventory.v1 import inventory_pb2
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc
from services.inventory import repository
from services.inventory.trials.domain import TrialSettings
from services.inventory.trials.scheduler import run_trials_once
from services.inventory.wallet_client import GrpcWallet
from services.routing.main import create_service as create_routing
from tests.conftest import eventually
from tests.integration.renewal_stack import (
    RENT,
    RenewalStack,
    ledger_integrity_problems,
    running_renewal_stack,
)

pytestmark = pytest.mark.asyncio
SETTINGS = TrialSettings(release_grace_seconds=1.0, batch_size=2)


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[RenewalStack]:
    async with running_renewal_stack(database_url, nats_url, with_credentials=True) as running:
        yield running
    assert ledger_integrity_problems(database_url) == []


async def _e164(stack: RenewalStack, number_id: str) -> str:
    [row] = await stack.rows("SELECT e164 FROM inventory.numbers WHERE id = %s", number_id)
    return str(row["e164"])


async def provision(
    stack: RenewalStack, workspace: str, until: datetime, *, index: int
) -> inventory_pb2.TenantNumber:
    reply = await stack.inventory.ProvisionTrial(
        inventory_pb2.ProvisionTrialRequest(
            workspace_id=workspace,
            e164=await _e164(stack, stack.numbers[index]),
            trial_until=to_timestamp(until),
        )
    )
    return reply.tenant_number


async def trial_pass(stack: RenewalStack, replicas: int = 1) -> None:
    """`replicas` trial schedulers' passes at the same moment, each with its own engine."""
    engines = [create_engine(stack.database_url) for _ in range(replicas)]
    wallet = GrpcWallet(stack.wallet_address)
    try:
        await asyncio.gather(
            *(
                run_trials_once(
                    new_uow=unit_of_work_factory(engine, repository.outbox),
                    wallet=wallet,
                    clock=stack.clock,
                    settings=SETTINGS,
                )
                for engine in engines
            )
        )
    finally:
        await wallet.close()
        for engine in engines:
            await engine.dispose()


async def reminders(stack: RenewalStack) -> list[events_pb2.NumberTrialExpiring]:
    rows = await stack.outbox("sautikit.numbers.trial_expiring")
    return [events_pb2.NumberTrialExpiring.FromString(bytes(r["payload"])) for r in rows]


async def test_a_trial_ending_within_a_day_gets_one_reminder_even_with_two_schedulers(
    stack: RenewalStack,
) -> None:
    workspace = str(uuid.uuid4())
    start = stack.clock.now()
    later = await provision(stack, workspace, start + timedelta(hours=30), index=0)
    soon = await provision(stack, workspace, start + timedelta(hours=23), index=1)
    # Under 24 h left at provisioning: reminded at once, in the provisioning transaction.
    assert [r.tenant_number_id for r in await reminders(stack)] == [soon.id]
    assert soon.HasField("trial_until") and not soon.HasField("next_renewal_at")

    await trial_pass(stack, replicas=2)  # the 30 h trial is not due yet
    assert len(await reminders(stack)) == 1
    stack.clock.move_to(start + timedelta(hours=7))  # 23 h left now
    for _ in range(3):  # two schedulers at once, again and again (a restart in between)
        await trial_pass(stack, replicas=2)
    sent = await reminders(stack)
    assert [r.tenant_number_id for r in sent] == [soon.id, later.id]
    [reminder] = [r for r in sent if r.tenant_number_id == later.id]
    assert reminder.e164 == later.e164
    assert reminder.trial_until.ToDatetime(tzinfo=UTC) == later.trial_until.ToDatetime(tzinfo=UTC)
    assert reminder.monthly_price_minor == RENT
    # Nothing was charged for either trial.
    assert await stack.rows("SELECT * FROM wallet.ledger_entries") == []


async def test_an_ended_trial_returns_to_the_pool_and_loses_credentials_and_routing(
    stack: RenewalStack, database_url: str, nats_url: str
) -> None:
    routing = create_routing(
        database_url=database_url,
        nats_url=nats_url,
        inventory=GrpcInventory(stack.inventory_address),
    )
    port = await routing.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            resolver = routing_pb2_grpc.RoutingServiceStub(channel)
            workspace = str(uuid.uuid4())
            start = stack.clock.now()
            trial = await provision(stack, workspace, start + timedelta(hours=2), index=0)
            username, password = await stack.credential(trial)
            assert await stack.verifies(username, password)

            async def may_take_calls() -> bool:
                try:
                    route = await resolver.ResolveRoute(
                        routing_pb2.ResolveRouteRequest(e164=trial.e164)
                    )
                except grpc.aio.AioRpcError:
                    return False
                return bool(route.may_take_calls)

            await eventually(may_take_calls)

            stack.clock.move_to(start + timedelta(hours=2, seconds=0.5))  # within the grace
            await trial_pass(stack)
            assert await stack.status(trial.id) == "active"
            stack.clock.move_to(start + timedelta(hours=2, seconds=2))
            await trial_pass(stack, replicas=2)
            assert await stack.status(trial.id) == "released"
            [released] = await stack.outbox("sautikit.numbers.released")
            event = events_pb2.NumberReleased.FromString(bytes(released["payload"]))
            assert (event.tenant_number_id, event.reason) == (trial.id, "trial_expired")

            async def refused() -> bool:
                return not await stack.verifies(username, password)

            await eventually(refused)
            await eventually(lambda: _not(may_take_calls))
            # Back in the pool: another workspace claims it (and pays).
            other = str(uuid.uuid4())
            await stack.fund(other, RENT)
            claimed = await stack.inventory.ClaimNumber(
                inventory_pb2.ClaimNumberRequest(workspace_id=other, number_id=trial.number_id)
            )
            assert claimed.tenant_number.workspace_id == other
    finally:
        await routing.stop()


async def _not(predicate) -> bool:  # type: ignore[no-untyped-def]
    return not await predicate()


async def test_a_converted_trial_is_charged_once_and_never_released(stack: RenewalStack) -> None:
    workspace = str(uuid.uuid4())
    start = stack.clock.now()
    trial = await provision(stack, workspace, start + timedelta(hours=5), index=0)
    other = str(uuid.uuid4())
    await stack.fund(other, RENT)
    with pytest.raises(grpc.aio.AioRpcError) as taken:  # someone else's trial: 409
        await stack.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(workspace_id=other, number_id=trial.number_id)
        )
    assert taken.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert RemoteError.from_rpc_error(taken.value).reason == "number_unavailable"

    await stack.fund(workspace, RENT)
    reply = await stack.inventory.ClaimNumber(  # by tenant number id (inventory id works too)
        inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=trial.id)
    )
    assert reply.tenant_number.id == trial.id
    assert not reply.tenant_number.HasField("trial_until")
    assert reply.tenant_number.HasField("next_renewal_at")
    await stack.fund(workspace, RENT)
    with pytest.raises(grpc.aio.AioRpcError) as again:  # now a paid number: nothing to convert
        await stack.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=trial.number_id)
        )
    assert RemoteError.from_rpc_error(again.value).reason == "number_unavailable"
    assert await stack.balance(workspace) == RENT  # the second funding is untouched
    entries = await stack.rows(
        "SELECT idempotency_key FROM wallet.ledger_entries WHERE workspace_id = %s"
        " AND entry_type = 'number_rental'",
        workspace,
    )
    assert entries == [{"idempotency_key": f"trial-conversion:{trial.id}"}]
    stack.clock.move_to(start + timedelta(days=3))
    await trial_pass(stack, replicas=2)
    assert await stack.status(trial.id) == "active"
    assert await stack.outbox("sautikit.numbers.released") == []


async def test_a_conversion_the_wallet_cannot_pay_leaves_the_trial_untouched(
    stack: RenewalStack,
) -> None:
    workspace = str(uuid.uuid4())
    start = stack.clock.now()
    trial = await provision(stack, workspace, start + timedelta(hours=30), index=0)
    await stack.fund(workspace, RENT - 1)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.inventory.ClaimNumber(
            inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=trial.number_id)
        )
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert RemoteError.from_rpc_error(refused.value).reason == "wallet_insufficient_funds"
    after = await stack.inventory.GetTenantNumber(
        inventory_pb2.GetTenantNumberRequest(workspace_id=workspace, tenant_number_id=trial.id)
    )
    assert after.tenant_number.trial_until == trial.trial_until
    assert after.tenant_number.status == inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE
    assert not after.tenant_number.HasField("next_renewal_at")
    assert await stack.balance(workspace) == RENT - 1
    # Still reminded and released as planned.
    stack.clock.move_to(start + timedelta(hours=7))
    await trial_pass(stack)
    assert len(await reminders(stack)) == 1
    stack.clock.move_to(start + timedelta(hours=31))
    await trial_pass(stack)
    assert await stack.status(trial.id) == "released"
    assert await stack.balance(workspace) == RENT - 1


async def test_trials_are_listed_by_the_trials_filter(stack: RenewalStack) -> None:
    workspace = str(uuid.uuid4())
    trial = await provision(stack, workspace, stack.clock.now() + timedelta(days=2), index=0)
    await stack.fund(workspace, RENT)
    paid = await stack.inventory.ClaimNumber(
        inventory_pb2.ClaimNumberRequest(workspace_id=workspace, number_id=stack.numbers[5])
    )
    everything = await stack.inventory.ListTenantNumbers(
        inventory_pb2.ListTenantNumbersRequest(workspace_id=workspace)
    )
    trials = await stack.inventory.ListTenantNumbers(
        inventory_pb2.ListTenantNumbersRequest(workspace_id=workspace, trials_only=True)
    )
    assert {n.id for n in everything.tenant_numbers} == {trial.id, paid.tenant_number.id}
    assert [n.id for n in trials.tenant_numbers] == [trial.id]


async def test_a_trial_is_never_renewed_or_charged_by_the_renewal_job(stack: RenewalStack) -> None:
    workspace = str(uuid.uuid4())
    trial = await provision(stack, workspace, stack.clock.now() + timedelta(days=20), index=20)
    await stack.fund(workspace, 10 * RENT)
    paid = await stack.claim(workspace)  # a paid number beside it, to show the run ran
    assert paid.id != trial.id
    period = stack.first_renewal(paid)
    stack.move_into(period)
    await stack.run(period)
    await stack.run(period.next())
    charged = await stack.rows(
        "SELECT tenant_number_id FROM inventory.renewal_charges WHERE workspace_id = %s",
        workspace,
    )
    assert {str(r["tenant_number_id"]) for r in charged} == {paid.id}
    assert await stack.status(trial.id) == "active"
    # stack.claim funded its first month; the run charged the paid number two more months.
    assert await stack.balance(workspace) == 11 * RENT - 3 * RENT
