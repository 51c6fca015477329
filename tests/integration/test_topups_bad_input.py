"""Bad input to the top-up endpoints: each case gets its exact status and problem `code`, names
the field, and leaves nothing behind (no top-up row, no push to Daraja, no money)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select

from services.wallet.topups.repository import topups as topups_table
from tests.integration.topups_harness import TopupHarness, topup_platform
from tests.ledger_integrity import ledger_checked_after_each_test

pytestmark = pytest.mark.usefixtures(ledger_checked_after_each_test.__name__)

GOOD_PHONE = "254708374149"


@pytest.fixture
async def topups(database_url: str, nats_url: str) -> AsyncIterator[TopupHarness]:
    async with topup_platform(database_url, nats_url) as harness:
        yield harness


BAD_BODIES: list[tuple[str, Any, str]] = [
    ("amount-not-whole-shillings", {"amount_minor": 150, "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-cents", {"amount_minor": 1, "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-zero", {"amount_minor": 0, "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-negative", {"amount_minor": -10_000, "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-above-limit", {"amount_minor": 25_000_100, "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-huge", {"amount_minor": 10**30, "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-string", {"amount_minor": "10000", "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-float", {"amount_minor": 10000.0, "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-bool", {"amount_minor": True, "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-null", {"amount_minor": None, "phone": GOOD_PHONE}, "amount_minor"),
    ("amount-missing", {"phone": GOOD_PHONE}, "amount_minor"),
    ("phone-missing", {"amount_minor": 10_000}, "phone"),
    ("phone-number-type", {"amount_minor": 10_000, "phone": 254708374149}, "phone"),
    ("phone-too-short", {"amount_minor": 10_000, "phone": "0712345"}, "phone"),
    ("phone-other-country", {"amount_minor": 10_000, "phone": "+255712345678"}, "phone"),
    ("phone-landline-prefix", {"amount_minor": 10_000, "phone": "0201234567"}, "phone"),
    ("phone-letters", {"amount_minor": 10_000, "phone": "07one234567"}, "phone"),
    ("phone-huge", {"amount_minor": 10_000, "phone": "07" * 5000}, "phone"),
    ("phone-empty", {"amount_minor": 10_000, "phone": ""}, "phone"),
    ("body-array", [10_000, GOOD_PHONE], "body"),
]


@pytest.mark.parametrize(
    ("body", "field"), [(b, f) for _, b, f in BAD_BODIES], ids=[name for name, _, _ in BAD_BODIES]
)
async def test_a_bad_top_up_request_is_400_naming_the_field_and_starts_nothing(
    topups: TopupHarness, body: Any, field: str
) -> None:
    response = await topups.http.post("/v1/wallet/topups", json=body, headers=topups.headers)
    assert response.status_code == 400, response.text
    problem = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert problem["code"] == "validation_failed"
    assert field in [e["field"] for e in problem["errors"]]
    async with topups.db.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(topups_table)) == 0
    assert topups.simulator.payments == {}


async def test_the_limits_themselves_are_accepted(topups: TopupHarness) -> None:
    for amount in (100, 25_000_000):
        response = await topups.start(amount, GOOD_PHONE)
        assert response.status_code == 202, response.text


@pytest.mark.parametrize(
    ("phone", "normalised"),
    [
        ("+254712345678", "254712345678"),
        ("254712345678", "254712345678"),
        ("0712345678", "254712345678"),
        ("0112345678", "254112345678"),
        ("+2541 1234-5678", "254112345678"),
    ],
)
async def test_accepted_phone_spellings_reach_daraja_normalised(
    topups: TopupHarness, phone: str, normalised: str
) -> None:
    response = await topups.start(10_000, phone)
    assert response.status_code == 202, response.text
    [payment] = topups.simulator.payments.values()
    assert payment.phone == normalised


async def test_bad_json_and_missing_key_are_refused(topups: TopupHarness) -> None:
    response = await topups.http.post(
        "/v1/wallet/topups",
        content=b"{nope",
        headers={**topups.headers, "Content-Type": "application/json"},
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_json")
    response = await topups.http.post(
        "/v1/wallet/topups", json={"amount_minor": 10_000, "phone": GOOD_PHONE}
    )
    assert (response.status_code, response.json()["code"]) == (401, "authentication_required")


async def test_another_workspaces_top_up_is_404(topups: TopupHarness) -> None:
    response = await topups.start(10_000, "254700000404")
    mine = response.json()["id"]
    theirs = await topups.http.get(f"/v1/wallet/topups/{mine}", headers=topups.other_headers)
    assert (theirs.status_code, theirs.json()["code"]) == (404, "topup_not_found")
    own = await topups.http.get(f"/v1/wallet/topups/{mine}", headers=topups.headers)
    assert own.status_code == 200


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/v1/wallet/topups/0195f000-0000-7000-8000-000000000000", 404, "topup_not_found"),
        ("/v1/wallet/topups/not-a-uuid", 404, "topup_not_found"),
        ("/v1/wallet/topups/" + "a" * 65, 400, "validation_failed"),
        ("/v1/wallet/topups?limit=0", 400, "validation_failed"),
        ("/v1/wallet/topups?limit=101", 400, "validation_failed"),
        ("/v1/wallet/topups?limit=ten", 400, "validation_failed"),
        ("/v1/wallet/topups?cursor=bm90LWEtY3Vyc29y", 400, "validation_failed"),
    ],
    ids=[
        "unknown-id",
        "not-a-uuid",
        "huge-id",
        "limit-zero",
        "limit-high",
        "limit-text",
        "foreign-cursor",
    ],
)
async def test_bad_reads_have_exact_status_and_code(
    topups: TopupHarness, path: str, status: int, code: str
) -> None:
    response = await topups.http.get(path, headers=topups.headers)
    assert (response.status_code, response.json()["code"]) == (status, code), response.text
