"""Walks the OpenAPI document and checks it states every limit the server enforces, so a
schema-driven client never meets an undocumented 400, 413, 415 or 429."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gateway.app import create_app
from gateway.settings import GatewaySettings

Node = dict[str, Any]


@pytest.fixture(scope="module")
def document() -> Node:
    app = create_app(GatewaySettings(database_url="postgresql://unused@127.0.0.1:1/unused"))
    return app.openapi()


def operations(document: Node) -> Iterator[tuple[str, str, Node]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def walk(node: Any, components: Node, where: str, seen: set[str]) -> Iterator[tuple[str, Node]]:
    """Every schema node reachable from `node`, with a readable location."""
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[1]
        if name not in seen:
            yield from walk(components[name], components, name, seen | {name})
        return
    yield where, node
    for key in ("properties", "patternProperties"):
        for child_name, child in node.get(key, {}).items():
            yield from walk(child, components, f"{where}.{child_name}", seen)
    for key in ("items", "additionalProperties"):
        yield from walk(node.get(key), components, f"{where}[]", seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for child in node.get(key, []):
            yield from walk(child, components, where, seen)


def json_bodies(document: Node) -> Iterator[tuple[str, str, Node]]:
    for method, path, operation in operations(document):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is not None:
            yield method, path, body["schema"]


def test_every_request_body_string_has_a_max_length(document: Node) -> None:
    components = document["components"]["schemas"]
    unbounded = [
        f"{method} {path} {where}"
        for method, path, schema in json_bodies(document)
        for where, node in walk(schema, components, "body", set())
        if node.get("type") == "string" and "maxLength" not in node and "enum" not in node
    ]
    assert unbounded == []


def test_every_request_integer_has_bounds(document: Node) -> None:
    components = document["components"]["schemas"]
    nodes = [
        (f"{method} {path} {where}", node)
        for method, path, schema in json_bodies(document)
        for where, node in walk(schema, components, "body", set())
    ] + [
        (f"{method} {path} {parameter['name']}", parameter["schema"])
        for method, path, operation in operations(document)
        for parameter in operation.get("parameters", [])
    ]
    unbounded = [
        where
        for where, node in nodes
        for branch in [node, *node.get("anyOf", [])]
        if branch.get("type") == "integer"
        and not (
            {"minimum", "exclusiveMinimum"} & branch.keys()
            and {"maximum", "exclusiveMaximum"} & branch.keys()
        )
    ]
    assert unbounded == []


def test_every_enum_is_named(document: Node) -> None:
    components = document["components"]["schemas"]
    inline = [
        f"{method} {path} {where}"
        for method, path, schema in json_bodies(document)
        for where, node in walk(schema, components, "body", set())
        if "enum" in node and "." in where  # a property's own enum, not a named component
    ] + [
        f"{method} {path} {parameter['name']}"
        for method, path, operation in operations(document)
        for parameter in operation.get("parameters", [])
        for branch in [parameter["schema"], *parameter["schema"].get("anyOf", [])]
        if "enum" in branch
    ]
    assert inline == []


def test_every_patch_body_needs_a_member(document: Node) -> None:
    components = document["components"]["schemas"]
    patches = [
        (path, schema) for method, path, schema in json_bodies(document) if method == "patch"
    ]
    assert patches, "the API has PATCH routes"
    for path, schema in patches:
        target = components[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema
        assert target.get("minProperties", 0) >= 1, path


def header_schemas(document: Node) -> dict[str, list[tuple[str, Node]]]:
    """Every header parameter's schema, by header name, with the operation declaring it."""
    seen: dict[str, list[tuple[str, Node]]] = {}
    for method, path, operation in operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "header":
                seen.setdefault(parameter["name"], []).append(
                    (f"{method} {path}", parameter["schema"])
                )
    return seen


def test_headers_state_their_formats(document: Node) -> None:
    seen = header_schemas(document)
    for where, schema in seen["Idempotency-Key"]:
        assert (schema["minLength"], schema["maxLength"]) == (1, 255), where
        assert schema["pattern"] == "^[ -~]+$", where


def test_both_tenant_context_headers_are_uuids_wherever_they_appear(document: Node) -> None:
    # The gateway answers 400 for either header when it is not a UUID (auth.parse_tenant_headers).
    seen = header_schemas(document)
    workspace = [where for where, _ in seen["Sautikit-Workspace"]]
    organization = [where for where, _ in seen["X-Organization-Id"]]
    assert workspace and workspace == organization  # declared together, on every operation
    not_uuid = [
        f"{where} {name}"
        for name in ("Sautikit-Workspace", "X-Organization-Id")
        for where, schema in seen[name]
        if (schema.get("type"), schema.get("format")) != ("string", "uuid")
    ]
    assert not_uuid == []


def test_body_size_type_and_rate_limit_answers_are_documented(document: Node) -> None:
    missing = []
    for method, path, operation in operations(document):
        responses = operation["responses"]
        expected = [] if path in {"/v1/healthz"} else ["429"]
        if "requestBody" in operation:
            expected += ["413", "415"]
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            expected += ["400"]
        missing += [f"{method} {path} {status}" for status in expected if status not in responses]
    assert missing == []
    rate_limited = document["paths"]["/v1/wallet"]["get"]["responses"]["429"]
    assert {"Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(
        rate_limited["headers"]
    )
