"""The public routing routes: the gateway app (real factory, real PostgreSQL) in front of the
real inventory, wallet and routing services (production URL rules, stubbed name resolution).
The seed's body, partial updates, null clearing, another workspace's number, a released number,
the OpenAPI entries, and a table of bad requests with exact status and code."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import asgi_client, create_workspace
from sautikit.inventory.v1 import inventory_pb2
from tests.integration.test_routing_harness import Stack, running_stack

NOWHERE = "127.0.0.1:1"
UNKNOWN_ID = "01900000-0000-7000-8000-0000000000ff"
NOT_A_UUID_36 = "zzzzzzzz-0000-7000-8000-0000000000ff"
SEED_BODY = {
    "voice_callback_url": "https://ivr.example.com/voice",
    "events_url": "https://ivr.example.com/events",
}


@dataclass
class Api:
    stack: Stack
    client: httpx.AsyncClient
    workspace_id: str
    headers: dict[str, str]
    stranger_workspace_id: str
    stranger_headers: dict[str, str]

    async def claim(self, workspace_id: str | None = None) -> inventory_pb2.TenantNumber:
        number = await self.stack.claim(workspace_id or self.workspace_id)
        await self.stack.wait_row(number.id, status="active")
        return number

    async def patch(self, number_ref: str, body: object, **headers: str) -> httpx.Response:
        return await self.client.patch(
            f"/v1/numbers/{number_ref}/routing", json=body, headers={**self.headers, **headers}
        )

    async def get(self, number_ref: str) -> httpx.Response:
        return await self.client.get(f"/v1/numbers/{number_ref}/routing", headers=self.headers)


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


async def test_seed_body_sets_both_urls_and_null_clears_one(api: Api) -> None:
    number = await api.claim()
    empty = await api.get(number.id)
    assert empty.status_code == 200, empty.text
    assert empty.json() == {
        "tenant_number_id": number.id,
        "e164": number.e164,
        "updated_at": empty.json()["updated_at"],
        "livemode": True,
    }, "unset URLs are omitted, not null"

    # The inventory id works as well as the tenant number id; unknown members are ignored.
    reply = await api.patch(number.number_id, {**SEED_BODY, "colour": "blue"})
    assert reply.status_code == 200, reply.text
    assert {k: reply.json()[k] for k in SEED_BODY} == SEED_BODY
    read = await api.get(number.id)
    assert {k: read.json()[k] for k in SEED_BODY} == SEED_BODY

    cleared = await api.patch(number.id, {"events_url": None})
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["voice_callback_url"] == SEED_BODY["voice_callback_url"]
    assert "events_url" not in cleared.json()
    assert "events_url" not in (await api.get(number.id)).json()

    only_events = await api.patch(number.id, {"events_url": "https://hooks.example.net/e"})
    assert only_events.json()["voice_callback_url"] == SEED_BODY["voice_callback_url"]
    assert only_events.json()["events_url"] == "https://hooks.example.net/e"


async def test_idempotent_patch_replays_the_first_answer(api: Api) -> None:
    number = await api.claim()
    first = await api.patch(number.id, SEED_BODY, **{"Idempotency-Key": "routing-1"})
    again = await api.patch(number.id, SEED_BODY, **{"Idempotency-Key": "routing-1"})
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    other = await api.patch(number.id, {"events_url": None}, **{"Idempotency-Key": "routing-1"})
    assert other.status_code == 422


async def test_another_workspace_sees_404_and_a_released_number_409(api: Api) -> None:
    number = await api.claim()
    await api.patch(number.id, SEED_BODY)
    for ref in (number.id, number.number_id):
        for method, body in (("GET", None), ("PATCH", {"events_url": None})):
            reply = await api.client.request(
                method, f"/v1/numbers/{ref}/routing", json=body, headers=api.stranger_headers
            )
            assert reply.status_code == 404, reply.text
            assert reply.json()["code"] == "number_not_found"
    assert (await api.get(number.id)).json()["events_url"] == SEED_BODY["events_url"]

    released = await api.client.delete(f"/v1/numbers/{number.id}", headers=api.headers)
    assert released.status_code == 200
    await api.stack.wait_row(number.id, status="released")
    refused = await api.patch(number.id, SEED_BODY)
    assert (refused.status_code, refused.json()["code"]) == (409, "number_released")
    gone = await api.get(number.id)
    assert (gone.status_code, gone.json()["code"]) == (404, "routing_not_found")


async def test_bad_requests_get_a_precise_problem(api: Api) -> None:
    number = await api.claim()
    await api.patch(number.id, SEED_BODY)
    path = f"/v1/numbers/{number.id}/routing"
    v, e = "voice_callback_url", "events_url"
    table: list[tuple[str, str, object, int, str, str | None]] = [
        # method, path, JSON body (str: raw bytes), status, code, field named in `errors`
        ("PATCH", path, {v: 5}, 400, "validation_failed", v),
        ("PATCH", path, {e: ["https://a.example"]}, 400, "validation_failed", e),
        ("PATCH", path, {e: {"url": "https://a.example"}}, 400, "validation_failed", e),
        ("PATCH", path, {v: True}, 400, "validation_failed", v),
        ("PATCH", path, {v: ""}, 400, "validation_failed", v),
        ("PATCH", path, {v: "https://a.example/" + "x" * 2048}, 400, "validation_failed", v),
        ("PATCH", path, {e: "https://a.example/" + "x" * 100_000}, 400, "json_string_too_long", e),
        ("PATCH", path, {v: "not a url"}, 400, "validation_failed", v),
        ("PATCH", path, {v: "http://ivr.example.com/voice"}, 400, "validation_failed", v),
        ("PATCH", path, {e: "https://u:p@ivr.example.com/"}, 400, "validation_failed", e),
        ("PATCH", path, {e: "https://ivr.example.com/#x"}, 400, "validation_failed", e),
        ("PATCH", path, {e: "https://127.0.0.1/"}, 400, "unsafe_callback_url", e),
        ("PATCH", path, {v: "https://[::1]/"}, 400, "unsafe_callback_url", v),
        ("PATCH", path, {v: "https://169.254.169.254/"}, 400, "unsafe_callback_url", v),
        ("PATCH", path, {v: "https://2130706433/"}, 400, "unsafe_callback_url", v),
        ("PATCH", path, {e: "https://[::ffff:10.0.0.1]/"}, 400, "unsafe_callback_url", e),
        ("PATCH", path, {e: "https://rebind.example.net/"}, 400, "unsafe_callback_url", e),
        # One bad field refuses the whole change (the good one is not saved either).
        (
            "PATCH",
            path,
            {v: "https://new.example/v", e: "https://10.0.0.1/"},
            400,
            "unsafe_callback_url",
            e,
        ),
        ("PATCH", path, {}, 400, "validation_failed", "body"),
        ("PATCH", path, {"colour": "blue"}, 400, "validation_failed", "body"),
        ("PATCH", path, None, 400, "validation_failed", None),
        ("PATCH", path, "{not json", 400, "invalid_json", None),
        ("PATCH", path, "[1, 2]", 400, "validation_failed", None),
        ("PATCH", path, "42", 400, "validation_failed", None),
        ("PATCH", "/v1/numbers/nope/routing", SEED_BODY, 400, "validation_failed", "id"),
        ("PATCH", f"/v1/numbers/{'x' * 37}/routing", SEED_BODY, 400, "validation_failed", "id"),
        ("PATCH", f"/v1/numbers/{UNKNOWN_ID}/routing", SEED_BODY, 404, "number_not_found", None),
        ("PATCH", f"/v1/numbers/{NOT_A_UUID_36}/routing", SEED_BODY, 404, "number_not_found", None),
        ("GET", "/v1/numbers/nope/routing", None, 400, "validation_failed", "id"),
        ("GET", f"/v1/numbers/{UNKNOWN_ID}/routing", None, 404, "number_not_found", None),
        ("PUT", path, SEED_BODY, 405, "method_not_allowed", None),
        ("POST", path, SEED_BODY, 405, "method_not_allowed", None),
    ]
    for method, target, body, status, code, field in table:
        if isinstance(body, str):
            reply = await api.client.request(
                method,
                target,
                content=body,
                headers={**api.headers, "Content-Type": "application/json"},
            )
        else:
            reply = await api.client.request(method, target, json=body, headers=api.headers)
        case = f"{method} {target[:80]} {str(body)[:60]}"
        assert reply.status_code == status, (case, reply.text)
        assert reply.headers["content-type"].startswith("application/problem+json"), case
        problem = reply.json()
        assert problem["code"] == code and problem["request_id"], (case, problem)
        if field is not None:
            assert field in [err["field"] for err in problem["errors"]], (case, problem)
    unauthenticated = await api.client.patch(path, json=SEED_BODY)
    assert unauthenticated.status_code == 401
    # Nothing above changed the routing.
    read = (await api.get(number.id)).json()
    assert {k: read[k] for k in SEED_BODY} == SEED_BODY
    rows = await api.stack.rows("SELECT count(*) AS n FROM routing.outbox")
    assert rows[0]["n"] == 1, "only the first, good PATCH published routing.updated"


async def test_openapi_documents_the_routing_operations(api: Api) -> None:
    document = (await api.client.get("/v1/openapi.json")).json()
    item = document["paths"]["/v1/numbers/{id}/routing"]
    assert item["get"]["operationId"] == "getRouting"
    assert item["patch"]["operationId"] == "updateRouting"
    body = item["patch"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/RoutingChange"}
    for status in ("400", "404", "409"):
        assert "application/problem+json" in item["patch"]["responses"][status]["content"]
    change = document["components"]["schemas"]["RoutingChange"]["properties"]
    assert change["events_url"]["anyOf"][0]["maxLength"] == 2048
