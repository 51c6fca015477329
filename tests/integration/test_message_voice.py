"""One voice in messages: every 400 the public API answers, whoever found the problem (pydantic,
a gateway check, a service's google.rpc.BadRequest), names the field and says what is expected:
`errors[].message` starts with "must" or is "is required", and `detail` is exactly the field
errors joined as `<field>: <message>`, so one condition is worded once. The `code`s are the
stable contract and stay what they were.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.test_mode_harness import ModeStack, running_mode_stack

EXPECTATION = re.compile(r"^(must\b|is required$)")
UNKNOWN = str(uuid.uuid4())


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[ModeStack]:
    async with running_mode_stack(database_url, nats_url) as running:
        yield running


PHONE = "254708374149"
BAD = "validation_failed"


def topup(amount_minor: int, phone: str) -> dict[str, Any]:
    return {"amount_minor": amount_minor, "phone": phone}


def bad_inputs(number_id: str) -> list[tuple[str, str, dict[str, Any], str]]:
    """(method, path, request options, the code it must answer); "test": True sends the
    request with the sandbox's sk_test_ key (test-mode routes, simulated M-Pesa)."""
    numbers = f"/v1/numbers/{number_id}"
    return [
        ("GET", "/v1/numbers/available?limit=abc", {}, "validation_failed"),
        ("GET", "/v1/numbers/available?limit=0", {}, "validation_failed"),
        ("GET", "/v1/numbers/available?limit=100000", {}, "validation_failed"),
        ("GET", "/v1/numbers/available?capability=fax", {}, "validation_failed"),
        ("GET", "/v1/numbers/available?number_type=satellite", {}, "validation_failed"),
        ("GET", "/v1/numbers?status=bogus", {}, "validation_failed"),
        ("GET", "/v1/numbers?limit=-1", {}, "validation_failed"),
        ("GET", "/v1/wallet/ledger?limit=x", {}, "validation_failed"),
        ("POST", "/v1/wallet/topups", {"json": {}}, "validation_failed"),
        ("POST", "/v1/wallet/topups", {"json": {"amount_minor": "ten"}}, "validation_failed"),
        (
            "POST",
            "/v1/wallet/topups",
            {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
            "invalid_json",
        ),
        # M-Pesa is not configured in this stack: bad input is still the 400, not 503.
        ("POST", "/v1/wallet/topups", {"json": topup(150, PHONE)}, "validation_failed"),
        ("POST", "/v1/wallet/topups", {"json": topup(0, PHONE)}, "validation_failed"),
        ("POST", "/v1/wallet/topups", {"json": topup(10_000, "12345")}, "validation_failed"),
        ("POST", "/v1/wallet/topups", {"json": topup(150, "x")}, "validation_failed"),
        (
            "POST",
            "/v1/wallet/topups",
            {"json": topup(150, PHONE), "test": True},
            "validation_failed",
        ),
        ("PATCH", numbers, {"json": {}}, "validation_failed"),
        ("PATCH", numbers, {"json": {"allow_inbound": "perhaps"}}, "validation_failed"),
        ("PATCH", numbers, {"json": {"status": "released"}}, "status_not_settable"),
        ("PATCH", f"{numbers}/routing", {"json": {}}, "validation_failed"),
        (
            "PATCH",
            f"{numbers}/routing",
            {"json": {"events_url": "ftp://example.com/x"}},
            "validation_failed",
        ),
        (
            "PATCH",
            f"{numbers}/routing",
            {"json": {"voice_callback_url": "not a url"}},
            "validation_failed",
        ),
        ("POST", f"{numbers}/sip-credentials", {"json": {"label": "x" * 101}}, "validation_failed"),
        ("GET", f"{numbers}/deliveries?status=lost", {}, "validation_failed"),
        ("GET", f"{numbers}/deliveries?limit=1000", {}, "validation_failed"),
        ("POST", "/v1/number-orders", {"json": {}}, "validation_failed"),
        ("POST", "/v1/number-orders", {"json": {"contains": "12"}}, "validation_failed"),
        (
            "POST",
            "/v1/number-orders",
            {"json": {"number_type": "satellite"}},
            "validation_failed",
        ),
        ("GET", "/v1/numbers/requirements?number_type=satellite", {}, "validation_failed"),
        ("GET", "/v1/calls?limit=abc", {}, "validation_failed"),
        (
            "POST",
            f"/v1/numbers/{UNKNOWN}/claim",
            {"headers": {"Idempotency-Key": "x" * 300}},
            "validation_failed",
        ),
        (
            "POST",
            f"/v1/numbers/{UNKNOWN}/claim",
            {"headers": {"Idempotency-Key": "tab\there"}},
            "validation_failed",
        ),
        (
            "POST",
            "/v1/test/calls",
            {"json": {"to": "not a number"}, "test": True},
            "validation_failed",
        ),
        *[
            ("POST", "/v1/test/renewals", {"json": {"period": p}, "test": True}, BAD)
            for p in ("2026-13", "2026-00", "2026-1", "1999-12", "9999-12", "")
        ],
    ]


async def test_every_bad_input_is_answered_in_one_voice(stack: ModeStack) -> None:
    number = await stack.claim(stack.live)
    wrong: list[str] = []
    inputs = bad_inputs(number.id)
    for method, path, options, code in inputs:
        tenant = stack.test if options.pop("test", False) else stack.live
        headers = {**tenant.headers, **options.pop("headers", {})}
        reply = await stack.http.request(method, path, headers=headers, **options)
        body = reply.json()
        errors = body.get("errors") or []
        joined = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        if (
            (reply.status_code, body.get("code")) != (400, code)
            or not errors
            or not all(EXPECTATION.match(e["message"]) for e in errors)
            or not all(e["field"] and " " not in e["field"] for e in errors)
            or body["detail"] != joined
        ):
            wrong.append(f"{method} {path} -> {reply.status_code} {body}")
    assert not wrong, "\n".join(wrong)
    assert len(inputs) >= 25


async def test_good_top_up_input_without_m_pesa_configured_is_503_mpesa_unavailable(
    stack: ModeStack,
) -> None:
    """The other order: only input that passes validation learns that M-Pesa is missing."""
    reply = await stack.http.post(
        "/v1/wallet/topups", json=topup(10_000, PHONE), headers=stack.live.headers
    )
    assert (reply.status_code, reply.json()["code"]) == (503, "mpesa_unavailable"), reply.text
