"""No stack trace or internal detail in any response: every operation of the OpenAPI document
is called with a valid request while its gRPC dependency fails in each way the gateway can
meet (a servicer bug, an INTERNAL status carrying internals, nothing listening), through real
uvicorn, real PostgreSQL and real gRPC servers. Every answer must be a bare problem with a
request id: the standard members and nothing else, no upstream text."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.testing import create_workspace, serving_http
from tests.integration.catch_all_grpc import (
    CatchAll,
    abort_internal,
    raise_unexpected,
    serving_catch_all,
)

ID = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
PROBLEM_MEMBERS = {"type", "title", "status", "detail", "code", "request_id"}
LEAKS = (
    "traceback",
    "secret.py",
    "runtimeerror",
    "psycopg",
    "10.0.0.7",
    "127.0.0.1",
    "grpc",
    "exception",
)
NOT_UPSTREAM = {"/v1/healthz"}  # answers from its own checks, never a problem
# Console accounts, members and API keys live in the gateway's own tables: no gRPC dependency
# to fail (their bad-input answers are covered by tests/integration/test_console_*.py).
NOT_UPSTREAM |= {
    "/v1/users",
    "/v1/sessions",
    "/v1/sessions/current",
    "/v1/password-resets",
    "/v1/password-resets/confirm",
    "/v1/members",
    "/v1/members/{user_id}",
    "/v1/invitations",
    "/v1/invitations/accept",
    "/v1/api-keys",
    "/v1/api-keys/{id}",
}


def example(schema: dict[str, Any], components: dict[str, Any]) -> Any:
    """A small valid instance of a request schema: its required members, or its first one
    when none is required (a PATCH needs one; "this or that" bodies want the first)."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[1]], components)
    if "anyOf" in schema:
        return example(next(s for s in schema["anyOf"] if s.get("type") != "null"), components)
    if "examples" in schema:
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        names = list(schema.get("required", [])) or list(properties)[:1]
        return {name: example(properties[name], components) for name in names}
    if kind == "integer":
        return int(schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1) or 1) * 100
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if schema.get("format") == "uri":
        return "https://example.com/hook"
    return "a" * max(1, schema.get("minLength", 1))


def requests_for(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    components = document["components"]["schemas"]
    calls = []
    for path, item in document["paths"].items():
        if path in NOT_UPSTREAM:
            continue
        for method, operation in item.items():
            query = {
                p["name"]: example(p["schema"], components)
                for p in operation.get("parameters", [])
                if p["in"] == "query" and p.get("required")
            }
            options: dict[str, Any] = {"params": query}
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                options["json"] = example(content["application/json"]["schema"], components)
            elif "multipart/form-data" in content:
                options["data"] = {"document_type": "national_id"}
                options["files"] = {"file": ("id.pdf", b"%PDF-1.4", "application/pdf")}
            url = path
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    url = url.replace("{" + parameter["name"] + "}", ID)
            calls.append((method.upper(), url, options))
    return calls


def settings(database_url: str, address: str) -> GatewaySettings:
    return GatewaySettings(
        database_url=database_url,
        nats_url="nats://127.0.0.1:1",
        inventory_addr=address,
        wallet_addr=address,
        credentials_addr=address,
        routing_addr=address,
        upstream_timeout_seconds=2,
    )


@contextlib.asynccontextmanager
async def upstream_for(failure: str) -> AsyncIterator[tuple[str, CatchAll | None]]:
    if failure == "down":
        yield "127.0.0.1:1", None
        return
    handler = CatchAll(behaviour=raise_unexpected if failure == "servicer-bug" else abort_internal)
    async with serving_catch_all(handler) as address:
        yield address, handler


@pytest.mark.parametrize(
    ("failure", "status", "code"),
    [
        ("servicer-bug", 500, "internal_error"),
        ("internal-status", 500, "internal_error"),
        ("down", 503, "service_unavailable"),
    ],
)
async def test_every_operation_answers_a_bare_problem(
    database_url: str, failure: str, status: int, code: str
) -> None:
    workspace = await create_workspace(database_url)
    live = {"Authorization": f"Bearer {workspace.api_key.key}"}
    # Test mode's tools (/v1/test/*) answer only test keys; a live key gets 404 before them.
    sandbox = await create_workspace(database_url, name="Sandbox", key_mode="test")
    test = {"Authorization": f"Bearer {sandbox.api_key.key}"}
    async with upstream_for(failure) as (address, handler):
        app = create_app(settings(database_url, address))
        calls = requests_for(app.openapi())
        assert len(calls) > 30, "every operation of the document"
        async with serving_http(app) as url, httpx.AsyncClient(base_url=url) as client:
            answers = [
                (
                    method,
                    path,
                    await client.request(
                        method,
                        path,
                        headers=test if path.startswith("/v1/test/") else live,
                        **options,
                    ),
                )
                for method, path, options in calls
            ]
    wrong = []
    for method, path, response in answers:
        body = response.text
        problem = (
            json.loads(body)
            if response.headers.get("content-type") == "application/problem+json"
            else {}
        )
        if (
            response.status_code != status
            or problem.get("code") != code
            or set(problem) != PROBLEM_MEMBERS
            or problem["request_id"] != response.headers.get("x-request-id")
            or any(leak in body.lower() for leak in LEAKS)
        ):
            wrong.append(f"{method} {path}: {response.status_code} {body[:300]}")
    assert wrong == []
    if handler is not None:  # every operation really reached the failing service
        assert len(handler.calls) >= len(calls)
