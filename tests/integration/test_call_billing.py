"""Call billing with real parts: the wallet and inventory services, PostgreSQL and JetStream.
The tests play the voice platform (AuthorizeCall over gRPC, call.* events on JetStream)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import grpc
import pytest

from platform_common.errors import RemoteError
from sautikit.inventory.v1 import inventory_pb2
from sautikit.wallet.v1 import usage_pb2, wallet_pb2
from tests.conftest import eventually
from tests.integration.test_credentials_harness import stream_messages
from tests.integration.usage_harness import (
    INBOUND,
    OUTBOUND,
    RATE,
    UsageStack,
    running_usage_stack,
    usage_settings,
)
from tests.ledger_integrity import assert_ledger_integrity, ledger_checked_after_each_test

pytestmark = pytest.mark.usefixtures("ledger_checked_after_each_test")
__all__ = ["ledger_checked_after_each_test"]

TEN_MINUTES = 10 * RATE  # KES 20.00 pays for exactly 10 minutes at KES 2/min


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[UsageStack]:
    # A 3-minute slice, so one wallet's money is shared by several calls.
    async with running_usage_stack(
        database_url, nats_url, settings=usage_settings(slice_seconds=180)
    ) as running:
        yield running


async def test_eight_concurrent_calls_never_reserve_more_than_the_balance(
    stack: UsageStack,
) -> None:
    number = await stack.claim(call_money=TEN_MINUTES)
    answers = await asyncio.gather(*(stack.authorize(number) for _ in range(8)))
    allowed = [a for a in answers if a.allowed]
    granted = sum(a.max_duration_seconds for a in allowed)
    assert granted <= 600
    assert sum(a.reserved_minor for a in allowed) <= TEN_MINUTES
    # The money is not wasted either: 3 + 3 + 3 + 1 minutes.
    assert granted == 600
    refused = [a for a in answers if not a.allowed]
    assert {a.refusal_reason for a in refused} == {usage_pb2.CALL_REFUSAL_REASON_INSUFFICIENT_FUNDS}
    wallet = await stack.wallet_row(number.workspace_id)
    assert wallet["reserved_minor"] == TEN_MINUTES
    # Every call talks for exactly what it was granted, then settles.
    for answer in allowed:
        await stack.publish_call_event(
            "sautikit.calls.completed",
            stack.completed(number, answer.call.call_id, answer.max_duration_seconds),
            answer.call.call_id,
        )
    for answer in allowed:
        await stack.wait_call(answer.call.call_id, status="completed")
    wallet = await stack.wallet_row(number.workspace_id)
    assert wallet == {"balance_minor": 0, "reserved_minor": 0}
    await assert_ledger_integrity(stack.database_url)


async def test_a_61_second_call_at_kes_2_per_minute_costs_204(stack: UsageStack) -> None:
    number = await stack.claim(call_money=1_000)
    answer = await stack.authorize(number)
    assert answer.allowed and answer.rate_per_min_minor == RATE
    call_id = answer.call.call_id
    await stack.publish_call_event(
        "sautikit.calls.completed", stack.completed(number, call_id, 61), call_id
    )
    record = await stack.wait_call(call_id, status="completed")
    assert (record["billable_seconds"], record["cost_minor"], record["charged_minor"]) == (
        61,
        204,
        204,
    )
    [entry] = await stack.usage_entries(call_id)
    assert entry["amount_minor"] == -204 and entry["id"] == record["ledger_entry_id"]
    assert await stack.wallet_row(number.workspace_id) == {
        "balance_minor": 1_000 - 204,
        "reserved_minor": 0,
    }


async def test_completed_five_times_and_before_started_makes_one_usage_entry(
    stack: UsageStack,
) -> None:
    number = await stack.claim(call_money=1_000)
    call_id = (await stack.authorize(number)).call.call_id
    # The end arrives first, five times (five distinct event ids, as a platform retrying its
    # publish would send), and only then the call's start.
    for _ in range(5):
        await stack.publish_call_event(
            "sautikit.calls.completed", stack.completed(number, call_id, 90), call_id
        )
    started = stack.completed(number, call_id, 90)
    from sautikit.events.v1 import calls_pb2

    await stack.publish_call_event(
        "sautikit.calls.started",
        calls_pb2.CallStarted(call=started.call, started_at=started.started_at),
        call_id,
    )
    await stack.wait_call(call_id, status="completed")

    async def all_acknowledged() -> bool:
        messages = await stream_messages(stack.nats_url, "SAUTIKIT_CALLS")
        return len(messages) == 6

    await eventually(all_acknowledged)
    await asyncio.sleep(0)  # let the consumer finish any batch in flight
    await eventually(lambda: _no_pending(stack, "wallet-calls-completed"))
    assert len(await stack.usage_entries(call_id)) == 1
    assert (await stack.wallet_row(number.workspace_id))["balance_minor"] == 1_000 - 300


async def _no_pending(stack: UsageStack, durable: str) -> bool:
    import nats

    client = await nats.connect(stack.nats_url)
    try:
        info = await client.jetstream().consumer_info("SAUTIKIT_CALLS", durable)
        return not info.num_pending and not info.num_ack_pending
    finally:
        await client.close()


async def test_failed_call_releases_everything_and_charges_nothing(stack: UsageStack) -> None:
    number = await stack.claim(call_money=1_000)
    call_id = (await stack.authorize(number)).call.call_id
    assert (await stack.wallet_row(number.workspace_id))["reserved_minor"] == 600
    await stack.publish_call_event("sautikit.calls.failed", stack.failed(number, call_id), call_id)
    record = await stack.wait_call(call_id, status="failed")
    assert record["failure_reason"] == "no_answer" and record["ledger_entry_id"] is None
    assert await stack.wallet_row(number.workspace_id) == {
        "balance_minor": 1_000,
        "reserved_minor": 0,
    }
    # A completed event after the failure changes nothing.
    await stack.publish_call_event(
        "sautikit.calls.completed", stack.completed(number, call_id, 30), call_id
    )
    await eventually(lambda: _no_pending(stack, "wallet-calls-completed"))
    assert await stack.usage_entries(call_id) == []


async def test_a_reservation_that_never_hears_back_expires_and_frees_its_money(
    stack: UsageStack,
) -> None:
    number = await stack.claim(call_money=1_000)
    answer = await stack.authorize(number)
    call_id = answer.call.call_id
    assert answer.max_duration_seconds == 180
    # Not yet: the maximum plus the grace has not passed.
    stack.clock.advance(timedelta(seconds=180 + 299))
    assert await stack.expiry.run_once() == 0
    assert (await stack.wallet_row(number.workspace_id))["reserved_minor"] == 600
    stack.clock.advance(timedelta(seconds=2))
    assert await stack.expiry.run_once() == 1
    assert (await stack.call_row(call_id))["status"] == "expired"
    assert await stack.wallet_row(number.workspace_id) == {
        "balance_minor": 1_000,
        "reserved_minor": 0,
    }
    # The call did happen after all: a late completed still charges it, from available money.
    await stack.publish_call_event(
        "sautikit.calls.completed", stack.completed(number, call_id, 61), call_id
    )
    record = await stack.wait_call(call_id, status="completed")
    assert record["charged_minor"] == 204


async def test_extend_call_reserves_another_slice_until_the_money_runs_out(
    stack: UsageStack,
) -> None:
    number = await stack.claim(call_money=TEN_MINUTES)
    call_id = (await stack.authorize(number)).call.call_id
    extended = await stack.usage.ExtendCall(usage_pb2.ExtendCallRequest(call_id=call_id))
    assert extended.allowed and extended.max_duration_seconds == 360
    assert extended.reserved_minor == 1_200
    await stack.usage.ExtendCall(usage_pb2.ExtendCallRequest(call_id=call_id))
    last = await stack.usage.ExtendCall(usage_pb2.ExtendCallRequest(call_id=call_id))
    assert last.allowed and last.max_duration_seconds == 600 and last.reserved_minor == TEN_MINUTES
    refused = await stack.usage.ExtendCall(usage_pb2.ExtendCallRequest(call_id=call_id))
    assert not refused.allowed
    assert refused.refusal_reason == usage_pb2.CALL_REFUSAL_REASON_INSUFFICIENT_FUNDS
    assert refused.max_duration_seconds == 600
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stack.usage.ExtendCall(usage_pb2.ExtendCallRequest(call_id="never-authorized"))
    assert RemoteError.from_rpc_error(caught.value).reason == "call_not_found"


async def test_authorize_call_refuses_with_the_right_reason(stack: UsageStack) -> None:
    broke = await stack.claim()  # rent paid, nothing left for calls
    answer = await stack.authorize(broke)
    assert not answer.allowed
    assert answer.refusal_reason == usage_pb2.CALL_REFUSAL_REASON_INSUFFICIENT_FUNDS
    # A number whose wallet cannot pay for a minute is still the workspace's.
    held = await stack.inventory.GetTenantNumber(
        inventory_pb2.GetTenantNumberRequest(
            workspace_id=broke.workspace_id, tenant_number_id=broke.id
        )
    )
    assert held.tenant_number.status == inventory_pb2.TENANT_NUMBER_STATUS_ACTIVE

    one_way = await stack.claim(call_money=1_000)
    await stack.inventory.UpdateTenantNumber(
        inventory_pb2.UpdateTenantNumberRequest(
            workspace_id=one_way.workspace_id, tenant_number_id=one_way.id, allow_inbound=False
        )
    )
    await stack.wait_view(one_way.id, allow_inbound=False)
    answer = await stack.authorize(one_way, direction=INBOUND)
    assert answer.refusal_reason == usage_pb2.CALL_REFUSAL_REASON_DIRECTION_NOT_ALLOWED
    assert (await stack.authorize(one_way, direction=OUTBOUND)).allowed

    suspended = await stack.claim(call_money=1_000)
    await stack.inventory.SuspendNumber(
        inventory_pb2.SuspendNumberRequest(tenant_number_id=suspended.id, reason="unpaid")
    )
    await stack.wait_view(suspended.id, status="suspended")
    answer = await stack.authorize(suspended)
    assert answer.refusal_reason == usage_pb2.CALL_REFUSAL_REASON_NUMBER_SUSPENDED

    released = await stack.claim(call_money=1_000)
    await stack.inventory.ReleaseNumber(
        inventory_pb2.ReleaseNumberRequest(
            workspace_id=released.workspace_id, tenant_number_id=released.id
        )
    )
    await stack.wait_view(released.id, status="released")
    answer = await stack.authorize(released)
    assert answer.refusal_reason == usage_pb2.CALL_REFUSAL_REASON_NUMBER_DISABLED

    nobody = inventory_pb2.TenantNumber(e164="+254799999999")
    answer = await stack.authorize(nobody)
    assert answer.refusal_reason == usage_pb2.CALL_REFUSAL_REASON_NUMBER_DISABLED
    # Refusals reserve nothing and are recorded (except for a number nobody holds).
    wallet = await stack.wallet_row(suspended.workspace_id)
    assert wallet["reserved_minor"] == 0
    refused = await stack.rows("SELECT refusal_reason FROM wallet.calls WHERE status = 'refused'")
    assert sorted(r["refusal_reason"] for r in refused) == sorted(
        ["insufficient_funds", "direction_not_allowed", "number_suspended", "number_disabled"]
    )


async def test_a_repeated_authorize_call_answers_the_first_and_reserves_once(
    stack: UsageStack,
) -> None:
    number = await stack.claim(call_money=1_000)
    first = await stack.authorize(number, call_id="same-call")
    again = await asyncio.gather(*(stack.authorize(number, call_id="same-call") for _ in range(5)))
    assert all(a.replayed and a.call.id == first.call.id for a in again)
    assert (await stack.wallet_row(number.workspace_id))["reserved_minor"] == first.reserved_minor


async def test_rates_are_fixed_when_the_number_is_claimed(stack: UsageStack) -> None:
    number = await stack.claim(call_money=1_000)
    await stack.rows(
        "UPDATE inventory.numbers SET outbound_per_min_minor = 999 WHERE id = %s", number.number_id
    )
    held = await stack.inventory.GetTenantNumber(
        inventory_pb2.GetTenantNumberRequest(
            workspace_id=number.workspace_id, tenant_number_id=number.id
        )
    )
    assert held.tenant_number.outbound_per_min_minor == RATE
    assert (await stack.authorize(number)).rate_per_min_minor == RATE


async def test_low_balance_is_published_once_per_crossing(stack: UsageStack) -> None:
    # Threshold 1,000; 2,000 available; each call reserves 600 (3 minutes).
    number = await stack.claim(call_money=TEN_MINUTES)

    async def low_balance_events() -> int:
        messages = await stream_messages(stack.nats_url, "SAUTIKIT_WALLET")
        return sum(1 for m in messages if m.subject == "sautikit.wallet.low_balance")

    calls = [await stack.authorize(number) for _ in range(3)]  # 1,400 -> 800 -> 200
    await eventually(lambda: _at_least(low_balance_events, 1))
    for answer in calls:
        await stack.publish_call_event(
            "sautikit.calls.failed", stack.failed(number, answer.call.call_id), answer.call.call_id
        )
    for answer in calls:
        await stack.wait_call(answer.call.call_id, status="failed")
    # Back over the threshold, then under it again: a second crossing, a second event.
    await stack.authorize(number)
    await stack.authorize(number)
    await eventually(lambda: _at_least(low_balance_events, 2))
    await asyncio.sleep(0.5)  # the relay has had every chance to publish a third
    assert await low_balance_events() == 2


async def _at_least(count_events, expected: int) -> bool:  # type: ignore[no-untyped-def]
    return bool(await count_events() >= expected)


async def test_call_records_of_another_workspace_are_not_found(stack: UsageStack) -> None:
    number = await stack.claim(call_money=1_000)
    answer = await stack.authorize(number)
    other = await stack.claim(call_money=1_000)
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stack.usage.GetCall(
            usage_pb2.GetCallRequest(workspace_id=other.workspace_id, id=answer.call.id)
        )
    assert RemoteError.from_rpc_error(caught.value).reason == "call_not_found"
    listed = await stack.usage.ListCalls(
        usage_pb2.ListCallsRequest(workspace_id=other.workspace_id)
    )
    assert list(listed.calls) == []
    mine = await stack.usage.GetCall(
        usage_pb2.GetCallRequest(workspace_id=number.workspace_id, id=answer.call.id)
    )
    assert mine.call.call_id == answer.call.call_id


async def test_get_wallet_shows_the_available_balance(stack: UsageStack) -> None:
    number = await stack.claim(call_money=1_000)
    await stack.authorize(number)
    wallet = (
        await stack.wallet.GetWallet(wallet_pb2.GetWalletRequest(workspace_id=number.workspace_id))
    ).wallet
    assert (wallet.balance_minor, wallet.reserved_minor, wallet.available_minor) == (
        1_000,
        600,
        400,
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"call_id": ""}, "call_id"),
        ({"call_id": "c" * 201}, "call_id"),
        ({"e164": ""}, "e164"),
        ({"e164": "+254" + "7" * 40}, "e164"),
        ({"direction": 0}, "direction"),
        ({"direction": 9}, "direction"),
        ({"from_number": "1" * 65}, "from_number"),
        ({"to_number": "1" * 65}, "to_number"),
    ],
)
async def test_bad_authorize_call_requests_are_refused_and_record_nothing(
    stack: UsageStack, fields: dict[str, object], field: str
) -> None:
    number = await stack.claim(call_money=1_000)
    request: dict[str, object] = {
        "call_id": "bad-input",
        "e164": number.e164,
        "direction": OUTBOUND,
        "from_number": number.e164,
        "to_number": "+254700000001",
    } | fields
    with pytest.raises(grpc.aio.AioRpcError) as caught:
        await stack.usage.AuthorizeCall(usage_pb2.AuthorizeCallRequest(**request))  # type: ignore[arg-type]
    error = RemoteError.from_rpc_error(caught.value)
    assert (caught.value.code(), error.reason) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "validation_failed",
    )
    assert [v.field for v in error.violations] == [field]
    assert await stack.rows("SELECT call_id FROM wallet.calls") == []
    assert (await stack.wallet_row(number.workspace_id))["reserved_minor"] == 0
