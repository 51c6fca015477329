"""seed 002's POST /v1/numbers {"inventory_id"} is the claim of POST /v1/numbers/{id}/claim:
the same answers for each outcome (201, 402, 404, 409), the same charge, the same
Idempotency-Key handling (real gateway, inventory and wallet; one PostgreSQL, one JetStream)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest

from gateway.testing import create_workspace
from tests.integration.orders_harness import OrdersStack, running_orders_stack

MOBILE_RENT = 50_000  # demo mobile numbers rent for KES 500 a month
# Fields that name the holding or its time: they differ between two claims by nature.
PER_CLAIM = {"id", "number_id", "e164", "claimed_at", "next_renewal_at"}

Claim = Callable[[OrdersStack, dict[str, str], str], Awaitable[httpx.Response]]


async def by_path(stack: OrdersStack, headers: dict[str, str], number_id: str) -> httpx.Response:
    return await stack.client.post(f"/v1/numbers/{number_id}/claim", headers=headers)


async def by_body(stack: OrdersStack, headers: dict[str, str], number_id: str) -> httpx.Response:
    return await stack.client.post("/v1/numbers", headers=headers, json={"inventory_id": number_id})


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[OrdersStack]:
    async with running_orders_stack(database_url, nats_url) as running:
        yield running


def _answer(reply: httpx.Response, number_id: str) -> dict[str, Any]:
    """What must match between the two forms: status, problem code, and for a claim every
    field that is not the holding's own, plus where Location points."""
    body = reply.json()
    answer: dict[str, Any] = {"status": reply.status_code}
    if reply.status_code == 201:
        assert body["number_id"] == number_id
        assert reply.headers["location"] == f"/v1/numbers/{body['id']}"
        answer["body"] = {k: v for k, v in body.items() if k not in PER_CLAIM}
        answer["fields"] = sorted(body)
    else:
        assert reply.headers["content-type"] == "application/problem+json"
        answer["code"] = body["code"]
    return answer


async def _outcomes(stack: OrdersStack, claim: Claim) -> dict[str, dict[str, Any]]:
    """Each outcome for a fresh workspace: bought (201), broke (402), no such (404), taken
    (409). Each form gets numbers of its own."""
    made = await create_workspace(stack.database_url, name="Buyer")
    buyer = str(made.workspace.id)
    headers = {"Authorization": f"Bearer {made.api_key.key}"}
    mine, taken = stack.mobile.pop(), stack.mobile.pop()
    await stack.fund(str(stack.stranger.workspace_id), MOBILE_RENT)
    assert (await by_path(stack, stack.stranger.headers, taken)).status_code == 201

    outcomes: dict[str, dict[str, Any]] = {}
    outcomes["402"] = _answer(await claim(stack, headers, mine), mine)
    await stack.fund(buyer, MOBILE_RENT)
    outcomes["201"] = _answer(await claim(stack, headers, mine), mine)
    missing = str(uuid.uuid4())
    outcomes["404"] = _answer(await claim(stack, headers, missing), missing)
    outcomes["409"] = _answer(await claim(stack, headers, taken), taken)
    outcomes["balance"] = {"after": await stack.balance(buyer)}
    return outcomes


async def test_purchase_answers_as_the_claim_endpoint_for_201_402_404_409(
    stack: OrdersStack,
) -> None:
    claimed = await _outcomes(stack, by_path)
    purchased = await _outcomes(stack, by_body)
    assert [claimed[k]["status"] for k in ("201", "402", "404", "409")] == [201, 402, 404, 409]
    assert (claimed["402"]["code"], claimed["404"]["code"], claimed["409"]["code"]) == (
        "wallet_insufficient_funds",
        "number_not_found",
        "number_unavailable",
    )
    assert purchased == claimed
    assert claimed["balance"] == {"after": 0}, "one month charged, nothing else"


async def test_a_repeated_purchase_with_one_idempotency_key_buys_once(
    stack: OrdersStack,
) -> None:
    number = stack.mobile.pop()
    await stack.fund(stack.owner.workspace_id, 2 * MOBILE_RENT)
    headers = stack.owner.headers | {"Idempotency-Key": f"buy-{uuid.uuid4()}"}
    first = await by_body(stack, headers, number)
    again = await by_body(stack, headers, number)
    assert first.status_code == again.status_code == 201, first.text
    assert again.json()["id"] == first.json()["id"]
    assert again.headers.get("idempotent-replayed") == "true"
    assert await stack.balance(stack.owner.workspace_id) == MOBILE_RENT


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "inventory_id"),
        ({"inventory_id": 7}, "inventory_id"),
        ({"inventory_id": "x"}, "inventory_id"),
    ],
)
async def test_a_bad_purchase_body_is_a_400_naming_inventory_id(
    stack: OrdersStack, body: dict[str, Any], field: str
) -> None:
    reply = await stack.client.post("/v1/numbers", headers=stack.owner.headers, json=body)
    assert reply.status_code == 400, reply.text
    assert reply.json()["code"] == "validation_failed"
    assert [e["field"] for e in reply.json()["errors"]] == [field]
    assert await stack.balance(stack.owner.workspace_id) == 0
