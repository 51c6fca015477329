"""POST /v1/test/renewals and POST /v1/test/numbers/{id}/expire-trial through the real gateway,
inventory, wallet and routing services: the caller's renewal runs now (charged, suspended,
never twice) and leaves other workspaces' numbers and wallets alone; a trial ends now and the
number is released with reason trial_expired."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import pytest

from platform_common.timestamps import to_timestamp
from sautikit.events.v1 import events_pb2
from sautikit.inventory.v1 import inventory_pb2
from services.inventory.renewals.domain import Period
from tests.conftest import eventually
from tests.integration.test_mode_harness import ModeStack, running_mode_stack


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[ModeStack]:
    async with running_mode_stack(database_url, nats_url) as running:
        yield running


async def _holding(stack: ModeStack, tenant_number_id: str) -> dict[str, Any]:
    [row] = await stack.rows(
        "SELECT status, next_renewal_at, released_at FROM inventory.tenant_numbers WHERE id = %s",
        tenant_number_id,
    )
    return row


async def _wallet(stack: ModeStack, workspace_id: str) -> tuple[int, int]:
    [row] = await stack.rows(
        "SELECT balance_minor, (SELECT count(*) FROM wallet.ledger_entries e "
        "WHERE e.workspace_id = w.workspace_id) AS entries "
        "FROM wallet.wallets w WHERE workspace_id = %s",
        workspace_id,
    )
    return row["balance_minor"], row["entries"]


async def test_renewal_now_charges_what_the_wallet_pays_suspends_the_rest_once(
    stack: ModeStack,
) -> None:
    live_number = await stack.claim(stack.live, call_money=10_000_000)
    live_before = (
        await _holding(stack, live_number.id),
        await _wallet(stack, stack.live.workspace_id),
    )
    paid = await stack.claim(stack.test)
    unpaid = await stack.claim(stack.test)
    # Exactly one more month of the first number's rent in the test wallet (the starting test
    # balance spent first).
    await stack.drain(stack.test)
    await stack.fund(stack.test, paid.monthly_price_minor)
    balance_before, _ = await _wallet(stack, stack.test.workspace_id)

    reply = await stack.http.post("/v1/test/renewals", headers=stack.test.headers)

    assert reply.status_code == 200, reply.text
    run = reply.json()
    assert run["period"] == str(Period.containing(datetime.now(UTC)).next())
    outcomes = {item["number_id"]: item for item in run["data"]}
    assert set(outcomes) == {paid.id, unpaid.id}
    assert outcomes[paid.id]["outcome"] == "charged"
    assert outcomes[paid.id]["amount_minor"] == paid.monthly_price_minor
    assert outcomes[unpaid.id]["outcome"] == "suspended"
    assert outcomes[unpaid.id]["reason"] == "wallet_insufficient_funds"
    assert (await _holding(stack, unpaid.id))["status"] == "suspended"
    balance_after, _ = await _wallet(stack, stack.test.workspace_id)
    assert balance_after == balance_before - paid.monthly_price_minor == 0

    again = await stack.http.post("/v1/test/renewals", headers=stack.test.headers)
    assert again.status_code == 200 and again.json()["data"] == []
    assert (await _wallet(stack, stack.test.workspace_id))[0] == 0

    # Another workspace's number was due too (the same month): not renewed, nothing charged.
    live_after = (
        await _holding(stack, live_number.id),
        await _wallet(stack, stack.live.workspace_id),
    )
    assert live_after == live_before


IMPOSSIBLE_PERIODS = [
    "2026-13",
    "2026-00",
    "2026-1",
    "26-12",
    "2026/12",
    "2026-12-01",
    "2026-12\n",
    " 2026-12",
    "\uff12\uff10\uff12\uff16-12",  # fullwidth digits: int() would read them as 2026
    "1999-12",
    "0000-01",
    "9999-12",  # well formed, but months nobody has reached
    "",
    "x" * 5000,
]


async def test_an_impossible_period_is_400_naming_period_and_charges_nothing(
    stack: ModeStack,
) -> None:
    number = await stack.claim(stack.test)
    before = (await _holding(stack, number.id), await _wallet(stack, stack.test.workspace_id))
    wrong = []
    for period in IMPOSSIBLE_PERIODS:
        reply = await stack.http.post(
            "/v1/test/renewals", json={"period": period}, headers=stack.test.headers
        )
        body = reply.json()
        fields = [e["field"] for e in body.get("errors") or []]
        if (reply.status_code, body.get("code"), fields) != (400, "validation_failed", ["period"]):
            wrong.append(f"{period!r} -> {reply.status_code} {body}")
    assert not wrong, "\n".join(wrong)
    after = (await _holding(stack, number.id), await _wallet(stack, stack.test.workspace_id))
    assert after == before, "a refused run charged or moved nothing"

    # The next month, named, runs as the default does; then the body may be left out.
    following = str(Period.containing(datetime.now(UTC)).next())
    named = await stack.http.post(
        "/v1/test/renewals", json={"period": following}, headers=stack.test.headers
    )
    assert named.status_code == 200, named.text
    assert named.json()["period"] == following
    assert [item["outcome"] for item in named.json()["data"]] == ["charged"]
    omitted = await stack.http.post("/v1/test/renewals", headers=stack.test.headers)
    assert omitted.status_code == 200 and omitted.json()["data"] == []


async def test_expire_trial_releases_the_trial_now_with_reason_trial_expired(
    stack: ModeStack,
) -> None:
    # A test trial: a test-pool number (the last of the harness's list: its claims take
    # numbers from the front) for the sandbox, as the operator CLI provisions it.
    [last] = [
        n
        for n in (
            await stack.inventory.SearchAvailableNumbers(
                inventory_pb2.SearchAvailableNumbersRequest(
                    number_type=inventory_pb2.NUMBER_TYPE_MOBILE, limit=100, livemode=False
                )
            )
        ).numbers
        if n.id == stack.test_numbers[-1]
    ]
    e164 = last.e164
    trial = (
        await stack.inventory.ProvisionTrial(
            inventory_pb2.ProvisionTrialRequest(
                workspace_id=stack.test.workspace_id,
                e164=e164,
                trial_until=to_timestamp(datetime.now(UTC) + timedelta(days=7)),
                livemode=False,
            )
        )
    ).tenant_number
    assert trial.livemode is False
    # Neither side gets a trial of the other's number: it does not exist for it.
    for workspace_id, number_id, livemode in (
        (stack.test.workspace_id, stack.numbers[-1], False),
        (stack.live.workspace_id, stack.test_numbers[-2], True),
    ):
        [other] = await stack.rows("SELECT e164 FROM inventory.numbers WHERE id = %s", number_id)
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stack.inventory.ProvisionTrial(
                inventory_pb2.ProvisionTrialRequest(
                    workspace_id=workspace_id,
                    e164=other["e164"],
                    trial_until=to_timestamp(datetime.now(UTC) + timedelta(days=7)),
                    livemode=livemode,
                )
            )
        assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    paid = await stack.claim(stack.test)

    reply = await stack.http.post(
        f"/v1/test/numbers/{trial.number_id}/expire-trial", headers=stack.test.headers
    )

    assert reply.status_code == 200, reply.text
    assert reply.json()["id"] == trial.id and reply.json()["status"] == "released"
    assert (await _holding(stack, trial.id))["status"] == "released"
    [pool] = await stack.rows("SELECT state FROM inventory.numbers WHERE e164 = %s", e164)
    assert pool["state"] == "available"
    [event] = await stack.rows(
        "SELECT payload FROM inventory.outbox WHERE nats_subject = 'sautikit.numbers.released'"
    )
    released = events_pb2.NumberReleased.FromString(event["payload"])
    assert (released.tenant_number_id, released.reason) == (trial.id, "trial_expired")
    assert released.HasField("livemode") and released.livemode is False

    async def routing_released() -> bool:
        rows = await stack.rows(
            "SELECT status FROM routing.routings WHERE tenant_number_id = %s", trial.id
        )
        return bool(rows) and rows[0]["status"] == "released"

    await eventually(routing_released, timeout=15)

    again = await stack.http.post(
        f"/v1/test/numbers/{trial.id}/expire-trial", headers=stack.test.headers
    )
    assert again.status_code == 409 and again.json()["code"] == "not_a_trial"
    not_trial = await stack.http.post(
        f"/v1/test/numbers/{paid.id}/expire-trial", headers=stack.test.headers
    )
    assert not_trial.status_code == 409 and not_trial.json()["code"] == "not_a_trial"
    assert (await _holding(stack, paid.id))["status"] == "active"


async def test_expire_trial_of_a_number_not_held_is_not_found(stack: ModeStack) -> None:
    theirs = await stack.claim(stack.live)
    for ref in (theirs.id, theirs.number_id, "01900000-0000-7000-8000-0000000000ff", "nope"):
        reply = await stack.http.post(
            f"/v1/test/numbers/{ref}/expire-trial", headers=stack.test.headers
        )
        assert reply.status_code == 404, reply.text
        assert reply.json()["code"] == "number_not_found"
    assert (await _holding(stack, theirs.id))["status"] == "active"
