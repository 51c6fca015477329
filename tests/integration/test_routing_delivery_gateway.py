"""The public delivery routes: the gateway app (real factory, real PostgreSQL) in front of the
real inventory, wallet and routing services. Listing, paging and filtering deliveries,
redelivery, the once-shown webhook secret, and a table of bad requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
from standardwebhooks.webhooks import Webhook

from devstack.webhook_receiver import Answer, WebhookReceiver
from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import asgi_client, create_workspace
from sautikit.inventory.v1 import inventory_pb2
from sautikit.routing.v1 import deliveries_pb2
from tests.conftest import eventually
from tests.integration.routing_delivery_harness import DeliveryStack, running_stack

NOWHERE = "127.0.0.1:1"
UNKNOWN_ID = "01900000-0000-7000-8000-0000000000ff"
NOT_A_UUID_36 = "zzzzzzzz-0000-7000-8000-0000000000ff"
S = deliveries_pb2.DeliveryStatus


@dataclass
class Api:
    stack: DeliveryStack
    client: httpx.AsyncClient
    workspace_id: str
    headers: dict[str, str]
    stranger_workspace_id: str
    stranger_headers: dict[str, str]

    async def claim(self, workspace_id: str | None = None) -> inventory_pb2.TenantNumber:
        return await self.stack.claim(workspace_id or self.workspace_id)


@pytest.fixture
async def api(database_url: str, nats_url: str) -> AsyncIterator[Api]:
    async with running_stack(database_url, nats_url) as stack:
        owner = await create_workspace(database_url)
        stranger = await create_workspace(database_url, name="Stranger")
        settings = GatewaySettings(
            database_url=database_url,
            nats_url=nats_url,
            inventory_addr=stack.inventory_address,
            wallet_addr=NOWHERE,
            credentials_addr=NOWHERE,
            routing_addr=stack.routing_address,
        )
        async with asgi_client(create_app(settings)) as client:
            yield Api(
                stack,
                client,
                str(owner.workspace.id),
                {"Authorization": f"Bearer {owner.api_key.key}"},
                str(stranger.workspace.id),
                {"Authorization": f"Bearer {stranger.api_key.key}"},
            )


async def test_rotate_shows_the_secret_once_and_it_verifies_deliveries(api: Api) -> None:
    first = await api.client.post(
        "/v1/webhook-secret/rotate", headers={**api.headers, "Idempotency-Key": "rotate-1"}
    )
    assert first.status_code == 200, first.text
    assert first.headers["cache-control"] == "no-store"
    body = first.json()
    assert body["secret"].startswith("whsec_") and "previous_valid_until" not in body
    replay = await api.client.post(
        "/v1/webhook-secret/rotate", headers={**api.headers, "Idempotency-Key": "rotate-1"}
    )
    assert replay.status_code == 200 and "secret" not in replay.json()
    assert replay.json()["created_at"] == body["created_at"]

    second = (await api.client.post("/v1/webhook-secret/rotate", headers=api.headers)).json()
    assert second["secret"] != body["secret"] and "previous_valid_until" in second

    number = await api.claim()
    async with WebhookReceiver() as receiver:
        await api.stack.set_urls(number, events_url=receiver.url)
        await api.stack.publish_call("started", number)
        await eventually(lambda: receiver.received, timeout=15)
    [request] = receiver.received
    assert Webhook(body["secret"]).verify(request.body, request.headers)
    assert Webhook(second["secret"]).verify(request.body, request.headers)


async def test_deliveries_are_listed_newest_first_filtered_and_paged(api: Api) -> None:
    number = await api.claim()
    async with WebhookReceiver([Answer(400, b"no")]) as receiver:
        await api.stack.set_urls(number, events_url=receiver.url)
        await api.stack.publish_call("started", number)
        await api.stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_FAILED)
        await api.stack.publish_call("answered", number)
        await api.stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_DELIVERED)
    await api.stack.set_urls(number, events_url=None)
    await api.stack.publish_call("completed", number)
    await api.stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_SKIPPED)

    # The inventory id works as well as the tenant number id.
    listed = await api.client.get(f"/v1/numbers/{number.number_id}/deliveries", headers=api.headers)
    assert listed.status_code == 200, listed.text
    data = listed.json()["data"]
    assert [d["event_type"] for d in data] == ["call.completed", "call.answered", "call.started"]
    assert [d["status"] for d in data] == ["skipped", "delivered", "failed"]
    assert data[2]["attempts"][0]["status_code"] == 400
    assert data[2]["attempts"][0]["response_excerpt"] == "no"
    assert "url" not in data[0] and data[0]["attempts"] == []

    failed = await api.client.get(
        f"/v1/numbers/{number.id}/deliveries?status=failed", headers=api.headers
    )
    assert [d["id"] for d in failed.json()["data"]] == [data[2]["id"]]

    seen, cursor = [], None
    while True:
        query = f"?limit=1&cursor={cursor}" if cursor else "?limit=1"
        page = (
            await api.client.get(f"/v1/numbers/{number.id}/deliveries{query}", headers=api.headers)
        ).json()
        seen += [d["id"] for d in page["data"]]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    assert seen == [d["id"] for d in data]


async def test_redeliver_answers_202_and_the_receiver_gets_it_again(api: Api) -> None:
    number = await api.claim()
    async with WebhookReceiver() as receiver:
        await api.stack.set_urls(number, events_url=receiver.url)
        await api.stack.publish_call("completed", number)
        [delivered] = await api.stack.wait_deliveries(number, 1, status=S.DELIVERY_STATUS_DELIVERED)
        reply = await api.client.post(
            f"/v1/deliveries/{delivered.id}/redeliver", headers=api.headers
        )
        assert reply.status_code == 202, reply.text
        assert reply.json()["status"] == "pending"
        await eventually(lambda: len(receiver.received) == 2, timeout=15)
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]


async def test_bad_requests_get_precise_problems(api: Api) -> None:
    mine, theirs = await api.claim(), await api.claim(api.stranger_workspace_id)
    await api.stack.publish_call("started", mine)
    await api.stack.publish_call("started", theirs)
    [skipped] = await api.stack.wait_deliveries(mine, 1)
    [their_delivery] = await api.stack.wait_deliveries(theirs, 1)
    base = f"/v1/numbers/{mine.id}/deliveries"
    cases = [
        ("GET", f"/v1/numbers/{theirs.id}/deliveries", 404, "number_not_found"),
        ("GET", f"/v1/numbers/{theirs.number_id}/deliveries", 404, "number_not_found"),
        ("GET", f"/v1/numbers/{UNKNOWN_ID}/deliveries", 404, "number_not_found"),
        ("GET", f"/v1/numbers/{NOT_A_UUID_36}/deliveries", 404, "number_not_found"),
        ("GET", "/v1/numbers/short/deliveries", 400, "validation_failed"),
        ("GET", f"{base}?status=bogus", 400, "validation_failed"),
        ("GET", f"{base}?status=", 400, "validation_failed"),
        ("GET", f"{base}?limit=0", 400, "validation_failed"),
        ("GET", f"{base}?limit=101", 400, "validation_failed"),
        ("GET", f"{base}?limit=ten", 400, "validation_failed"),
        ("GET", f"{base}?cursor=not-one-of-ours", 400, "validation_failed"),
        ("GET", f"{base}?cursor={'x' * 300}", 400, "validation_failed"),
        ("POST", f"/v1/deliveries/{their_delivery.id}/redeliver", 404, "delivery_not_found"),
        ("POST", f"/v1/deliveries/{UNKNOWN_ID}/redeliver", 404, "delivery_not_found"),
        ("POST", f"/v1/deliveries/{NOT_A_UUID_36}/redeliver", 404, "delivery_not_found"),
        ("POST", "/v1/deliveries/short/redeliver", 400, "validation_failed"),
        ("POST", f"/v1/deliveries/{'a' * 5000}/redeliver", 400, "validation_failed"),
        ("POST", f"/v1/deliveries/{skipped.id}/redeliver", 409, "delivery_skipped"),
    ]
    for method, path, status, code in cases:
        reply = await api.client.request(method, path, headers=api.headers)
        assert (reply.status_code, reply.json().get("code")) == (status, code), (path, reply.text)
        assert reply.headers["content-type"].startswith("application/problem+json")
    # The 404 codes the document promises are exactly the ones the service answers.
    paths = (await api.client.get("/v1/openapi.json")).json()["paths"]
    documented = {
        ("GET", "deliveries"): paths["/v1/numbers/{id}/deliveries"]["get"],
        ("POST", "redeliver"): paths["/v1/deliveries/{delivery_id}/redeliver"]["post"],
    }
    for (method, suffix), operation in documented.items():
        answered = {c for m, p, s, c in cases if (m, s) == (method, 404) and p.endswith(suffix)}
        assert set(operation["responses"]["404"]["x-problem-codes"]) == answered, suffix
    for method, path in [
        ("GET", base),
        ("POST", f"/v1/deliveries/{skipped.id}/redeliver"),
        ("POST", "/v1/webhook-secret/rotate"),
    ]:
        reply = await api.client.request(method, path)
        assert reply.status_code == 401, path
    # Nothing above changed anything: the stranger's delivery was not scheduled again.
    [after] = await api.stack.list(theirs)
    assert after.status == their_delivery.status and after.attempt_count == 0
    assert await api.stack.rows("SELECT 1 FROM routing.signing_secrets") == []
