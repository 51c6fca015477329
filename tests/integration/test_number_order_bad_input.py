"""Bad input on every route of number orders, requirements and callbacks: exact status and
problem code, and nothing changed (no order, no hold, no stored value or document)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.orders_harness import OrdersStack, running_orders_stack
from tests.order_files import PDF

UNKNOWN_ID = "01900000-0000-7000-8000-0000000000ff"
HUGE = "x" * 5000


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[OrdersStack]:
    async with running_orders_stack(database_url, nats_url, callbacks=True) as running:
        yield running


def _requirements_cases() -> list[tuple[str, dict[str, Any], int, str]]:
    return [
        ("no number_type", {}, 400, "validation_failed"),
        ("unknown number_type", {"number_type": "satellite"}, 400, "validation_failed"),
        ("country too long", {"number_type": "mobile", "country": "KEN"}, 400, "validation_failed"),
        ("no such country", {"number_type": "mobile", "country": "UG"}, 400, "validation_failed"),
        ("huge number_type", {"number_type": HUGE}, 400, "validation_failed"),
    ]


async def test_requirements_bad_queries(stack: OrdersStack) -> None:
    for label, params, status, code in _requirements_cases():
        reply = await stack.client.get(
            "/v1/numbers/requirements", params=params, headers=stack.owner.headers
        )
        assert (reply.status_code, reply.json()["code"]) == (status, code), (label, reply.text)


async def test_create_order_bad_bodies_hold_nothing(stack: OrdersStack) -> None:
    cases: list[tuple[str, Any, int, str]] = [
        ("empty body", {}, 400, "validation_failed"),
        (
            "both id and criteria",
            {"number_id": stack.toll_free[0], "number_type": "toll_free"},
            400,
            "validation_failed",
        ),
        ("number_id not a string", {"number_id": 12}, 400, "validation_failed"),
        ("huge number_id", {"number_id": HUGE}, 400, "validation_failed"),
        ("unknown number", {"number_id": UNKNOWN_ID}, 404, "number_not_found"),
        ("malformed number id", {"number_id": "not-a-uuid"}, 404, "number_not_found"),
        ("unknown type", {"number_type": "satellite"}, 400, "validation_failed"),
        ("bad pattern", {"number_type": "toll_free", "contains": "12a"}, 400, "validation_failed"),
        ("contains alone", {"contains": "800"}, 400, "validation_failed"),
        (
            "no match",
            {"number_type": "toll_free", "contains": "99999999"},
            409,
            "number_unavailable",
        ),
        ("not json", "{", 400, "invalid_json"),
        ("a list", [1], 400, "validation_failed"),
    ]
    for label, body, status, code in cases:
        if isinstance(body, str):
            reply = await stack.client.post(
                "/v1/number-orders",
                content=body,
                headers={**stack.owner.headers, "Content-Type": "application/json"},
            )
        else:
            reply = await stack.client.post(
                "/v1/number-orders", json=body, headers=stack.owner.headers
            )
        assert (reply.status_code, reply.json()["code"]) == (status, code), (label, reply.text)
    assert await stack.rows("SELECT 1 FROM inventory.number_orders") == []
    assert await stack.rows("SELECT 1 FROM inventory.numbers WHERE state = 'reserved'") == []


async def test_registration_bad_bodies_store_nothing(stack: OrdersStack) -> None:
    created = await stack.client.post(
        "/v1/number-orders", json={"number_id": stack.toll_free[0]}, headers=stack.owner.headers
    )
    order_id = created.json()["id"]
    path = f"/v1/number-orders/{order_id}/registration"
    cases: list[tuple[str, Any, int, str]] = [
        ("empty body", {}, 400, "validation_failed"),
        ("fields before a type", {"fields": {"kra_pin": "P987654321K"}}, 400, "validation_failed"),
        ("unknown type", {"registration_type": "person"}, 400, "validation_failed"),
        ("type not a string", {"registration_type": 3}, 400, "validation_failed"),
        (
            "value not a string",
            {"registration_type": "business", "fields": {"kra_pin": 5}},
            400,
            "validation_failed",
        ),
        (
            "huge value",
            {"registration_type": "business", "fields": {"contact_person": HUGE}},
            400,
            "validation_failed",
        ),
        (
            "bad field name",
            {"registration_type": "business", "fields": {"Bad Name!": "x"}},
            400,
            "validation_failed",
        ),
        (
            "unknown field",
            {"registration_type": "business", "fields": {"nickname": "x"}},
            400,
            "validation_failed",
        ),
        (
            "pattern",
            {"registration_type": "business", "fields": {"kra_pin": "123"}},
            400,
            "validation_failed",
        ),
        (
            "control characters",
            {"registration_type": "business", "fields": {"registered_name": "Acme\x07"}},
            400,
            "validation_failed",
        ),
        (
            "fields not an object",
            {"registration_type": "business", "fields": ["x"]},
            400,
            "validation_failed",
        ),
    ]
    for label, body, status, code in cases:
        reply = await stack.client.patch(path, json=body, headers=stack.owner.headers)
        assert reply.status_code == status, (label, reply.text)
        assert (reply.status_code, reply.json()["code"]) == (status, code), (label, reply.text)
    unknown = await stack.client.patch(
        f"/v1/number-orders/{UNKNOWN_ID}/registration",
        json={"registration_type": "business"},
        headers=stack.owner.headers,
    )
    assert (unknown.status_code, unknown.json()["code"]) == (404, "order_not_found")
    assert await stack.rows("SELECT 1 FROM inventory.order_registration_values") == []
    [row] = await stack.rows("SELECT registration_type, version FROM inventory.number_orders")
    assert row == {"registration_type": None, "version": 1}


async def test_attachment_bad_requests_store_nothing(stack: OrdersStack) -> None:
    created = await stack.client.post(
        "/v1/number-orders", json={"number_id": stack.toll_free[0]}, headers=stack.owner.headers
    )
    path = f"/v1/number-orders/{created.json()['id']}/attachments"
    no_file = await stack.client.post(
        path, data={"document_type": "certificate_of_incorporation"}, headers=stack.owner.headers
    )
    assert (no_file.status_code, no_file.json()["code"]) == (400, "validation_failed")
    no_type = await stack.client.post(
        path, files={"file": ("c.pdf", PDF, "application/pdf")}, headers=stack.owner.headers
    )
    assert (no_type.status_code, no_type.json()["code"]) == (400, "validation_failed")
    as_json = await stack.client.post(path, json={"file": "x"}, headers=stack.owner.headers)
    assert (as_json.status_code, as_json.json()["code"]) == (415, "unsupported_media_type")
    too_big = await stack.client.post(
        path,
        data={"document_type": "certificate_of_incorporation"},
        files={"file": ("c.pdf", PDF + b"0" * (2 * 1024 * 1024), "application/pdf")},
        headers=stack.owner.headers,
    )
    assert (too_big.status_code, too_big.json()["code"]) == (413, "payload_too_large")
    assert await stack.rows("SELECT 1 FROM inventory.order_attachments") == []


async def test_list_and_submit_bad_input(stack: OrdersStack) -> None:
    cases = [
        ({"status": "approved"}, "validation_failed"),
        ({"limit": 0}, "validation_failed"),
        ({"limit": 101}, "validation_failed"),
        ({"limit": "ten"}, "validation_failed"),
        ({"cursor": "not-ours"}, "validation_failed"),
    ]
    for params, code in cases:
        reply = await stack.client.get(
            "/v1/number-orders", params=params, headers=stack.owner.headers
        )
        assert (reply.status_code, reply.json()["code"]) == (400, code), (params, reply.text)
    for action in ("submit", "cancel"):
        reply = await stack.client.post(
            f"/v1/number-orders/{UNKNOWN_ID}/{action}", headers=stack.owner.headers
        )
        assert (reply.status_code, reply.json()["code"]) == (404, "order_not_found")
        reply = await stack.client.post(
            f"/v1/number-orders/{'z' * 64}/{action}", headers=stack.owner.headers
        )
        assert (reply.status_code, reply.json()["code"]) == (404, "order_not_found")
    reply = await stack.client.get("/v1/number-orders/nope", headers=stack.owner.headers)
    assert (reply.status_code, reply.json()["code"]) == (404, "order_not_found")
    unauthenticated = await stack.client.get("/v1/number-orders")
    assert unauthenticated.status_code == 401


async def test_callbacks_bad_urls_are_refused(stack: OrdersStack) -> None:
    cases: list[tuple[str, Any, int, str]] = [
        ("missing", {}, 400, "validation_failed"),
        ("not a string", {"callback_url": 5}, 400, "validation_failed"),
        ("empty", {"callback_url": ""}, 400, "validation_failed"),
        ("huge", {"callback_url": "https://example.com/" + HUGE}, 400, "validation_failed"),
        ("not a url", {"callback_url": "receiver"}, 400, "validation_failed"),
        (
            "credentials",
            {"callback_url": "https://user:pw@example.com/x"},
            400,
            "validation_failed",
        ),
        ("ftp", {"callback_url": "ftp://example.com/x"}, 400, "validation_failed"),
    ]
    for label, body, status, code in cases:
        reply = await stack.client.put("/v1/callbacks", json=body, headers=stack.owner.headers)
        assert (reply.status_code, reply.json()["code"]) == (status, code), (label, reply.text)
    shown = await stack.client.get("/v1/callbacks", headers=stack.owner.headers)
    assert shown.status_code == 200 and "callback_url" not in shown.json()
    for params in ({"status": "lost"}, {"limit": 0}, {"cursor": "nope"}):
        reply = await stack.client.get(
            "/v1/callbacks/deliveries", params=params, headers=stack.owner.headers
        )
        assert (reply.status_code, reply.json()["code"]) == (400, "validation_failed"), params
