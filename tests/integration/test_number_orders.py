"""Number orders through the public API (gateway app in front of the real inventory and wallet
services, real PostgreSQL and NATS): requirements, the hold, registration, documents, submit,
operator approval through the claim saga, cancel, and the instant claim's refusal."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import grpc
import pytest

from platform_common.errors import RemoteError
from sautikit.inventory.v1 import inventory_pb2, orders_pb2
from tests.conftest import eventually
from tests.integration.orders_harness import TOLL_FREE_RENT, OrdersStack, running_orders_stack
from tests.order_files import BUSINESS, PDF


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[OrdersStack]:
    async with running_orders_stack(database_url, nats_url) as running:
        yield running


async def _order(stack: OrdersStack, number_id: str, headers: dict[str, str] | None = None) -> dict:
    reply = await stack.client.post(
        "/v1/number-orders", json={"number_id": number_id}, headers=headers or stack.owner.headers
    )
    assert reply.status_code == 201, reply.text
    return reply.json()


async def _complete_registration(stack: OrdersStack, order_id: str) -> None:
    reply = await stack.client.patch(
        f"/v1/number-orders/{order_id}/registration",
        json={"registration_type": "business", "fields": BUSINESS},
        headers=stack.owner.headers,
    )
    assert reply.status_code == 200, reply.text
    reply = await stack.client.post(
        f"/v1/number-orders/{order_id}/attachments",
        data={"document_type": "certificate_of_incorporation"},
        files={"file": ("certificate.pdf", PDF, "application/pdf")},
        headers=stack.owner.headers,
    )
    assert reply.status_code == 201, reply.text


async def test_whole_order_path_ends_with_the_number_assigned_and_charged_once(
    stack: OrdersStack,
) -> None:
    requirements = await stack.client.get(
        "/v1/numbers/requirements",
        params={"country": "KE", "number_type": "toll_free"},
        headers=stack.owner.headers,
    )
    assert requirements.status_code == 200, requirements.text
    body = requirements.json()
    assert body["order_required"] is True
    [business] = body["registration_sets"]
    assert business["name"] == "business"
    assert {f["name"] for f in business["fields"]} >= {"kra_pin", "use_description"}
    assert business["attachments"][0]["document_type"] == "certificate_of_incorporation"

    search = await stack.client.get(
        "/v1/numbers/available", params={"number_type": "toll_free"}, headers=stack.owner.headers
    )
    number = search.json()["data"][0]
    assert number["requires_registration"] is True

    order = await _order(stack, number["id"])
    assert order["status"] == "draft"
    assert order["missing"] == ["registration_type"]
    assert await stack.number_state(number["id"]) == "reserved"

    # First with field errors: every bad field named, nothing stored.
    bad = await stack.client.patch(
        f"/v1/number-orders/{order['id']}/registration",
        json={
            "registration_type": "business",
            "fields": {
                **BUSINESS,
                "kra_pin": "12345",
                "nickname": "x",
                "contact_person": "y" * 121,
            },
        },
        headers=stack.owner.headers,
    )
    assert bad.status_code == 400, bad.text
    assert bad.json()["code"] == "validation_failed"
    assert {e["field"] for e in bad.json()["errors"]} == {
        "registration.kra_pin",
        "registration.nickname",
        "registration.contact_person",
    }
    assert await stack.rows("SELECT 1 FROM inventory.order_registration_values") == []

    await _complete_registration(stack, order["id"])
    shown = (
        await stack.client.get(f"/v1/number-orders/{order['id']}", headers=stack.owner.headers)
    ).json()
    assert shown["registration"]["kra_pin"] == BUSINESS["kra_pin"]
    assert shown["missing"] == []
    assert [a["content_type"] for a in shown["attachments"]] == ["application/pdf"]

    submitted = await stack.client.post(
        f"/v1/number-orders/{order['id']}/submit", headers=stack.owner.headers
    )
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"

    await stack.fund(stack.owner.workspace_id, TOLL_FREE_RENT)
    approved = await stack.orders.ApproveNumberOrder(
        orders_pb2.ApproveNumberOrderRequest(order_id=order["id"])
    )
    assert approved.order.status == orders_pb2.NUMBER_ORDER_STATUS_COMPLETED
    assert approved.ledger_entry_id
    assert await stack.number_state(number["id"]) == "assigned"
    assert await stack.balance(stack.owner.workspace_id) == 0
    # Approving again changes nothing and charges nothing.
    with pytest.raises(grpc.aio.AioRpcError) as again:
        await stack.orders.ApproveNumberOrder(
            orders_pb2.ApproveNumberOrderRequest(order_id=order["id"])
        )
    assert RemoteError.from_rpc_error(again.value).reason == "illegal_state_transition"
    entries = await stack.rows(
        "SELECT count(*) AS n FROM wallet.ledger_entries WHERE entry_type = 'number_rental'"
    )
    assert entries[0]["n"] == 1
    held = await stack.client.get(
        f"/v1/numbers/{approved.order.tenant_number_id}", headers=stack.owner.headers
    )
    assert held.status_code in (200, 503)  # credentials are not running in this stack


async def test_instant_claim_of_a_number_that_needs_registration_is_409_pointing_at_orders(
    stack: OrdersStack,
) -> None:
    reply = await stack.client.post(
        f"/v1/numbers/{stack.toll_free[0]}/claim", headers=stack.owner.headers
    )
    assert reply.status_code == 409, reply.text
    assert reply.json()["code"] == "registration_required"
    assert "/v1/number-orders" in reply.json()["detail"]
    assert await stack.number_state(stack.toll_free[0]) == "available"
    # A mobile number stays instantly claimable (seed 000's journey).
    await stack.fund(stack.owner.workspace_id, 50_000)
    claimed = await stack.client.post(
        f"/v1/numbers/{stack.mobile[0]}/claim", headers=stack.owner.headers
    )
    assert claimed.status_code == 201, claimed.text


async def test_refused_payment_leaves_the_order_submitted_with_a_note_until_a_credit_retries_it(
    stack: OrdersStack,
) -> None:
    order = await _order(stack, stack.toll_free[0])
    await _complete_registration(stack, order["id"])
    await stack.client.post(f"/v1/number-orders/{order['id']}/submit", headers=stack.owner.headers)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.orders.ApproveNumberOrder(
            orders_pb2.ApproveNumberOrderRequest(order_id=order["id"])
        )
    assert RemoteError.from_rpc_error(refused.value).reason == "wallet_insufficient_funds"
    shown = (
        await stack.client.get(f"/v1/number-orders/{order['id']}", headers=stack.owner.headers)
    ).json()
    assert shown["status"] == "submitted"
    assert "payment refused" in shown["reviewer_note"]
    assert await stack.number_state(stack.toll_free[0]) == "reserved"
    [row] = await stack.rows(
        "SELECT reserved_until = 'infinity' AS open_ended FROM inventory.numbers WHERE id = %s",
        stack.toll_free[0],
    )
    assert row["open_ended"]

    # The credit itself retries the approval (wallet.credited): no operator step needed. Two
    # credits at once make two concurrent retries; the month is charged once.
    await asyncio.gather(
        stack.fund(stack.owner.workspace_id, TOLL_FREE_RENT),
        stack.fund(stack.owner.workspace_id, TOLL_FREE_RENT),
    )

    async def completed() -> bool:
        reply = await stack.client.get(
            f"/v1/number-orders/{order['id']}", headers=stack.owner.headers
        )
        return bool(reply.json()["status"] == "completed")

    await eventually(completed, timeout=20)
    assert await stack.number_state(stack.toll_free[0]) == "assigned"
    # An operator approving as well changes nothing and charges nothing.
    with pytest.raises(grpc.aio.AioRpcError):
        await stack.orders.ApproveNumberOrder(
            orders_pb2.ApproveNumberOrderRequest(order_id=order["id"])
        )

    async def both_credits_handled() -> bool:
        rows = await stack.rows("SELECT count(*) AS n FROM inventory.processed_events")
        return bool(rows[0]["n"] >= 2)

    await eventually(both_credits_handled, timeout=20)
    assert await stack.balance(stack.owner.workspace_id) == TOLL_FREE_RENT


async def test_cancel_returns_the_number_to_search(stack: OrdersStack) -> None:
    order = await _order(stack, stack.toll_free[0])
    cancelled = await stack.client.post(
        f"/v1/number-orders/{order['id']}/cancel", headers=stack.owner.headers
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["status_reason"] == "customer_cancelled"
    assert await stack.number_state(stack.toll_free[0]) == "available"
    again = await stack.client.post(
        f"/v1/number-orders/{order['id']}/cancel", headers=stack.owner.headers
    )
    assert again.status_code == 409
    assert again.json()["code"] == "illegal_state_transition"


async def test_search_hides_numbers_held_by_an_order(stack: OrdersStack) -> None:
    await _order(stack, stack.toll_free[0])
    page = await stack.inventory.SearchAvailableNumbers(
        inventory_pb2.SearchAvailableNumbersRequest(
            number_type=inventory_pb2.NUMBER_TYPE_TOLL_FREE, limit=100
        )
    )
    assert stack.toll_free[0] not in {n.id for n in page.numbers}


async def test_an_approval_whose_payment_answer_was_lost_charges_once_when_approved_again(
    database_url: str, nats_url: str
) -> None:
    from tests.integration.test_claim_saga import LosesAnswers

    async with running_orders_stack(
        database_url, nats_url, wallet_wrapper=lambda real: LosesAnswers(real, debit_first=True)
    ) as stack:
        order = await _order(stack, stack.toll_free[0])
        await _complete_registration(stack, order["id"])
        await stack.client.post(
            f"/v1/number-orders/{order['id']}/submit", headers=stack.owner.headers
        )
        await stack.fund(stack.owner.workspace_id, 2 * TOLL_FREE_RENT)
        with pytest.raises(grpc.aio.AioRpcError) as lost:
            await stack.orders.ApproveNumberOrder(
                orders_pb2.ApproveNumberOrderRequest(order_id=order["id"])
            )
        assert RemoteError.from_rpc_error(lost.value).reason == "claim_pending"
        shown = await stack.client.get(
            f"/v1/number-orders/{order['id']}", headers=stack.owner.headers
        )
        assert shown.json()["status"] == "in_review"
        approved = await stack.orders.ApproveNumberOrder(
            orders_pb2.ApproveNumberOrderRequest(order_id=order["id"])
        )
        assert approved.order.status == orders_pb2.NUMBER_ORDER_STATUS_COMPLETED
        assert await stack.balance(stack.owner.workspace_id) == TOLL_FREE_RENT
        assert await stack.number_state(stack.toll_free[0]) == "assigned"
