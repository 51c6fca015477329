"""HTTP conventions of the public API, exercised through the ASGI app without a database:
problem+json errors, request ids, body limits, docs that render offline, metrics, access log.

Only paths that never reach PostgreSQL are used here (routes of a test router, auth failures
decided before any lookup); the database-backed flows are integration tests."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator

import grpc
import httpx
import pytest
from prometheus_client import generate_latest

from gateway.app import create_app
from gateway.problems import ApiProblem
from gateway.routes import PublicRouter, RequestBody
from gateway.settings import GatewaySettings
from platform_common.errors import FieldViolation, RemoteError

UNREACHABLE_DB = "postgresql://nobody@127.0.0.1:1/none"


class Label(RequestBody):
    label: str
    count: int | None = None
    note: str | None = None


router = PublicRouter()


@router.post("/v1/test/labels", status_code=201, response_model=Label)
async def create_label(body: Label) -> Label:
    return body


@router.get("/v1/test/boom")
async def boom() -> None:
    raise RuntimeError("password=hunter2 at db-7.internal")


@router.get("/v1/test/remote")
async def remote_failure() -> None:
    raise RemoteError(
        grpc.StatusCode.FAILED_PRECONDITION,
        "wallet_insufficient_funds",
        "balance 100 is below 5000",
    )


@router.get("/v1/test/remote-invalid")
async def remote_invalid() -> None:
    raise RemoteError(
        grpc.StatusCode.INVALID_ARGUMENT,
        "validation_failed",
        "e164 is not a Kenyan number",
        violations=[FieldViolation("e164", "must be a +254 number")],
    )


@router.get("/v1/test/teapot")
async def teapot() -> None:
    raise ApiProblem(409, "number_unavailable", "someone else got it")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    settings = GatewaySettings(database_url=UNREACHABLE_DB, max_body_bytes=1024 * 1024)
    app = create_app(settings, extra_routers=[router])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
        yield http


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"https://docs.sautikit.com/errors/{code}"
    assert body["title"]
    assert body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    return body


async def test_malformed_json_is_400_invalid_json(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/test/labels", content=b'{"label": ', headers={"content-type": "application/json"}
    )
    assert_problem(response, 400, "invalid_json")


async def test_json_without_content_type_is_415(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/test/labels", content=b'{"label": "a"}')
    assert_problem(response, 415, "unsupported_media_type")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, ["label"]),
        ({"label": 5}, ["label"]),
        ({"label": "a", "count": "many"}, ["count"]),
        ({"count": [1]}, ["label", "count"]),
        ([], ["body"]),
        ("just a string", ["body"]),
    ],
)
async def test_validation_errors_are_400_naming_each_field(
    client: httpx.AsyncClient, body: object, fields: list[str]
) -> None:
    response = await client.post("/v1/test/labels", json=body)
    problem = assert_problem(response, 400, "validation_failed")
    errors = problem["errors"]
    assert isinstance(errors, list)
    assert [e["field"] for e in errors] == fields
    assert all(e["message"] for e in errors)


async def test_unknown_fields_are_ignored_and_nulls_omitted(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/test/labels", json={"label": "main", "note": None, "colour": "red", "count": 2}
    )
    assert response.status_code == 201
    assert response.json() == {"label": "main", "count": 2}


async def test_unknown_route_is_404_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/no-such-thing"), 404, "not_found")
    assert_problem(await client.get("/v1/wallet/"), 404, "not_found")


async def test_wrong_method_is_405_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.delete("/v1/test/labels")
    assert_problem(response, 405, "method_not_allowed")
    assert "POST" in response.headers["allow"]


async def test_declared_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/test/labels",
        content=b"{" + b" " * (1024 * 1024) + b"}",
        headers={"content-type": "application/json"},
    )
    assert_problem(response, 413, "payload_too_large")


async def test_streamed_oversized_body_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"label": "'
        for _ in range(20):
            yield b"x" * 65536
        yield b'"}'

    response = await client.post(
        "/v1/test/labels", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert_problem(response, 413, "payload_too_large")


async def test_body_just_under_the_limit_is_accepted(client: httpx.AsyncClient) -> None:
    # Strings of 10,000 characters (the longest a JSON body may hold) up to just under 1 MiB.
    chunk = "x" * 10_000
    filler = [chunk] * ((1024 * 1024 - 1024) // (len(chunk) + 3))
    body = {"label": "a", "ignored": filler}
    body["pad"] = "y" * (1024 * 1024 - 1 - len(json.dumps(body, separators=(",", ":"))) - 9)
    raw = json.dumps(body, separators=(",", ":")).encode()
    assert len(raw) == 1024 * 1024 - 1
    response = await client.post(
        "/v1/test/labels", content=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 201, response.text


async def test_unexpected_exception_is_500_without_details(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await client.get("/v1/test/boom")
    problem = assert_problem(response, 500, "internal_error")
    assert "hunter2" not in response.text and "db-7" not in response.text
    assert problem["request_id"]
    assert any("hunter2" in (r.exc_text or "") or r.exc_info for r in caplog.records)


async def test_remote_errors_map_through_the_table(client: httpx.AsyncClient) -> None:
    problem = assert_problem(await client.get("/v1/test/remote"), 402, "wallet_insufficient_funds")
    assert problem["detail"] == "balance 100 is below 5000"
    invalid = assert_problem(await client.get("/v1/test/remote-invalid"), 400, "validation_failed")
    assert invalid["errors"] == [{"field": "e164", "message": "must be a +254 number"}]
    assert_problem(await client.get("/v1/test/teapot"), 409, "number_unavailable")


async def test_sane_request_id_is_echoed_otherwise_replaced(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/no-such-thing", headers={"X-Request-Id": "req-abc.123"})
    assert response.headers["x-request-id"] == "req-abc.123"
    assert response.json()["request_id"] == "req-abc.123"
    response = await client.get("/v1/no-such-thing", headers={"X-Request-Id": "a b;c"})
    generated = response.headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", generated)
    ok = await client.post("/v1/test/labels", json={"label": "a"})
    assert ok.headers["x-request-id"]


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        (None, "authentication_required"),
        ("", "authentication_required"),
        ("Bearer", "authentication_required"),
        ("Bearer    ", "authentication_required"),
        ("Basic dXNlcjpwYXNz", "invalid_api_key"),
        ("Bearer sk_live_tooshort", "invalid_api_key"),
        ("Bearer two words", "invalid_api_key"),
        ("Token sk_live_" + "a" * 43, "invalid_api_key"),
    ],
)
async def test_auth_failures_decided_without_the_database(
    client: httpx.AsyncClient, authorization: str | None, code: str
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = await client.get("/v1/wallet", headers=headers)
    assert_problem(response, 401, code)
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_docs_render_from_local_assets_only(client: httpx.AsyncClient) -> None:
    page = await client.get("/v1/docs")
    assert page.status_code == 200
    html = page.text
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    urls += re.findall(r"url: '([^']+)'", html)
    assert len(urls) >= 4, html
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert asset.content
    assert "https://" not in re.sub(r"https://docs\.sautikit\.com[^\"']*", "", html)
    assert '"validatorUrl": null' in html


async def test_openapi_documents_problems_not_fastapi_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert {"/v1/healthz", "/v1/wallet", "/v1/wallet/ledger"} <= set(document["paths"])
    assert "Problem" in document["components"]["schemas"]
    assert "HTTPValidationError" not in json.dumps(document)
    ledger = document["paths"]["/v1/wallet/ledger"]["get"]
    assert "default" in ledger["responses"]
    assert ledger["security"] == [{"HTTPBearer": []}]
    assert "/metrics" not in document["paths"]


async def test_metrics_are_counted_but_not_served_on_the_public_port(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/v1/no-such-thing")
    assert_problem(await client.get("/metrics"), 404, "not_found")
    assert re.search(
        r'gateway_http_requests_total\{method="GET",route="unmatched",status="404"\} \d',
        generate_latest().decode(),
    )


async def test_one_access_log_line_per_request_without_the_key(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "sk_live_" + "Z" * 43
    with caplog.at_level(logging.INFO, logger="gateway.access"):
        response = await client.get(
            "/v1/wallet?limit=3", headers={"Authorization": f"Bearer {secret[:-1]}"}
        )
    lines = [r for r in caplog.records if r.name == "gateway.access"]
    assert len(lines) == 1
    line = lines[0].__dict__
    assert (line["method"], line["path"], line["status"]) == ("GET", "/v1/wallet", 401)
    assert isinstance(line["duration_ms"], float)
    assert line["workspace_id"] is None
    assert response.headers["x-request-id"]
    assert all(secret[:-1] not in str(r.__dict__) for r in caplog.records)


@pytest.mark.parametrize(
    "path",
    ["/v1/test/teapot", "/v1/no-such-route", "/v1/test/labels"],
    ids=["problem", "404", "405"],
)
async def test_every_response_carries_the_security_headers(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_405_allow_lists_every_method_of_the_path(client: httpx.AsyncClient) -> None:
    response = await client.put("/v1/numbers/01900000-0000-7000-8000-000000000001")
    assert_problem(response, 405, "method_not_allowed")
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert allowed == {"GET", "PATCH", "DELETE"}
