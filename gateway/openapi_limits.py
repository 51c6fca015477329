"""States in the OpenAPI document the limits the server enforces outside the route models, so a
schema-driven client never meets an undocumented 400, 413, 415 or 429:

- header formats: `Idempotency-Key` (1..255 printable ASCII, idempotency.check_key), and
  `Sautikit-Workspace` and `X-Organization-Id` (each a UUID, auth.parse_tenant_headers);
- every JSON request-body string without a maxLength of its own gets the body guard's cap;
- every PATCH body needs at least one member (each PATCH route refuses an empty one);
- 413 and 415 on every operation that takes a body, 429 (with its headers) on every operation
  the rate limits cover.
"""

from __future__ import annotations

from typing import Any

from gateway.auth import ORGANIZATION_HEADER, WORKSPACE_HEADER
from gateway.idempotency import MAX_KEY_CHARS
from gateway.problems import PROBLEM_CONTENT_TYPE
from gateway.rate_limit_middleware import route_class

_PROBLEM = {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
_INTEGER_HEADER = {"schema": {"type": "integer", "minimum": 0}}
HEADER_SCHEMAS: dict[str, dict[str, Any]] = {
    "Idempotency-Key": {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_KEY_CHARS,
        "pattern": "^[ -~]+$",
    },
    WORKSPACE_HEADER: {"type": "string", "format": "uuid"},
    ORGANIZATION_HEADER: {"type": "string", "format": "uuid"},
}


def state_limits(
    schema: dict[str, Any], *, max_string_chars: int, max_body_bytes: int, json_max_depth: int
) -> None:
    """Edits the document in place (see the module docstring)."""
    components = schema.get("components", {}).get("schemas", {})
    for path, path_item in schema.get("paths", {}).items():
        for method, operation in path_item.items():
            _state_headers(operation)
            responses = operation.setdefault("responses", {})
            body = operation.get("requestBody")
            if body is not None:
                json_body = body.get("content", {}).get("application/json")
                if json_body is not None:
                    _cap_strings(json_body["schema"], components, max_string_chars, set())
                    if method == "patch":
                        _resolve(json_body["schema"], components)["minProperties"] = 1
                    responses.setdefault(
                        "400",
                        {
                            "description": "validation_failed, invalid_json, json_too_deep "
                            f"(more than {json_max_depth} levels), json_string_too_long",
                            "content": _PROBLEM,
                        },
                    )
                responses.setdefault(
                    "413",
                    {
                        "description": (
                            f"payload_too_large: the body exceeds {max_body_bytes} bytes"
                        ),
                        "content": _PROBLEM,
                    },
                )
                accepted = " or ".join(body.get("content", {})) or "application/json"
                responses.setdefault(
                    "415",
                    {
                        "description": f"unsupported_media_type: send the body as {accepted}",
                        "content": _PROBLEM,
                    },
                )
            if route_class(method.upper(), path) is not None:
                responses.setdefault(
                    "429",
                    {
                        "description": "rate_limited: too many requests for this key or address; "
                        "the request was not executed. Retry after Retry-After seconds.",
                        "headers": {
                            name: _INTEGER_HEADER
                            for name in (
                                "Retry-After",
                                "RateLimit-Limit",
                                "RateLimit-Remaining",
                                "RateLimit-Reset",
                            )
                        },
                        "content": _PROBLEM,
                    },
                )


def _state_headers(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") == "header" and parameter.get("name") in HEADER_SCHEMAS:
            parameter["schema"] = {
                **HEADER_SCHEMAS[parameter["name"]],
                "title": parameter["name"],
                **(
                    {"description": parameter["schema"]["description"]}
                    if "description" in parameter.get("schema", {})
                    else {}
                ),
            }


def _resolve(node: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return components[ref.rsplit("/", 1)[1]]  # type: ignore[no-any-return]
    for branch in node.get("anyOf", []):
        if branch.get("type") != "null":
            return _resolve(branch, components)
    return node


def _cap_strings(node: Any, components: dict[str, Any], max_chars: int, seen: set[str]) -> None:
    """Adds maxLength to every string reachable from a JSON request-body schema."""
    if not isinstance(node, dict):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[1]
        if name not in seen:
            seen.add(name)
            _cap_strings(components.get(name), components, max_chars, seen)
        return
    if node.get("type") == "string" and "maxLength" not in node and "enum" not in node:
        node["maxLength"] = max_chars
    for key in ("properties", "patternProperties"):
        for child in node.get(key, {}).values():
            _cap_strings(child, components, max_chars, seen)
    for key in ("items", "additionalProperties"):
        _cap_strings(node.get(key), components, max_chars, seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for child in node.get(key, []):
            _cap_strings(child, components, max_chars, seen)
