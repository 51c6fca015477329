"""What number orders guarantee, each test able to fail: one order per number under a race,
a hold that ends exactly once, documents refused before anything is stored, personal data
never in clear outside its owner's GET, shredding, and isolation between workspaces."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import nats
import pytest

from devstack.infra import _postgres_bin
from platform_common.nats_link import STREAMS
from platform_common.sealing import KeyRing, SealingError
from sautikit.inventory.v1 import orders_pb2
from services.inventory.orders.personal_data import OrderDataBox
from services.inventory.orders.sweeper import sweep_once
from services.inventory.orders.usecases import get_order
from tests.conftest import eventually
from tests.integration.orders_harness import OrdersStack, running_orders_stack
from tests.order_files import BUSINESS, PDF, PNG, WINDOWS_EXECUTABLE

UNKNOWN_ID = "01900000-0000-7000-8000-0000000000ff"


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[OrdersStack]:
    async with running_orders_stack(database_url, nats_url) as running:
        yield running


async def _order(stack: OrdersStack, number_id: str) -> dict:  # type: ignore[type-arg]
    reply = await stack.client.post(
        "/v1/number-orders", json={"number_id": number_id}, headers=stack.owner.headers
    )
    assert reply.status_code == 201, reply.text
    return reply.json()  # type: ignore[no-any-return]


async def _upload(
    stack: OrdersStack,
    order_id: str,
    content: bytes,
    content_type: str = "application/pdf",
    document_type: str = "certificate_of_incorporation",
    filename: str = "certificate.pdf",
):  # type: ignore[no-untyped-def]
    return await stack.client.post(
        f"/v1/number-orders/{order_id}/attachments",
        data={"document_type": document_type},
        files={"file": (filename, content, content_type)},
        headers=stack.owner.headers,
    )


async def test_two_workspaces_ordering_one_number_at_once_get_one_order_and_one_409(
    stack: OrdersStack,
) -> None:
    for number_id in stack.toll_free[:5]:
        replies = await asyncio.gather(
            *(
                stack.client.post(
                    "/v1/number-orders", json={"number_id": number_id}, headers=headers
                )
                for headers in (stack.owner.headers, stack.stranger.headers)
            )
        )
        assert sorted(r.status_code for r in replies) == [201, 409], [r.text for r in replies]
        [refused] = [r for r in replies if r.status_code == 409]
        assert refused.json()["code"] == "number_unavailable"
        orders = await stack.rows(
            "SELECT workspace_id FROM inventory.number_orders WHERE number_id = %s", number_id
        )
        assert len(orders) == 1
    # The held number is in nobody's search and nobody can claim it instantly.
    held = stack.toll_free[0]
    for customer in (stack.owner, stack.stranger):
        found = await stack.client.get(
            "/v1/numbers/available",
            params={"number_type": "toll_free", "limit": 100},
            headers=customer.headers,
        )
        assert held not in {n["id"] for n in found.json()["data"]}
        claim = await stack.client.post(f"/v1/numbers/{held}/claim", headers=customer.headers)
        assert claim.status_code == 409


async def test_a_mobile_number_held_by_an_order_cannot_be_claimed_instantly(
    stack: OrdersStack,
) -> None:
    await _order(stack, stack.mobile[0])
    await stack.fund(stack.stranger.workspace_id, 50_000)
    claim = await stack.client.post(
        f"/v1/numbers/{stack.mobile[0]}/claim", headers=stack.stranger.headers
    )
    assert claim.status_code == 409
    assert claim.json()["code"] == "number_unavailable"
    assert await stack.balance(stack.stranger.workspace_id) == 50_000


async def test_a_hold_past_48_hours_expires_the_order_and_frees_the_number_once(
    stack: OrdersStack,
) -> None:
    first = await _order(stack, stack.toll_free[0])
    second = await _order(stack, stack.toll_free[1])
    submitted = await _order(stack, stack.toll_free[2])
    await stack.client.patch(
        f"/v1/number-orders/{submitted['id']}/registration",
        json={"registration_type": "business", "fields": BUSINESS},
        headers=stack.owner.headers,
    )
    assert (await _upload(stack, submitted["id"], PDF)).status_code == 201
    reply = await stack.client.post(
        f"/v1/number-orders/{submitted['id']}/submit", headers=stack.owner.headers
    )
    assert reply.status_code == 200, reply.text

    stack.clock.current += timedelta(hours=47, minutes=59)
    assert (await sweep_once(stack.sweeper)).expired == 0
    assert await stack.number_state(stack.toll_free[0]) == "reserved"

    stack.clock.current += timedelta(minutes=2)
    # Two sweepers (replicas) at once, then again: each order expires exactly once.
    results = await asyncio.gather(sweep_once(stack.sweeper), sweep_once(stack.sweeper))
    assert sum(r.expired for r in results) == 3
    assert (await sweep_once(stack.sweeper)).expired == 0
    for order, number_id in zip((first, second, submitted), stack.toll_free, strict=False):
        shown = await stack.client.get(
            f"/v1/number-orders/{order['id']}", headers=stack.owner.headers
        )
        assert shown.json()["status"] == "expired"
        assert shown.json()["status_reason"] == "hold_expired"
        assert await stack.number_state(number_id) == "available"
    events = await stack.rows(
        "SELECT count(*) AS n FROM inventory.outbox WHERE nats_subject ="
        " 'sautikit.numbers.order_updated' AND payload IS NOT NULL"
        " AND ce_subject = %s",
        f"number-orders/{first['id']}",
    )
    assert events[0]["n"] == 2  # created, expired
    # The freed number can be ordered again (by anyone).
    again = await stack.client.post(
        "/v1/number-orders",
        json={"number_id": stack.toll_free[0]},
        headers=stack.stranger.headers,
    )
    assert again.status_code == 201, again.text


async def test_refused_documents_answer_a_precise_400_and_store_nothing(
    stack: OrdersStack,
) -> None:
    order = await _order(stack, stack.toll_free[0])
    cases = [
        ("renamed executable", WINDOWS_EXECUTABLE, "application/pdf", "attachment_type_mismatch"),
        ("png declared pdf", PNG, "application/pdf", "attachment_type_mismatch"),
        ("oversize", PDF + b"0" * 716_800, "application/pdf", "attachment_too_large"),
        ("type not allowed", b"hello", "text/plain", "attachment_type_not_allowed"),
        ("empty", b"", "application/pdf", "attachment_empty"),
    ]
    for label, content, content_type, code in cases:
        reply = await _upload(stack, order["id"], content, content_type)
        assert reply.status_code == 400, (label, reply.text)
        assert reply.json()["code"] == code, label
    unknown = await _upload(stack, order["id"], PDF, document_type="passport_scan")
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_document_type"
    assert await stack.rows("SELECT 1 FROM inventory.order_attachments") == []

    for _ in range(10):
        assert (await _upload(stack, order["id"], PDF)).status_code == 201
    for _ in range(10):  # the 11th to the 20th file
        reply = await _upload(stack, order["id"], PNG, "image/png")
        assert reply.status_code == 400, reply.text
        assert reply.json()["code"] == "attachment_limit_reached"
    stored = await stack.rows("SELECT count(*) AS n FROM inventory.order_attachments")
    assert stored[0]["n"] == 10


async def test_concurrent_uploads_never_pass_the_document_limit(stack: OrdersStack) -> None:
    order = await _order(stack, stack.toll_free[0])
    replies = await asyncio.gather(*(_upload(stack, order["id"], PDF) for _ in range(14)))
    assert sorted(r.status_code for r in replies) == [201] * 10 + [400] * 4
    stored = await stack.rows("SELECT count(*) AS n FROM inventory.order_attachments")
    assert stored[0]["n"] == 10


def _dump(database_url: str) -> str:
    return subprocess.run(
        [str(_postgres_bin() / "pg_dump"), "--data-only", database_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout


async def _stream_messages(nats_url: str) -> list:  # type: ignore[type-arg]
    connection = await nats.connect(nats_url)
    messages = []
    try:
        js = connection.jetstream()
        for stream in STREAMS:
            try:
                info = await js.stream_info(stream)
            except nats.js.errors.NotFoundError:
                continue
            for sequence in range(max(1, info.state.first_seq), info.state.last_seq + 1):
                messages.append(await js.get_msg(stream, sequence))
    finally:
        await connection.close()
    return messages


async def test_personal_data_never_appears_in_clear_in_logs_events_or_the_database(
    stack: OrdersStack, nats_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret_document = PDF.replace(b"/Catalog", b"/Catalog /Note (Kamau-ID-29384756-doc)")
    order = await _order(stack, stack.toll_free[0])
    values = {**BUSINESS, "contact_person": "Wairimu Secretname-Njoroge"}
    # One refused update too: an error must not echo what was sent.
    bad = await stack.client.patch(
        f"/v1/number-orders/{order['id']}/registration",
        json={"registration_type": "business", "fields": {**values, "kra_pin": "ZZ-Leaky-999"}},
        headers={**stack.owner.headers, "Idempotency-Key": "bad-1"},
    )
    assert bad.status_code == 400
    assert "ZZ-Leaky-999" not in bad.text
    good = await stack.client.patch(
        f"/v1/number-orders/{order['id']}/registration",
        json={"registration_type": "business", "fields": values},
        headers={**stack.owner.headers, "Idempotency-Key": "good-1"},
    )
    assert good.status_code == 200
    assert (await _upload(stack, order["id"], secret_document)).status_code == 201
    await stack.client.post(
        f"/v1/number-orders/{order['id']}/submit",
        headers={**stack.owner.headers, "Idempotency-Key": "submit-1"},
    )
    # The owner sees them; the test can therefore fail if they were lost, not hidden.
    shown = await stack.client.get(f"/v1/number-orders/{order['id']}", headers=stack.owner.headers)
    assert shown.json()["registration"]["contact_person"] == values["contact_person"]

    async def events_relayed() -> list | None:  # type: ignore[type-arg]
        found = await _stream_messages(nats_url)
        mine = [m for m in found if m.subject == "sautikit.numbers.order_updated"]
        return found if len(mine) >= 4 else None

    messages = await eventually(events_relayed, timeout=15, interval=0.2)
    dump = _dump(stack.database_url)
    assert "order_registration_values" in dump and "order_attachments" in dump
    logs = "\n".join(r.getMessage() + " " + repr(r.__dict__) for r in caplog.records)
    secrets = [values["contact_person"], "ZZ-Leaky-999", *BUSINESS.values()]
    for secret in secrets:
        for form in (secret, secret.encode().hex()):
            assert form not in dump, ("database", secret)
            assert form not in logs, ("logs", secret)
        for message in messages:
            assert secret.encode() not in message.data, message.subject
    assert b"Kamau-ID-29384756-doc" not in dump.encode()
    assert b"Kamau-ID-29384756-doc".hex() not in dump
    assert all(b"Kamau-ID-29384756-doc" not in m.data for m in messages)


async def test_personal_data_is_shredded_after_retention_once_an_order_ends_without_a_number(
    stack: OrdersStack,
) -> None:
    cancelled = await _order(stack, stack.toll_free[0])
    kept = await _order(stack, stack.toll_free[1])
    for order in (cancelled, kept):
        reply = await stack.client.patch(
            f"/v1/number-orders/{order['id']}/registration",
            json={"registration_type": "business", "fields": BUSINESS},
            headers=stack.owner.headers,
        )
        assert reply.status_code == 200
        assert (await _upload(stack, order["id"], PDF)).status_code == 201
    await stack.client.post(
        f"/v1/number-orders/{cancelled['id']}/cancel", headers=stack.owner.headers
    )
    stack.clock.current += timedelta(hours=719)
    assert (await sweep_once(stack.sweeper)).shredded == 0
    stack.clock.current += timedelta(hours=2)
    result = await sweep_once(stack.sweeper)
    assert result.shredded == 1
    [row] = await stack.rows(
        "SELECT data_key_sealed, erased_at FROM inventory.number_orders WHERE id = %s",
        cancelled["id"],
    )
    assert row["data_key_sealed"] is None and row["erased_at"] is not None
    left = await stack.rows(
        "SELECT order_id::text AS id FROM inventory.order_registration_values"
        " UNION SELECT order_id::text FROM inventory.order_attachments"
    )
    # The other order expired meanwhile (its hold ended long ago) but its retention just began.
    assert {r["id"] for r in left} == {kept["id"]}
    shown = await stack.client.get(
        f"/v1/number-orders/{cancelled['id']}", headers=stack.owner.headers
    )
    assert shown.status_code == 200
    assert shown.json()["personal_data_erased"] is True
    assert shown.json()["registration"] == {}
    assert shown.json()["attachments"] == []


async def test_registration_sealed_with_an_old_key_still_opens_after_rotation(
    stack: OrdersStack,
) -> None:
    order = await _order(stack, stack.toll_free[0])
    await stack.client.patch(
        f"/v1/number-orders/{order['id']}/registration",
        json={"registration_type": "business", "fields": BUSINESS},
        headers=stack.owner.headers,
    )
    order_id = uuid.UUID(order["id"])
    # A new key seals from now on; the old one still opens what it sealed.
    rotated = KeyRing({"k2": os.urandom(32), **stack.key_material}, "k2")
    view = await get_order(
        replace(stack.sweeper, box=OrderDataBox(rotated)), workspace_id=None, order_id=order_id
    )
    assert view.registration["kra_pin"] == BUSINESS["kra_pin"]
    # Without the old key nothing opens (the values really are sealed with it).
    with pytest.raises(SealingError):
        await get_order(
            replace(stack.sweeper, box=OrderDataBox(KeyRing({"k2": os.urandom(32)}, "k2"))),
            workspace_id=None,
            order_id=order_id,
        )


async def test_another_workspaces_order_is_404_on_every_route(stack: OrdersStack) -> None:
    order = await _order(stack, stack.toll_free[0])
    oid = order["id"]
    routes = [
        ("GET", f"/v1/number-orders/{oid}", None),
        ("PATCH", f"/v1/number-orders/{oid}/registration", {"registration_type": "business"}),
        ("POST", f"/v1/number-orders/{oid}/submit", None),
        ("POST", f"/v1/number-orders/{oid}/cancel", None),
    ]
    for method, path, body in routes:
        reply = await stack.client.request(method, path, json=body, headers=stack.stranger.headers)
        assert reply.status_code == 404, (method, path, reply.text)
        assert reply.json()["code"] == "order_not_found"
    upload = await stack.client.post(
        f"/v1/number-orders/{oid}/attachments",
        data={"document_type": "certificate_of_incorporation"},
        files={"file": ("c.pdf", PDF, "application/pdf")},
        headers=stack.stranger.headers,
    )
    assert upload.status_code == 404 and upload.json()["code"] == "order_not_found"
    listed = await stack.client.get("/v1/number-orders", headers=stack.stranger.headers)
    assert listed.json()["data"] == []
    assert await stack.number_state(stack.toll_free[0]) == "reserved"
    assert await stack.rows("SELECT 1 FROM inventory.order_registration_values") == []


async def test_submit_lists_what_is_missing(stack: OrdersStack) -> None:
    order = await _order(stack, stack.toll_free[0])
    reply = await stack.client.post(
        f"/v1/number-orders/{order['id']}/submit", headers=stack.owner.headers
    )
    assert reply.status_code == 409
    assert reply.json()["code"] == "order_incomplete"
    assert [e["field"] for e in reply.json()["errors"]] == ["registration_type"]
    await stack.client.patch(
        f"/v1/number-orders/{order['id']}/registration",
        json={"registration_type": "business", "fields": {"kra_pin": "P051234567X"}},
        headers=stack.owner.headers,
    )
    reply = await stack.client.post(
        f"/v1/number-orders/{order['id']}/submit", headers=stack.owner.headers
    )
    assert reply.status_code == 409
    assert [e["field"] for e in reply.json()["errors"]] == [
        "registration.registered_name",
        "registration.registration_number",
        "registration.contact_person",
        "registration.use_description",
        "attachments.certificate_of_incorporation",
    ]
    shown = await stack.client.get(f"/v1/number-orders/{order['id']}", headers=stack.owner.headers)
    assert shown.json()["status"] == "draft"


async def test_operator_rejects_with_a_reason_code_and_the_number_returns_to_the_pool(
    stack: OrdersStack,
) -> None:
    order = await _order(stack, stack.toll_free[0])
    await stack.client.patch(
        f"/v1/number-orders/{order['id']}/registration",
        json={"registration_type": "business", "fields": BUSINESS},
        headers=stack.owner.headers,
    )
    await _upload(stack, order["id"], PDF)
    await stack.client.post(f"/v1/number-orders/{order['id']}/submit", headers=stack.owner.headers)
    rejected = await stack.orders.RejectNumberOrder(
        orders_pb2.RejectNumberOrderRequest(
            order_id=order["id"], reason="business_not_verified", note="KRA PIN does not match"
        )
    )
    assert rejected.order.status == orders_pb2.NUMBER_ORDER_STATUS_REJECTED
    shown = await stack.client.get(f"/v1/number-orders/{order['id']}", headers=stack.owner.headers)
    assert shown.json()["status_reason"] == "business_not_verified"
    assert shown.json()["reviewer_note"] == "KRA PIN does not match"
    assert await stack.number_state(stack.toll_free[0]) == "available"
