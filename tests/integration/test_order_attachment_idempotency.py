"""An upload (multipart) with an Idempotency-Key: the route's form already read the body, so
the key's fingerprint is taken from the parsed form. Found by the isolation suite, where every
such upload answered 500 (Stream consumed)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.orders_harness import OrdersStack, running_orders_stack
from tests.order_files import PDF, PNG


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[OrdersStack]:
    async with running_orders_stack(database_url, nats_url) as running:
        yield running


async def _upload(stack: OrdersStack, order_id: str, content: bytes, content_type: str, key: str):  # type: ignore[no-untyped-def]
    return await stack.client.post(
        f"/v1/number-orders/{order_id}/attachments",
        data={"document_type": "certificate_of_incorporation"},
        files={"file": ("doc", content, content_type)},
        headers={**stack.owner.headers, "Idempotency-Key": key},
    )


async def test_a_retried_upload_with_its_key_is_stored_once_and_another_file_is_refused(
    stack: OrdersStack,
) -> None:
    created = await stack.client.post(
        "/v1/number-orders", json={"number_id": stack.toll_free[0]}, headers=stack.owner.headers
    )
    assert created.status_code == 201, created.text
    order_id = created.json()["id"]

    first = await _upload(stack, order_id, PDF, "application/pdf", "upload-1")
    again = await _upload(stack, order_id, PDF, "application/pdf", "upload-1")
    assert first.status_code == 201, first.text
    assert (again.status_code, again.json()) == (201, first.json())
    other = await _upload(stack, order_id, PNG, "image/png", "upload-1")
    assert other.status_code == 422, other.text
    stored = await stack.rows("SELECT count(*) AS n FROM inventory.order_attachments")
    assert stored[0]["n"] == 1
