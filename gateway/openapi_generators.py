"""Rules that make the OpenAPI document fit for client generators (openapi-python-client and
the like), applied to the whole document so no route has to remember them:

- every shared enum (gateway/schemas/enums.py) is a named component, also where a response
  documents a plain string as one (`documented_as`);
- an optional request body is the model itself with `required: false`, not
  `anyOf [model, null]` (a generated client would send an unset value it cannot encode);
- an optional query or header parameter is its type, not `anyOf [type, null]` (leaving it
  out is how a client says "no filter");
- a response object's optional member is its type, not `anyOf [type, null]`: the API omits
  nulls from responses (DESIGN.md §9), so a generated model need not expect one (request
  bodies and webhook payloads keep their nulls: there null can mean "clear");
- every error response is a `Problem` and lists its stable codes: the leading snake_case
  words of the response's description (`"number_released, credential_revoked: why"`) become
  `x-problem-codes` and one example each; an operation's responses with known codes name
  `<OperationId>Problem`, the Problem whose `code` is `<OperationId>ProblemCode` (all the
  operation's known codes) or any other string (see `_problem_specialisation`);
- every request body and success response has an example, built from the schema's own
  examples and defaults, else from field names shared with the README (ids, E.164, KES ...);
- `servers` names the public base URL.

tests/unit/test_openapi_for_generators.py checks the outcome on every operation.
"""

from __future__ import annotations

import copy
import re
from http import HTTPStatus
from typing import Any

from gateway.problems import PROBLEM_CONTENT_TYPE, TYPE_BASE
from gateway.schemas.enums import SHARED_ENUMS, enum_component

Node = dict[str, Any]
PROBLEM_REF = "#/components/schemas/Problem"
_CODE = re.compile(r"^\s*([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")

# Values shared with README.md and the seed journey, by field name.
EXAMPLE_ID = "01900000-0000-7000-8000-000000000001"
_STRING_EXAMPLES: dict[str, str] = {
    "e164": "+254712345678",
    "number": "+254712345678",
    "from": "+254722000111",
    "to": "+254712345678",
    "currency": "KES",
    "country": "KE",
    "label": "main-ivr",
    "username": "u7k2m9q4x8",
    "password": "Xq4-kTz9vL2mWp7RbN3sYc8H",
    "voice_callback_url": "https://ivr.example.com/voice",
    "events_url": "https://ivr.example.com/events",
    "url": "https://ivr.example.com/events",
    "phone": "254708374149",
    "next_cursor": "eyJhZnRlciI6IjAxOTAwMDAwIn0",
    "request_id": "req_01900000000070008000000000000001",
}
EXAMPLE_TIME = "2026-11-01T09:00:00Z"
_INTEGER_EXAMPLES: dict[str, int] = {
    "amount_minor": 50000,
    "balance_minor": 150000,
    "available_minor": 150000,
    "balance_after_minor": 150000,
    "inbound_per_min_minor": 200,
    "outbound_per_min_minor": 400,
}


def fit_for_generators(schema: Node, *, server_url: str) -> None:
    """Edits the document in place (see the module docstring)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for enum in SHARED_ENUMS:
        components.setdefault(enum.__name__, enum_component(enum))
    _unwrap_single_all_of(schema)
    _name_form_bodies(schema, components)
    _drop_null_from_response_members(schema, components)
    schema["servers"] = [{"url": server_url, "description": "This deployment's public API"}]
    for _path, path_item in schema.get("paths", {}).items():
        for _method, operation in path_item.items():
            _omittable_body(operation)
            _omittable_parameters(operation)
            _problem_codes(operation, components)
            _examples(operation, components)


def _unwrap_single_all_of(node: Any) -> None:
    """`{"allOf": [{"$ref": X}], ...}` -> `{"$ref": X, ...}` (OpenAPI 3.1 allows siblings)."""
    if isinstance(node, dict):
        all_of = node.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1 and set(all_of[0]) == {"$ref"}:
            del node["allOf"]
            node["$ref"] = all_of[0]["$ref"]
        for child in node.values():
            _unwrap_single_all_of(child)
    elif isinstance(node, list):
        for child in node:
            _unwrap_single_all_of(child)


def _name_form_bodies(schema: Node, components: Node) -> None:
    """FastAPI names a multipart body `Body_<operationId>`; a generated client would call the
    class `BodyAddNumberOrderAttachment`. It becomes `<OperationId>Form`."""
    renames = {}
    for name in list(components):
        if name.startswith("Body_"):
            operation_id = name.removeprefix("Body_")
            new_name = operation_id[:1].upper() + operation_id[1:] + "Form"
            components[new_name] = components.pop(name)
            components[new_name]["title"] = new_name
            renames[f"#/components/schemas/{name}"] = f"#/components/schemas/{new_name}"
    if renames:
        _rewrite_refs(schema, renames)


def _rewrite_refs(node: Any, renames: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref in renames:
            node["$ref"] = renames[ref]
        for child in node.values():
            _rewrite_refs(child, renames)
    elif isinstance(node, list):
        for child in node:
            _rewrite_refs(child, renames)


def _refs_in(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            found.add(ref.rsplit("/", 1)[1])
        for child in node.values():
            found |= _refs_in(child)
    elif isinstance(node, list):
        for child in node:
            found |= _refs_in(child)
    return found


def _closure(names: set[str], components: Node) -> set[str]:
    reached, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in reached or name not in components:
            continue
        reached.add(name)
        todo.extend(_refs_in(components[name]))
    return reached


def _drop_null_from_response_members(schema: Node, components: Node) -> None:
    sent: set[str] = set(_refs_in(schema.get("webhooks", {})))
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            sent |= _refs_in(operation.get("requestBody", {}))
            sent |= _refs_in(operation.get("parameters", []))
    received = _closure(
        {
            name
            for path_item in schema.get("paths", {}).values()
            for operation in path_item.values()
            for name in _refs_in(operation.get("responses", {}))
        },
        components,
    )
    for name in received - _closure(sent, components):
        component = components[name]
        required = set(component.get("required", []))
        for member, node in component.get("properties", {}).items():
            plain = _without_null(node)
            if member not in required and plain is not None:
                component["properties"][member] = plain


def _without_null(node: Node) -> Node | None:
    """The non-null branch of `anyOf [X, null]`, with the node's own annotations; None if the
    node is not that shape."""
    branches = node.get("anyOf")
    if not isinstance(branches, list) or len(branches) != 2:
        return None
    others = [b for b in branches if b != {"type": "null"}]
    if len(others) != 1:
        return None
    kept = {k: v for k, v in node.items() if k not in ("anyOf", "title")}
    return {**others[0], **kept}


def _omittable_body(operation: Node) -> None:
    body = operation.get("requestBody")
    if body is None:
        return
    for media in body.get("content", {}).values():
        plain = _without_null(media.get("schema", {}))
        if plain is not None:
            media["schema"] = plain
            body["required"] = False
    body.setdefault("required", False)


def _omittable_parameters(operation: Node) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") not in ("query", "header") or parameter.get("required"):
            continue
        plain = _without_null(parameter.get("schema", {}))
        if plain is not None:
            parameter["schema"] = plain


def problem_codes(description: str) -> list[str]:
    """The stable codes a response's description starts with: "a_b, c_d (note): why"."""
    head = description.split(":", 1)[0]
    codes = []
    for part in re.split(r",| or ", head):
        match = _CODE.match(part)
        if match:
            codes.append(match.group(1))
    return codes


def _problem_codes(operation: Node, components: Node) -> None:
    known: list[str] = []  # the operation's codes, in the order its responses list them
    specialised: list[Node] = []
    for status, response in operation.get("responses", {}).items():
        if not status.startswith(("4", "5")) and status != "default":
            continue
        media = response.get("content", {}).get(PROBLEM_CONTENT_TYPE)
        if media is None or media.get("schema", {}).get("$ref") != PROBLEM_REF:
            continue
        codes = problem_codes(response.get("description", ""))
        if not codes:
            continue
        # Responses share their content dicts (openapi_limits, docs); each gets its own.
        media = dict(media)
        response["content"] = {**response["content"], PROBLEM_CONTENT_TYPE: media}
        response["x-problem-codes"] = codes
        known += [code for code in codes if code not in known]
        specialised.append(media)
        numeric = int(status) if status.isdigit() else 400
        media["examples"] = {
            code: {"summary": code, "value": _problem_example(numeric, code)} for code in codes
        }
    if known:
        ref = _problem_specialisation(operation["operationId"], known, components)
        for media in specialised:
            media["schema"] = {"$ref": ref}


def problem_names(operation_id: str) -> tuple[str, str]:
    """The components naming an operation's problem and its code enum: claimNumber ->
    (ClaimNumberProblem, ClaimNumberProblemCode)."""
    base = operation_id[:1].upper() + operation_id[1:] + "Problem"
    return base, base + "Code"


def _problem_specialisation(operation_id: str, codes: list[str], components: Node) -> str:
    """Adds `<OperationId>ProblemCode` (an enum of codes) and `<OperationId>Problem` (a copy of
    Problem whose `code` is `anyOf [<OperationId>ProblemCode, string]`) and returns the latter's
    $ref.

    Why this shape, checked against the pinned openapi-python-client 0.29.1:
    - `code: $ref <enum>` makes the generated model parse `code` with `Enum(value)`, which raises
      ValueError on a code the enum does not list, so a client generated today would crash on a
      code the server adds tomorrow. Inside `anyOf [<enum>, string]` the generated parser tries
      the enum, catches the ValueError and keeps the plain string: `code` is typed
      `<OperationId>ProblemCode | str` and no value breaks parsing. The schema still accepts any
      string, as the API promises (new codes are not a breaking change).
    - `allOf [$ref Problem, {code: anyOf [...]}]` is refused by the generator ("str can't be
      merged with ... | str"), and `allOf` with `code: $ref <enum>` is the crashing shape
      above; so the specialisation repeats Problem's members instead of referencing it.
      tests/unit/test_openapi_for_generators.py checks it stays Problem member for member."""
    name, code_name = problem_names(operation_id)
    for taken in (name, code_name):
        if taken in components:
            raise ValueError(f"component {taken} exists already; rename operation {operation_id}")
    components[code_name] = {
        "type": "string",
        "enum": list(codes),
        "title": code_name,
        "description": f"The problem codes {operation_id} is known to answer.",
    }
    problem = copy.deepcopy(components[PROBLEM_REF.rsplit("/", 1)[1]])
    problem["title"] = name
    problem["description"] = (
        f"A Problem answered by {operation_id}: `code` is one of {code_name}, or a code added "
        "since this document (a plain string)."
    )
    problem["properties"]["code"] = {
        "anyOf": [{"$ref": f"#/components/schemas/{code_name}"}, {"type": "string"}],
        "title": "Code",
    }
    components[name] = problem
    return f"#/components/schemas/{name}"


def _problem_example(status: int, code: str) -> Node:
    return {
        "type": TYPE_BASE + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": f"{code.replace('_', ' ').capitalize()}",
        "code": code,
        "request_id": _STRING_EXAMPLES["request_id"],
    }


def _examples(operation: Node, components: Node) -> None:
    body = operation.get("requestBody")
    if body is not None:
        for media in body.get("content", {}).values():
            if "example" not in media and "examples" not in media:
                media["example"] = example_of(media.get("schema", {}), components, "body")
    for response in operation.get("responses", {}).values():
        for media_type, media in response.get("content", {}).items():
            if media_type == PROBLEM_CONTENT_TYPE:
                continue  # examples per code: _problem_codes
            schema = media.get("schema")
            if schema and "example" not in media and "examples" not in media:
                media["example"] = example_of(schema, components, "response")


def example_of(node: Any, components: Node, name: str, seen: frozenset[str] = frozenset()) -> Any:
    """An example value of a schema node (see the module docstring)."""
    if not isinstance(node, dict):
        return None
    if "example" in node:
        return node["example"]
    if node.get("examples"):
        return node["examples"][0]
    ref = node.get("$ref")
    if isinstance(ref, str):
        target = ref.rsplit("/", 1)[1]
        if target in seen:
            return None
        return example_of(components.get(target), components, name, seen | {target})
    if "const" in node:
        return node["const"]
    if node.get("enum"):
        return node["enum"][0]
    if node.get("default") is not None:
        return node["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        branches = [b for b in node.get(key, []) if b != {"type": "null"}]
        if branches:
            return example_of(branches[0], components, name, seen)
    kind = node.get("type")
    if kind == "object" or "properties" in node:
        required = set(node.get("required", []))
        value = {}
        for prop, child in node.get("properties", {}).items():
            if prop in required or _has_own_example(child) or prop in _STRING_EXAMPLES:
                example = example_of(child, components, prop, seen)
                if example is not None:
                    value[prop] = example
        for prop, child in node.get("properties", {}).items():
            if len(value) >= node.get("minProperties", 0):
                break
            example = example_of(child, components, prop, seen)
            if prop not in value and example is not None:
                value[prop] = example  # a PATCH body needs a member
        return value
    if kind == "array":
        item = example_of(node.get("items"), components, name, seen)
        return [] if item is None else [item]
    if kind == "string":
        return _string_example(node, name)
    if kind == "integer" and name in _INTEGER_EXAMPLES:
        return _INTEGER_EXAMPLES[name]
    if kind == "integer":
        return max(node.get("minimum", 0), node.get("exclusiveMinimum", -1) + 1, 0)
    if kind == "number":
        return node.get("minimum", 0)
    if kind == "boolean":
        return name.startswith("allow_")
    return None


def _has_own_example(node: Any) -> bool:
    return isinstance(node, dict) and ("example" in node or bool(node.get("examples")))


def _string_example(node: Node, name: str) -> str:
    if node.get("format") == "date-time" or name.endswith(("_at", "_until")):
        return EXAMPLE_TIME
    if name in _STRING_EXAMPLES:
        return _STRING_EXAMPLES[name]
    if node.get("format") == "uuid" or name == "id" or name.endswith("_id"):
        return EXAMPLE_ID
    if name.endswith("_url"):
        return "https://ivr.example.com/events"
    return name
