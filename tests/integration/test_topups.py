"""M-Pesa top-ups end to end on loopback: gateway -> wallet -> Daraja simulator -> callback
through the gateway -> STK query -> one credit. Every outcome the simulator can produce, the
races that must credit once, callbacks that must credit nothing, and the reconciler."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from devstack.daraja_simulator import MAGIC_PHONES, REFUSED_PHONE, Outcome
from tests.conftest import eventually
from tests.integration.topups_harness import TopupHarness, topup_platform
from tests.ledger_integrity import ledger_checked_after_each_test

pytestmark = pytest.mark.usefixtures(ledger_checked_after_each_test.__name__)

SANDBOX_PHONE = "254708374149"
NEVER_CALLS_BACK = "254700000404"
SLOW = "254700000003"


@pytest.fixture
async def topups(database_url: str, nats_url: str) -> AsyncIterator[TopupHarness]:
    async with topup_platform(database_url, nats_url) as harness:
        yield harness


async def started(harness: TopupHarness, amount_minor: int, phone: str) -> dict[str, object]:
    response = await harness.start(amount_minor, phone)
    assert response.status_code == 202, response.text
    body: dict[str, object] = response.json()
    assert body["status"] == "pending"
    return body


async def settle_by_query(harness: TopupHarness) -> int:
    harness.clock.advance(harness.settings.query_after)
    return await harness.reconciler.run_once()


@pytest.mark.parametrize(
    ("phone", "status", "result_code"),
    [
        (SANDBOX_PHONE, "succeeded", 0),
        ("0712345678", "succeeded", 0),  # any other valid phone succeeds
        ("254700000001", "failed", 1),
        ("254700001032", "failed", 1032),
        ("254700001037", "failed", 1037),
        ("254700002001", "failed", 2001),
        ("254700000002", "succeeded", 0),  # calls back twice
        ("254700000666", "failed", 1032),  # callback says success, the query says cancelled
        (NEVER_CALLS_BACK, "succeeded", 0),  # settled by the reconciler's query
    ],
    ids=[
        "sandbox-success",
        "other-phone-success",
        "insufficient-funds",
        "cancelled",
        "unreachable",
        "wrong-pin",
        "calls-back-twice",
        "callback-lies",
        "never-calls-back",
    ],
)
async def test_each_simulator_outcome_ends_in_its_state_and_code_and_only_success_credits_once(
    topups: TopupHarness, phone: str, status: str, result_code: int
) -> None:
    body = await started(topups, 50_000, phone)
    assert body["amount_minor"] == 50_000 and body["currency"] == "KES"
    assert str(body["checkout_request_id"]).startswith("ws_CO_")
    settled = await topups.settled(str(body["id"]))
    if settled["status"] == "pending":
        assert phone == NEVER_CALLS_BACK
        assert await settle_by_query(topups) == 1
        settled = await topups.topup(str(body["id"]))
    assert settled["status"] == status
    assert settled["result_code"] == result_code
    assert settled["result_description"]
    assert "completed_at" in settled
    credited = status == "succeeded"
    assert await topups.balance() == (50_000 if credited else 0)
    assert await topups.topup_entries() == (1 if credited else 0)
    assert await topups.credited_events() == (1 if credited else 0)
    if credited and phone != NEVER_CALLS_BACK:
        assert str(settled["mpesa_receipt_number"]).startswith("SIM")
    if not credited:
        assert "mpesa_receipt_number" not in settled
    # Settled for good: more queries change nothing.
    topups.clock.advance(timedelta(hours=2))
    assert await topups.reconciler.run_once() == 0
    assert await topups.topup(str(body["id"])) == settled


async def test_ten_success_callbacks_some_concurrent_and_a_racing_reconciler_credit_once(
    topups: TopupHarness,
) -> None:
    body = await started(topups, 120_000, NEVER_CALLS_BACK)
    checkout = str(body["checkout_request_id"])
    payment = topups.simulator.payments[checkout]
    genuine = json.dumps(
        topups.simulator.callback_body(
            payment.__class__(**{**payment.__dict__, "outcome": MAGIC_PHONES[SANDBOX_PHONE]})
        )
    )
    url = topups.callback_url(checkout)

    async def deliver() -> int:
        response = await topups.http.post(url, content=genuine)
        assert response.json() == {"ResultCode": 0, "ResultDesc": "Accepted"}
        return response.status_code

    # Hold M-Pesa's query answers so that every confirmation has read the top-up as pending
    # and is waiting on Daraja when they are released together.
    topups.simulator.queries_open.clear()
    for _ in range(4):
        assert await deliver() == 200
    topups.clock.advance(topups.settings.query_after)
    reconciling = asyncio.create_task(topups.reconciler.run_once())
    assert await asyncio.gather(*(deliver() for _ in range(6))) == [200] * 6
    await eventually(lambda: payment_waiting(topups, checkout, 11))
    topups.simulator.queries_open.set()
    assert await reconciling == 1
    await topups.reconciler.drain()
    assert (await topups.topup(str(body["id"])))["status"] == "succeeded"
    assert await topups.topup_entries() == 1
    assert await topups.balance() == 120_000
    assert await topups.credited_events() == 1
    assert await topups.callbacks_recorded() == 10
    assert payment.queries == 11  # ten confirmations and the reconciler all asked


def payment_waiting(topups: TopupHarness, checkout: str, count: int) -> bool:
    """True once `count` STK queries for the payment are waiting on the simulator."""
    return topups.simulator.waiting_queries.get(checkout, 0) >= count


@pytest.mark.parametrize(
    "path",
    [
        "/v1/mpesa/callbacks/not-the-token",
        "/v1/mpesa/callbacks/",
        "/v1/mpesa/callbacks",
    ],
    ids=["wrong-token", "empty-token", "no-token"],
)
async def test_a_callback_without_the_right_token_is_404_and_credits_nothing(
    topups: TopupHarness, path: str
) -> None:
    body = await started(topups, 10_000, NEVER_CALLS_BACK)
    checkout = str(body["checkout_request_id"])
    genuine_url = topups.callback_url(checkout)
    forged = topups.simulator.callback_body(
        topups.simulator.payments[checkout].__class__(
            **{
                **topups.simulator.payments[checkout].__dict__,
                "outcome": MAGIC_PHONES[SANDBOX_PHONE],
            }
        )
    )
    # A token of the right shape that belongs to nothing is refused like a wrong one.
    near_miss = genuine_url[:-1] + ("A" if genuine_url[-1] != "A" else "B")
    for url in (f"{topups.gateway_url}{path}", near_miss):
        response = await topups.http.post(url, json=forged)
        assert response.status_code == 404, url
    await topups.reconciler.drain()
    assert await topups.callbacks_recorded() == 0
    assert await topups.balance() == 0
    assert (await topups.topup(str(body["id"])))["status"] == "pending"


async def test_a_forged_success_callback_with_another_amount_credits_nothing(
    topups: TopupHarness,
) -> None:
    body = await started(topups, 10_000, NEVER_CALLS_BACK)
    checkout = str(body["checkout_request_id"])
    payment = topups.simulator.payments[checkout]
    forged = topups.simulator.callback_body(
        payment.__class__(**{**payment.__dict__, "outcome": MAGIC_PHONES[SANDBOX_PHONE]})
    )
    items = forged["Body"]["stkCallback"]["CallbackMetadata"]["Item"]
    for item in items:
        if item["Name"] == "Amount":
            item["Value"] = 1_000_000.0
    items.reverse()  # items are found by Name, whatever their order
    response = await topups.http.post(topups.callback_url(checkout), json=forged)
    assert response.status_code == 200
    await topups.reconciler.drain()
    assert await topups.balance() == 0
    assert await topups.topup_entries() == 0
    assert (await topups.topup(str(body["id"])))["status"] == "pending"
    assert await topups.callbacks_recorded() == 1
    # The payment itself is genuine (the query says so): it is credited with what was asked.
    assert await settle_by_query(topups) == 1
    assert await topups.balance() == 10_000


async def test_a_callback_with_a_body_that_is_not_a_callback_is_accepted_and_credits_nothing(
    topups: TopupHarness,
) -> None:
    body = await started(topups, 10_000, NEVER_CALLS_BACK)
    url = topups.callback_url(str(body["checkout_request_id"]))
    for junk in (b"", b"not json", b"[]", b'{"Body": {}}'):
        response = await topups.http.post(url, content=junk)
        assert response.status_code == 200
    await topups.reconciler.drain()
    assert await topups.balance() == 0
    assert (await topups.topup(str(body["id"])))["status"] == "pending"


async def test_still_processing_answers_back_off_then_settle(topups: TopupHarness) -> None:
    body = await started(topups, 30_000, SLOW)
    initial = topups.settings.backoff_initial
    assert await settle_by_query(topups) == 1  # "still processing"
    assert await topups.reconciler.run_once() == 0  # not due again before its back-off
    topups.clock.advance(initial - timedelta(seconds=1))
    assert await topups.reconciler.run_once() == 0
    topups.clock.advance(timedelta(seconds=1))
    assert await topups.reconciler.run_once() == 1  # "still processing" again: back-off doubles
    topups.clock.advance(initial)
    assert await topups.reconciler.run_once() == 0
    topups.clock.advance(initial)
    assert await topups.reconciler.run_once() == 1
    settled = await topups.topup(str(body["id"]))
    assert settled["status"] == "succeeded"
    assert await topups.balance() == 30_000


async def test_a_top_up_never_confirmed_ends_failed_after_the_limit(topups: TopupHarness) -> None:
    body = await started(topups, 30_000, NEVER_CALLS_BACK)
    payment = topups.simulator.payments[str(body["checkout_request_id"])]
    payment.outcome = Outcome("stuck", 0, "", callbacks=0, processing_queries=10**6)
    assert await settle_by_query(topups) == 1
    assert (await topups.topup(str(body["id"])))["status"] == "pending"
    topups.clock.advance(topups.settings.give_up_after)
    assert await topups.reconciler.run_once() == 1
    settled = await topups.topup(str(body["id"]))
    assert settled["status"] == "failed"
    assert "result_code" not in settled
    assert "not confirmed" in settled["result_description"]
    assert await topups.balance() == 0


@pytest.mark.parametrize(
    ("amount_minor", "phone", "fields"),
    [
        (150, SANDBOX_PHONE, ["amount_minor"]),  # not whole shillings
        (0, SANDBOX_PHONE, ["amount_minor"]),
        (250_000 * 100 + 100, SANDBOX_PHONE, ["amount_minor"]),
        (10_000, "12345", ["phone"]),
        (10_000, "+255712345678", ["phone"]),  # not Kenyan
        (150, "x", ["amount_minor", "phone"]),
    ],
)
async def test_bad_input_with_m_pesa_configured_is_400_naming_the_field_and_sends_nothing(
    topups: TopupHarness, amount_minor: int, phone: str, fields: list[str]
) -> None:
    response = await topups.start(amount_minor, phone)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["code"] == "validation_failed"
    assert [e["field"] for e in body["errors"]] == fields
    assert topups.simulator.payments == {}, "no payment prompt was sent"
    listed = await topups.http.get("/v1/wallet/topups", headers=topups.headers)
    assert listed.json()["data"] == []


async def test_a_refused_push_is_502_and_the_top_up_ends_failed(topups: TopupHarness) -> None:
    response = await topups.start(10_000, REFUSED_PHONE)
    assert response.status_code == 502, response.text
    assert response.json()["code"] == "mpesa_request_failed"
    listed = await topups.http.get("/v1/wallet/topups", headers=topups.headers)
    [failed] = listed.json()["data"]
    assert failed["status"] == "failed"
    assert await topups.reconciler.run_once() == 0


async def test_an_unreachable_daraja_is_503_and_leaves_nothing_pending(
    database_url: str, nats_url: str
) -> None:
    async with topup_platform(database_url, nats_url, daraja_url="http://127.0.0.1:1") as harness:
        response = await harness.start(10_000, SANDBOX_PHONE)
        assert response.status_code == 503, response.text
        assert response.json()["code"] == "mpesa_unavailable"
        listed = await harness.http.get("/v1/wallet/topups", headers=harness.headers)
        assert [t["status"] for t in listed.json()["data"]] == ["failed"]


async def test_idempotency_key_starts_one_push(topups: TopupHarness) -> None:
    first = await topups.start(10_000, SANDBOX_PHONE, **{"Idempotency-Key": "topup-1"})
    again = await topups.start(10_000, SANDBOX_PHONE, **{"Idempotency-Key": "topup-1"})
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(topups.simulator.payments) == 1
    await topups.settled(first.json()["id"])
    assert await topups.balance() == 10_000


async def test_topups_page_newest_first_and_stay_in_their_workspace(
    topups: TopupHarness,
) -> None:
    ids = [str((await started(topups, 100 * (i + 1), NEVER_CALLS_BACK))["id"]) for i in range(3)]
    first = await topups.http.get("/v1/wallet/topups?limit=2", headers=topups.headers)
    assert first.status_code == 200
    page = first.json()
    assert [t["id"] for t in page["data"]] == ids[::-1][:2]
    assert page["data"][0]["phone"] == "2547****404"
    rest = await topups.http.get(
        f"/v1/wallet/topups?limit=2&cursor={page['next_cursor']}", headers=topups.headers
    )
    assert [t["id"] for t in rest.json()["data"]] == ids[:1]
    assert "next_cursor" not in rest.json()
    theirs = await topups.http.get("/v1/wallet/topups", headers=topups.other_headers)
    assert theirs.json() == {"data": []}
