"""The public SIP credential routes: the gateway app (real factory, real PostgreSQL) in front of
the real inventory, wallet and credentials services. Status codes, problem codes, headers,
idempotent replays without the password, and a table of bad requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import asgi_client, create_workspace
from platform_common.inventory_numbers import GrpcInventory
from sautikit.inventory.v1 import inventory_pb2
from services.routing.main import create_service as create_routing
from tests.integration.test_credentials_harness import Stack, running_stack
from tests.integration.test_routing_harness import stub_resolver

NOWHERE = "127.0.0.1:1"
UNKNOWN_ID = "01900000-0000-7000-8000-0000000000ff"
NOT_A_UUID_36 = "zzzzzzzz-0000-7000-8000-0000000000ff"


@dataclass
class Api:
    stack: Stack
    client: httpx.AsyncClient
    workspace_id: str
    headers: dict[str, str]
    stranger_headers: dict[str, str]
    stranger_workspace_id: str

    async def claim(self, workspace_id: str | None = None) -> inventory_pb2.TenantNumber:
        return await self.stack.claim(workspace_id or self.workspace_id)

    async def create(self, number_id: str, body: object = None, **headers: str) -> httpx.Response:
        return await self.client.post(
            f"/v1/numbers/{number_id}/sip-credentials",
            json=body if body is not None else {"label": "main-ivr"},
            headers={**self.headers, **headers},
        )


@pytest.fixture
async def api(database_url: str, nats_url: str) -> AsyncIterator[Api]:
    async with running_stack(database_url, nats_url) as stack:
        # GET /v1/numbers/{id} also shows the number's routing URLs.
        routing = create_routing(
            database_url=database_url,
            nats_url=nats_url,
            inventory=GrpcInventory(stack.inventory_address),
            resolver=stub_resolver,
        )
        routing_port = await routing.start()
        owner = await create_workspace(database_url)
        stranger = await create_workspace(database_url, name="Stranger")
        settings = GatewaySettings(
            database_url=database_url,
            nats_url=nats_url,
            inventory_addr=stack.inventory_address,
            wallet_addr=stack.wallet_address,
            credentials_addr=stack.credentials_address,
            routing_addr=f"127.0.0.1:{routing_port}",
        )
        try:
            async with asgi_client(create_app(settings)) as client:
                yield Api(
                    stack,
                    client,
                    str(owner.workspace.id),
                    {"Authorization": f"Bearer {owner.api_key.key}"},
                    {"Authorization": f"Bearer {stranger.api_key.key}"},
                    str(stranger.workspace.id),
                )
        finally:
            await routing.stop()


async def test_create_answers_201_with_the_password_once(api: Api) -> None:
    number = await api.claim()
    # The inventory id works as well as the tenant number id (as for the other number routes).
    reply = await api.create(number.number_id)
    assert reply.status_code == 201, reply.text
    body = reply.json()
    assert set(body) == {
        "id",
        "username",
        "password",
        "label",
        "status",
        "created_at",
        "livemode",
    }
    assert body["status"] == "active" and body["label"] == "main-ivr"
    assert len(body["password"]) >= 24
    assert reply.headers["cache-control"] == "no-store"
    assert reply.headers["location"] == f"/v1/numbers/{number.id}/sip-credentials/{body['id']}"
    assert await api.stack.valid(body["username"], body["password"])

    # Read back: the same metadata, never the password.
    for path in (
        f"/v1/numbers/{number.id}/sip-credentials",
        f"/v1/numbers/{number.id}/sip-credentials/{body['id']}",
        f"/v1/numbers/{number.id}",
        f"/v1/numbers/{number.number_id}",
    ):
        read = await api.client.get(path, headers=api.headers)
        assert read.status_code == 200, read.text
        assert body["password"] not in read.text
        assert '"password"' not in read.text
    listed = (
        await api.client.get(f"/v1/numbers/{number.id}/sip-credentials", headers=api.headers)
    ).json()
    metadata = {k: v for k, v in body.items() if k != "password"}
    assert listed == {"data": [metadata]}
    held = (await api.client.get(f"/v1/numbers/{number.id}", headers=api.headers)).json()
    assert held["sip_credentials"] == [metadata]
    numbers = (await api.client.get("/v1/numbers", headers=api.headers)).json()
    assert "sip_credentials" not in numbers["data"][0], "only GET /v1/numbers/{id} carries them"

    untitled = await api.client.post(
        f"/v1/numbers/{number.id}/sip-credentials", headers=api.headers
    )
    assert untitled.status_code == 201 and untitled.json()["label"] == ""


async def test_rotate_and_revoke(api: Api) -> None:
    number = await api.claim()
    created = (await api.create(number.id)).json()
    base = f"/v1/numbers/{number.id}/sip-credentials/{created['id']}"

    rotated = await api.client.post(
        f"{base}/rotate", json={"grace_seconds": 600}, headers=api.headers
    )
    assert rotated.status_code == 200, rotated.text
    assert rotated.headers["cache-control"] == "no-store"
    body = rotated.json()
    assert body["id"] == created["id"] and body["username"] == created["username"]
    assert body["password"] != created["password"] and body["rotated_at"]
    assert body["previous_password_valid_until"]
    assert await api.stack.valid(created["username"], created["password"]), "grace window"
    assert await api.stack.valid(created["username"], body["password"])

    revoked = await api.client.delete(base, headers=api.headers)
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert "password" not in revoked.json() and "cache-control" not in revoked.headers
    again = await api.client.delete(base, headers=api.headers)
    assert again.status_code == 200 and again.json() == revoked.json()
    refused = await api.client.post(f"{base}/rotate", headers=api.headers)
    assert refused.status_code == 409 and refused.json()["code"] == "credential_revoked"
    assert not await api.stack.valid(created["username"], body["password"])
    assert not await api.stack.valid(created["username"], created["password"])


async def test_idempotent_replays_never_carry_or_store_the_password(api: Api) -> None:
    number = await api.claim()
    first = await api.create(number.id, {"label": "pbx"}, **{"Idempotency-Key": "cred-1"})
    replay = await api.create(number.id, {"label": "pbx"}, **{"Idempotency-Key": "cred-1"})
    assert first.status_code == replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.headers["location"] == first.headers["location"]
    password = first.json()["password"]
    assert replay.json() == {k: v for k, v in first.json().items() if k != "password"}
    listed = await api.client.get(f"/v1/numbers/{number.id}/sip-credentials", headers=api.headers)
    assert len(listed.json()["data"]) == 1, "created once"

    base = f"/v1/numbers/{number.id}/sip-credentials/{first.json()['id']}"
    headers = {**api.headers, "Idempotency-Key": "rotate-1"}
    rotated = await api.client.post(f"{base}/rotate", headers=headers)
    rotated_again = await api.client.post(f"{base}/rotate", headers=headers)
    assert rotated.status_code == rotated_again.status_code == 200
    assert "password" not in rotated_again.json()
    assert rotated_again.headers["idempotent-replayed"] == "true"
    new_password = rotated.json()["password"]
    assert await api.stack.valid(first.json()["username"], new_password), "rotated only once"
    assert not await api.stack.valid(first.json()["username"], password)

    reused = await api.create(number.id, {"label": "other"}, **{"Idempotency-Key": "cred-1"})
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"

    stored = await api.stack.rows(
        "SELECT response_body::text AS body, response_headers::text AS headers"
        " FROM gateway.idempotency_records"
    )
    assert len(stored) == 2
    for record in stored:
        for secret in (password, new_password):
            assert secret not in record["body"] and secret.encode().hex() not in record["body"]


async def test_another_workspaces_number_or_credential_is_404(api: Api) -> None:
    mine = await api.claim()
    theirs = await api.claim(api.stranger_workspace_id)
    my_cred = (await api.create(mine.id)).json()
    their_cred = (
        await api.client.post(
            f"/v1/numbers/{theirs.id}/sip-credentials", headers=api.stranger_headers
        )
    ).json()
    cases = [
        # (who, path prefix, expected code)
        (api.stranger_headers, f"/v1/numbers/{mine.id}/sip-credentials", "number_not_found"),
        (api.stranger_headers, f"/v1/numbers/{mine.number_id}/sip-credentials", "number_not_found"),
        (
            api.headers,
            f"/v1/numbers/{mine.id}/sip-credentials/{their_cred['id']}",
            "credential_not_found",
        ),
        (
            api.stranger_headers,
            f"/v1/numbers/{theirs.id}/sip-credentials/{my_cred['id']}",
            "credential_not_found",
        ),
    ]
    for headers, path, code in cases:
        if path.endswith("sip-credentials"):
            requests = [("GET", path), ("POST", path), ("GET", f"{path}/{my_cred['id']}")]
        else:
            requests = [("GET", path), ("POST", f"{path}/rotate"), ("DELETE", path)]
        for method, url in requests:
            reply = await api.client.request(method, url, headers=headers)
            assert (reply.status_code, reply.json()["code"]) == (404, code), (method, url)
    assert await api.stack.valid(my_cred["username"], my_cred["password"]), "nothing changed"
    listed = await api.client.get(f"/v1/numbers/{mine.id}/sip-credentials", headers=api.headers)
    assert [c["id"] for c in listed.json()["data"]] == [my_cred["id"]]


async def test_a_released_number_gets_no_credentials(api: Api) -> None:
    number = await api.claim()
    created = (await api.create(number.id)).json()
    released = await api.client.delete(f"/v1/numbers/{number.id}", headers=api.headers)
    assert released.status_code == 200
    refused = await api.create(number.id)
    assert (refused.status_code, refused.json()["code"]) == (409, "number_released")
    rotate = await api.client.post(
        f"/v1/numbers/{number.id}/sip-credentials/{created['id']}/rotate", headers=api.headers
    )
    assert (rotate.status_code, rotate.json()["code"]) == (409, "number_released")
    # Both answers are among the codes the document promises for that operation and status.
    paths = (await api.client.get("/v1/openapi.json")).json()["paths"]
    for path in (
        "/v1/numbers/{id}/sip-credentials",
        "/v1/numbers/{id}/sip-credentials/{cred_id}/rotate",
    ):
        assert "number_released" in paths[path]["post"]["responses"]["409"]["x-problem-codes"], path
    await api.stack.wait_valid(created["username"], created["password"], False)
    listed = await api.client.get(f"/v1/numbers/{number.id}/sip-credentials", headers=api.headers)
    assert [c["status"] for c in listed.json()["data"]] == ["revoked"]


async def test_bad_requests_get_a_precise_problem(api: Api) -> None:
    number = await api.claim()
    cred = (await api.create(number.id)).json()
    numbers = f"/v1/numbers/{number.id}/sip-credentials"
    one = f"{numbers}/{cred['id']}"
    table: list[tuple[str, str, object, int, str, str | None]] = [
        # method, path, JSON body (str: raw bytes), status, code, field named in `errors`
        ("POST", numbers, {"label": 5}, 400, "validation_failed", "label"),
        ("POST", numbers, {"label": ["a"]}, 400, "validation_failed", "label"),
        ("POST", numbers, {"label": "x" * 101}, 400, "validation_failed", "label"),
        ("POST", numbers, {"label": "x" * 100_000}, 400, "json_string_too_long", "label"),
        ("POST", numbers, {"label": "bell\u0007"}, 400, "validation_failed", "label"),
        ("POST", numbers, "{not json", 400, "invalid_json", None),
        ("POST", numbers, [1, 2], 400, "validation_failed", None),
        ("POST", numbers, "42", 400, "validation_failed", None),
        ("POST", "/v1/numbers/nope/sip-credentials", {}, 400, "validation_failed", "id"),
        ("POST", f"/v1/numbers/{UNKNOWN_ID}/sip-credentials", {}, 404, "number_not_found", None),
        ("POST", f"/v1/numbers/{NOT_A_UUID_36}/sip-credentials", {}, 404, "number_not_found", None),
        ("GET", "/v1/numbers/nope/sip-credentials", None, 400, "validation_failed", "id"),
        ("GET", f"{numbers}/nope", None, 400, "validation_failed", "cred_id"),
        ("GET", f"{numbers}/{'x' * 37}", None, 400, "validation_failed", "cred_id"),
        ("GET", f"{numbers}/{NOT_A_UUID_36}", None, 404, "credential_not_found", None),
        ("GET", f"{numbers}/{UNKNOWN_ID}", None, 404, "credential_not_found", None),
        ("POST", f"{one}/rotate", {"grace_seconds": -1}, 400, "validation_failed", "grace_seconds"),
        (
            "POST",
            f"{one}/rotate",
            {"grace_seconds": 3601},
            400,
            "validation_failed",
            "grace_seconds",
        ),
        (
            "POST",
            f"{one}/rotate",
            {"grace_seconds": "10"},
            400,
            "validation_failed",
            "grace_seconds",
        ),
        (
            "POST",
            f"{one}/rotate",
            {"grace_seconds": 1.5},
            400,
            "validation_failed",
            "grace_seconds",
        ),
        (
            "POST",
            f"{one}/rotate",
            {"grace_seconds": True},
            400,
            "validation_failed",
            "grace_seconds",
        ),
        (
            "POST",
            f"{one}/rotate",
            {"grace_seconds": None},
            400,
            "validation_failed",
            "grace_seconds",
        ),
        ("POST", f"{one}/rotate", "{", 400, "invalid_json", None),
        ("POST", f"{numbers}/nope/rotate", {}, 400, "validation_failed", "cred_id"),
        ("POST", f"{numbers}/{UNKNOWN_ID}/rotate", {}, 404, "credential_not_found", None),
        ("DELETE", f"{numbers}/nope", None, 400, "validation_failed", "cred_id"),
        ("DELETE", f"{numbers}/{UNKNOWN_ID}", None, 404, "credential_not_found", None),
        ("PUT", one, {}, 405, "method_not_allowed", None),
    ]
    for method, path, body, status, code, field in table:
        if isinstance(body, str):
            reply = await api.client.request(
                method,
                path,
                content=body,
                headers={**api.headers, "Content-Type": "application/json"},
            )
        else:
            reply = await api.client.request(method, path, json=body, headers=api.headers)
        case = f"{method} {path[:80]} {str(body)[:40]}"
        assert reply.status_code == status, (case, reply.text)
        assert reply.headers["content-type"].startswith("application/problem+json"), case
        problem = reply.json()
        assert problem["code"] == code and problem["request_id"], (case, problem)
        if field is not None:
            assert field in [e["field"] for e in problem["errors"]], (case, problem)
    unauthenticated = await api.client.post(numbers, json={})
    assert unauthenticated.status_code == 401
    # Nothing above changed the credential.
    listed = await api.client.get(numbers, headers=api.headers)
    assert [c["id"] for c in listed.json()["data"]] == [cred["id"]]
    assert await api.stack.valid(cred["username"], cred["password"])


async def test_get_number_shows_sip_credentials_and_routing_urls_lists_neither(api: Api) -> None:
    number = await api.claim()
    created = (await api.create(number.id)).json()
    urls = {
        "voice_callback_url": "https://hooks.example.net/voice",
        "events_url": "https://hooks.example.net/events",
    }
    routed = await api.client.patch(
        f"/v1/numbers/{number.id}/routing", json=urls, headers=api.headers
    )
    assert routed.status_code == 200, routed.text
    for ref in (number.id, number.number_id):
        held = await api.client.get(f"/v1/numbers/{ref}", headers=api.headers)
        assert held.status_code == 200, held.text
        body = held.json()
        assert {k: body.get(k) for k in urls} == urls
        assert [c["id"] for c in body["sip_credentials"]] == [created["id"]]
    listed = (await api.client.get("/v1/numbers", headers=api.headers)).json()["data"]
    assert not {"sip_credentials", *urls} & set(listed[0]), "only GET /v1/numbers/{id}"
    # Another workspace learns nothing of either.
    other = await api.client.get(f"/v1/numbers/{number.id}", headers=api.stranger_headers)
    assert other.status_code == 404


async def test_get_number_without_routing_urls_omits_them(api: Api) -> None:
    number = await api.claim()
    body = (await api.client.get(f"/v1/numbers/{number.id}", headers=api.headers)).json()
    assert "voice_callback_url" not in body and "events_url" not in body
