"""Bodies are checked before any route parses them (gateway/body_guards.py), through real
uvicorn on loopback, real PostgreSQL (API keys) and a real gRPC server standing in for the
services: a body that is not JSON is 415, a too-deep or too-long JSON body is 400 with a stable
code, and none of them reaches a service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from gateway.app import create_app
from gateway.body_guards import json_shape_problem
from gateway.settings import GatewaySettings
from gateway.testing import create_workspace, serving_http
from tests.integration.catch_all_grpc import CatchAll, serving_catch_all

ORDER = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"


@dataclass
class Edge:
    client: httpx.AsyncClient
    upstream: CatchAll
    auth: dict[str, str]


@pytest.fixture
async def edge(database_url: str) -> AsyncIterator[Edge]:
    upstream = CatchAll()
    async with serving_catch_all(upstream) as address:
        settings = GatewaySettings(
            database_url=database_url,
            nats_url="nats://127.0.0.1:1",
            inventory_addr=address,
            wallet_addr=address,
            credentials_addr=address,
            routing_addr=address,
        )
        workspace = await create_workspace(database_url)
        auth = {"Authorization": f"Bearer {workspace.api_key.key}"}
        async with (
            serving_http(create_app(settings)) as url,
            httpx.AsyncClient(base_url=url) as client,
        ):
            yield Edge(client, upstream, auth)


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code
    assert response.json()["request_id"] == response.headers["x-request-id"]


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonx",
        "multipart/form-data; boundary=x",
    ],
)
async def test_a_body_that_is_not_json_is_415_and_never_reaches_a_service(
    edge: Edge, content_type: str | None
) -> None:
    headers = dict(edge.auth)
    if content_type:
        headers["Content-Type"] = content_type
    response = await edge.client.post(
        "/v1/wallet/topups",
        content=b'{"amount_minor": 100, "phone": "254700000000"}',
        headers=headers,
    )
    assert_problem(response, 415, "unsupported_media_type")
    assert edge.upstream.calls == []


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/merge-patch+json",
    ],
)
async def test_json_types_pass_the_guard(edge: Edge, content_type: str) -> None:
    response = await edge.client.post(
        "/v1/wallet/topups",
        content=b'{"amount_minor": 100, "phone": "254700000000"}',
        headers={**edge.auth, "Content-Type": content_type},
    )
    # The stand-in service fails every call: the request got past the guard to the service.
    assert response.status_code == 500, response.text
    assert edge.upstream.calls == ["/sautikit.wallet.v1.TopupService/StartTopup"]


async def test_a_bodyless_post_needs_no_content_type(edge: Edge) -> None:
    response = await edge.client.post("/v1/webhook-secret/rotate", headers=edge.auth)
    assert response.status_code == 500  # reached the (failing) service
    assert edge.upstream.calls == ["/sautikit.routing.v1.DeliveryService/RotateWebhookSecret"]


async def test_the_attachment_upload_takes_multipart_and_only_multipart(edge: Edge) -> None:
    path = f"/v1/number-orders/{ORDER}/attachments"
    response = await edge.client.post(
        path, headers=edge.auth, data={"document_type": "id"}, files={"file": ("a.pdf", b"%PDF")}
    )
    assert response.status_code == 500  # reached the (failing) orders service
    assert len(edge.upstream.calls) == 1
    response = await edge.client.post(path, headers=edge.auth, json={"document_type": "id"})
    assert_problem(response, 415, "unsupported_media_type")
    assert len(edge.upstream.calls) == 1


async def test_an_mpesa_callback_is_taken_whatever_its_content_type(edge: Edge) -> None:
    response = await edge.client.post(
        "/v1/mpesa/callbacks/token123",
        content=b'{"Body": {}}',
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 503  # the (failing) wallet did not record it; not a 415
    assert edge.upstream.calls == ["/sautikit.wallet.v1.TopupService/ReceiveTopupCallback"]


@pytest.mark.parametrize("depth", [33, 100_000])
async def test_json_nested_too_deep_is_400_without_parsing(edge: Edge, depth: int) -> None:
    response = await edge.client.post(
        "/v1/wallet/topups",
        content=b"[" * depth + b"]" * depth,
        headers={**edge.auth, "Content-Type": "application/json"},
    )
    assert_problem(response, 400, "json_too_deep")
    assert edge.upstream.calls == []


async def test_an_unclosed_100k_deep_body_is_a_clean_400(edge: Edge) -> None:
    response = await edge.client.post(
        "/v1/numbers/x/routing",
        content=b'{"a":' * 100_000,
        headers={**edge.auth, "Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] in {"json_too_deep", "invalid_json"}


async def test_json_at_the_depth_limit_is_read(edge: Edge) -> None:
    nested = b'{"a":' * 31 + b"1" + b"}" * 31  # 32 levels with the body's own object
    body = b'{"amount_minor": 100, "phone": "254700000000", "x": ' + nested + b"}"
    response = await edge.client.post(
        "/v1/wallet/topups", content=body, headers={**edge.auth, "Content-Type": "application/json"}
    )
    assert response.status_code == 500  # reached the (failing) service
    assert len(edge.upstream.calls) == 1


async def test_a_string_over_10k_characters_is_400(edge: Edge) -> None:
    response = await edge.client.post(
        "/v1/wallet/topups",
        json={"amount_minor": 100, "phone": "254700000000", "note": "x" * 10_001},
        headers=edge.auth,
    )
    assert_problem(response, 400, "json_string_too_long")
    assert edge.upstream.calls == []


def test_the_scan_counts_characters_not_bytes_and_ignores_brackets_in_strings() -> None:
    caps = {"max_depth": 2, "max_string_chars": 10}
    assert json_shape_problem(('["' + "é" * 10 + '"]').encode(), **caps) is None  # 20 bytes
    assert json_shape_problem(b'["\\u00e9\\u00e9\\u00e9\\u00e9"]', **caps) is None
    assert (
        json_shape_problem(
            b'["[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]', **{**caps, "max_string_chars": 99}
        )
        is None
    )
    assert (
        json_shape_problem(
            b'["\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["]', **{**caps, "max_string_chars": 99}
        )
        is None
    )
    deep = json_shape_problem(b"[[[1]]]", **caps)
    assert deep is not None and deep.code == "json_too_deep"
    long = json_shape_problem(b'["' + b"a" * 11 + b'"]', **caps)
    assert long is not None and long.code == "json_string_too_long"
    # An unterminated string ends the scan (the parser refuses the body) in linear time.
    assert json_shape_problem(b'["' + b'\\"' * 500_000, **caps) is None
