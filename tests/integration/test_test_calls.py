"""POST /v1/test/calls through the real gateway, routing, wallet and inventory services: the
simulated call's events reach the number's events_url signed (verified with the
standardwebhooks package), the voice callback is invoked once and its reply returned, the call
is rated on the caller's wallet only, and a live key never finds the test routes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from tests.integration.test_mode_harness import ModeStack, running_mode_stack

CALLER = "+254711000001"


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[ModeStack]:
    async with running_mode_stack(database_url, nats_url) as running:
        yield running


async def _wallet(stack: ModeStack, workspace_id: str) -> dict[str, Any]:
    [row] = await stack.rows(
        "SELECT balance_minor, reserved_minor, "
        "(SELECT count(*) FROM wallet.ledger_entries e WHERE e.workspace_id = w.workspace_id) "
        "AS entries FROM wallet.wallets w WHERE workspace_id = %s",
        workspace_id,
    )
    return row


async def test_completed_call_is_delivered_signed_answered_by_the_ivr_and_rated(
    stack: ModeStack,
) -> None:
    number = await stack.claim(stack.test, call_money=2_000)
    await stack.point_at_receiver(stack.test, number)
    secret = await stack.rotate_secret(stack.test)
    live_number = await stack.claim(stack.live, call_money=5_000)
    await stack.point_at_receiver(stack.live, live_number)
    live_before = await _wallet(stack, stack.live.workspace_id)
    test_before = await _wallet(stack, stack.test.workspace_id)

    reply = await stack.http.post(
        "/v1/test/calls",
        json={
            "to": number.e164,
            "from": CALLER,
            "outcome": "completed",
            "recording": True,
            "duration_seconds": 61,
        },
        headers=stack.test.headers,
    )

    assert reply.status_code == 201, reply.text
    call = reply.json()
    assert call["authorized"] is True and call["number_id"] == number.id
    assert call["events"] == [
        "call.started",
        "call.answered",
        "call.completed",
        "call.recording.ready",
    ]
    # The voice callback: invoked once, signed, its reply parsed into actions.
    voice = stack.received("/voice")
    assert len(voice) == 1
    step = Webhook(secret).verify(voice[0].body, voice[0].headers)
    assert step["call_id"] == call["call_id"] and step["step"] == "incoming"
    assert step["from"] == CALLER and step["to"] == number.e164
    actions = call["voice_callback"]["actions"]
    assert [a["action"] for a in actions] == ["say", "get_digits"]
    assert actions[0]["text"] == "Karibu Sautikit" and actions[1]["max_digits"] == 1
    assert "error" not in call["voice_callback"]

    # Every event reaches the events_url, each signature verified.
    delivered = await stack.events_for(call["call_id"], 4)
    bodies = [Webhook(secret).verify(r.body, r.headers) for r in delivered]
    assert sorted(b["type"] for b in bodies) == sorted(call["events"])
    completed = next(b for b in bodies if b["type"] == "call.completed")
    assert completed["data"]["duration_seconds"] == 61
    assert completed["data"]["number"] == number.e164 and completed["data"]["from"] == CALLER
    recording = next(b for b in bodies if b["type"] == "call.recording.ready")
    assert recording["data"]["recording_url"].startswith("https://recordings.sautikit.invalid/")
    deliveries = await stack.http.get(
        f"/v1/numbers/{number.id}/deliveries", headers=stack.test.headers
    )
    assert deliveries.status_code == 200
    assert len(deliveries.json()["data"]) == 4

    # Rated like a real call: 61 s at KES 2/min, 60/1 increments = 204 minor units.
    record = await stack.wait_call(call["call_id"], "completed")
    assert (record["billable_seconds"], record["cost_minor"]) == (61, 204)
    usage = await stack.rows(
        "SELECT workspace_id, amount_minor FROM wallet.ledger_entries "
        "WHERE entry_type = 'call_usage' AND idempotency_key = %s",
        f"call:{call['call_id']}",
    )
    assert [(str(u["workspace_id"]), u["amount_minor"]) for u in usage] == [
        (stack.test.workspace_id, -204)
    ]
    test_after = await _wallet(stack, stack.test.workspace_id)
    assert test_after["balance_minor"] == test_before["balance_minor"] - 204
    assert test_after["reserved_minor"] == 0
    ledger = (await stack.http.get("/v1/wallet/ledger", headers=stack.test.headers)).json()
    assert (ledger["data"][0]["entry_type"], ledger["data"][0]["amount_minor"]) == (
        "call_usage",
        -204,
    )
    listed = (await stack.http.get("/v1/calls", headers=stack.test.headers)).json()["data"]
    assert [(c["call_id"], c["status"], c["cost_minor"]) for c in listed] == [
        (call["call_id"], "completed", 204)
    ]

    # The other side saw nothing: its wallet, ledger, calls and receiver paths are untouched.
    assert await _wallet(stack, stack.live.workspace_id) == live_before
    assert (await stack.http.get("/v1/calls", headers=stack.live.headers)).json()["data"] == []
    assert not any(
        json.loads(r.body)["data"].get("number") == live_number.e164
        for r in stack.received("/events")
    )


@pytest.mark.parametrize(
    ("outcome", "failure_reason"), [("failed", "unreachable"), ("no-answer", "no_answer")]
)
async def test_unanswered_calls_publish_started_and_failed_and_charge_nothing(
    stack: ModeStack, outcome: str, failure_reason: str
) -> None:
    number = await stack.claim(stack.test, call_money=2_000)
    await stack.point_at_receiver(stack.test, number)
    secret = await stack.rotate_secret(stack.test)
    before = await _wallet(stack, stack.test.workspace_id)

    reply = await stack.http.post(
        "/v1/test/calls",
        json={"to": number.e164, "from": CALLER, "outcome": outcome, "recording": True},
        headers=stack.test.headers,
    )

    assert reply.status_code == 201, reply.text
    call = reply.json()
    assert call["events"] == ["call.started", "call.failed"]
    delivered = await stack.events_for(call["call_id"], 2)
    bodies = {b["type"]: b for b in (Webhook(secret).verify(r.body, r.headers) for r in delivered)}
    assert set(bodies) == {"call.started", "call.failed"}
    assert bodies["call.failed"]["data"]["failure_reason"] == failure_reason
    record = await stack.wait_call(call["call_id"], "failed")
    assert (record["cost_minor"], record["charged_minor"]) == (0, 0)
    after = await _wallet(stack, stack.test.workspace_id)
    assert (after["balance_minor"], after["reserved_minor"]) == (before["balance_minor"], 0)


async def test_default_duration_and_a_number_without_urls(stack: ModeStack) -> None:
    number = await stack.claim(stack.test, call_money=2_000)

    reply = await stack.http.post(
        "/v1/test/calls", json={"to": number.e164, "from": CALLER}, headers=stack.test.headers
    )

    assert reply.status_code == 201, reply.text
    call = reply.json()
    assert call["outcome"] == "completed" and "voice_callback" not in call
    record = await stack.wait_call(call["call_id"], "completed")
    # 65 s at KES 2/min, 60/1: 200 + ceil(5 * 200 / 60) = 217.
    assert (record["billable_seconds"], record["cost_minor"]) == (65, 217)
    assert stack.received("/voice") == []


async def test_a_number_routing_has_not_heard_of_yet_is_found_through_inventory(
    stack: ModeStack,
) -> None:
    number = await stack.claim(stack.test, call_money=2_000)
    # Routing's view as it is for a moment after a claim: its numbers.claimed not applied yet.
    await stack.rows("DELETE FROM routing.routings WHERE tenant_number_id = %s", number.id)

    reply = await stack.http.post(
        "/v1/test/calls", json={"to": number.e164, "from": CALLER}, headers=stack.test.headers
    )

    assert reply.status_code == 201, reply.text
    call = reply.json()
    assert call["authorized"] is True and call["number_id"] == number.id
    [routing] = await stack.rows(
        "SELECT status, livemode FROM routing.routings WHERE tenant_number_id = %s", number.id
    )
    assert routing == {"status": "active", "livemode": False}
    await stack.wait_call(call["call_id"], "completed")


async def test_a_refused_call_fails_with_the_reason_and_skips_the_voice_callback(
    stack: ModeStack,
) -> None:
    number = await stack.claim(stack.test, call_money=0)
    await stack.drain(stack.test)  # the starting test balance spent: nothing pays the call
    await stack.point_at_receiver(stack.test, number)

    reply = await stack.http.post(
        "/v1/test/calls", json={"to": number.e164, "from": CALLER}, headers=stack.test.headers
    )

    assert reply.status_code == 201, reply.text
    call = reply.json()
    assert call["authorized"] is False and call["refusal_reason"] == "insufficient_funds"
    assert call["events"] == ["call.started", "call.failed"]
    failed = await stack.events_for(call["call_id"], 2)
    reasons = {json.loads(r.body)["data"].get("failure_reason") for r in failed}
    assert "insufficient_funds" in reasons
    assert stack.received("/voice") == []


async def test_another_workspaces_number_is_not_found_and_nothing_is_published(
    stack: ModeStack,
) -> None:
    theirs = await stack.claim(stack.live, call_money=2_000)
    await stack.point_at_receiver(stack.live, theirs)

    for to in (theirs.e164, "+254799999999"):
        reply = await stack.http.post(
            "/v1/test/calls", json={"to": to, "from": CALLER}, headers=stack.test.headers
        )
        assert reply.status_code == 404, reply.text
        assert reply.json()["code"] == "number_not_found"
    assert (
        await stack.rows("SELECT 1 FROM routing.outbox WHERE nats_subject LIKE 'sautikit.calls.%%'")
        == []
    )
    assert await stack.rows("SELECT 1 FROM wallet.calls") == []
    assert stack.receiver.received == []


async def test_a_live_number_is_never_called_even_in_the_callers_workspace(
    stack: ModeStack,
) -> None:
    live = await stack.claim(stack.test, call_money=2_000, livemode=True)
    await stack.point_at_receiver(stack.test, live)
    before = await _wallet(stack, stack.test.workspace_id)

    reply = await stack.http.post(
        "/v1/test/calls", json={"to": live.e164, "from": CALLER}, headers=stack.test.headers
    )

    assert reply.status_code == 404, reply.text
    assert reply.json()["code"] == "number_not_found"
    assert await stack.rows("SELECT 1 FROM wallet.calls") == []
    assert await _wallet(stack, stack.test.workspace_id) == before
    assert stack.receiver.received == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"from": CALLER}, "to"),
        ({"to": "0712345678", "from": CALLER}, "to"),
        ({"to": "+254712345678"}, "from"),
        ({"to": "+254712345678", "from": 254711000001}, "from"),
        ({"to": "+254712345678", "from": CALLER, "outcome": "busy"}, "outcome"),
        ({"to": "+254712345678", "from": CALLER, "duration_seconds": -1}, "duration_seconds"),
        ({"to": "+254712345678", "from": CALLER, "duration_seconds": 86_401}, "duration_seconds"),
        ({"to": "+254712345678", "from": CALLER, "duration_seconds": "65"}, "duration_seconds"),
        ({"to": "+254712345678", "from": CALLER, "recording": "yes"}, "recording"),
    ],
)
async def test_bad_input_is_a_400_naming_the_field(
    stack: ModeStack, body: dict[str, Any], field: str
) -> None:
    reply = await stack.http.post("/v1/test/calls", json=body, headers=stack.test.headers)

    assert reply.status_code == 400, reply.text
    problem = reply.json()
    assert reply.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "validation_failed"
    assert [e["field"] for e in problem["errors"]] == [field]


TEST_ROUTES = [
    ("POST", "/v1/test/calls", {"to": "+254712345678", "from": CALLER}),
    ("POST", "/v1/test/renewals", None),
    ("POST", "/v1/test/numbers/01900000-0000-7000-8000-000000000001/expire-trial", None),
    ("DELETE", "/v1/test/data", None),
]


@pytest.mark.parametrize(("method", "path", "body"), TEST_ROUTES)
async def test_a_live_key_finds_no_test_route(
    stack: ModeStack, method: str, path: str, body: dict[str, Any] | None
) -> None:
    number = await stack.claim(stack.live, call_money=2_000)
    if body is not None:
        body = {**body, "to": number.e164}
    unknown = await stack.http.request(method, "/v1/test/unknown", headers=stack.live.headers)

    reply = await stack.http.request(
        method, path, json=body, headers={**stack.live.headers, "Idempotency-Key": "k-1"}
    )

    assert reply.status_code == 404 == unknown.status_code
    assert reply.json()["code"] == unknown.json()["code"] == "not_found"
    assert reply.json()["title"] == unknown.json()["title"]
    assert await stack.rows("SELECT 1 FROM wallet.calls") == []
    assert await stack.rows("SELECT 1 FROM inventory.renewal_charges") == []
    assert await stack.rows("SELECT 1 FROM gateway.idempotency_records") == []
    [held] = await stack.rows(
        "SELECT status FROM inventory.tenant_numbers WHERE id = %s", number.id
    )
    assert held["status"] == "active"
