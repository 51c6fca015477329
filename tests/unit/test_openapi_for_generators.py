"""The OpenAPI document as a client generator reads it: every operation, checked against the
rules gateway/openapi_generators.py and PublicRouter apply. A new route that slips past them
(a default operationId, an inline enum, a body declared `anyOf [model, null]`, an error answer
without the Problem schema, a missing example) fails here, naming the operation."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import referencing
from fastapi.openapi.utils import get_openapi
from referencing.jsonschema import DRAFT202012

from gateway.app import create_app
from gateway.openapi_generators import problem_codes
from gateway.routes import OPERATION_ID_PATTERN, operation_id_of
from gateway.settings import GatewaySettings

Node = dict[str, Any]
METHODS = ("get", "put", "post", "delete", "patch")
TAG_PATTERN = re.compile(r"^[a-z]+(-[a-z]+)*$")
# FastAPI's default is `<function>_<path>_<method>`; these survive a camelCase conversion.
DEFAULT_LOOKING = re.compile(r"V1|(Get|Post|Put|Patch|Delete)$")
# A response that is not a problem by design: the health report says which dependency is down.
NOT_PROBLEMS = {("get", "/v1/healthz", "503")}
PROBLEM_TYPE = "application/problem+json"


@pytest.fixture(scope="module")
def document() -> Node:
    app = create_app(GatewaySettings(database_url="postgresql://unused@127.0.0.1:1/unused"))
    return app.openapi()


def operations(document: Node) -> Iterator[tuple[str, str, Node]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield method, path, operation


def inline_enums(node: Any, where: str) -> Iterator[str]:
    """Every `enum` that is not itself a component (a component's own top level)."""
    if isinstance(node, dict):
        if "enum" in node:
            yield where
        for key, child in node.items():
            yield from inline_enums(child, f"{where}.{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from inline_enums(child, f"{where}[{index}]")


def test_operation_id_rule_is_camel_case_of_the_function_name() -> None:
    def rotate_sip_credential() -> None: ...

    def healthz() -> None: ...

    assert operation_id_of(rotate_sip_credential) == "rotateSipCredential"
    assert operation_id_of(healthz) == "healthz"


def test_every_operation_id_is_short_camel_case_and_unique(document: Node) -> None:
    seen: dict[str, str] = {}
    bad = []
    for method, path, operation in operations(document):
        operation_id = operation.get("operationId", "")
        if not OPERATION_ID_PATTERN.match(operation_id) or DEFAULT_LOOKING.search(operation_id):
            bad.append(f"{method} {path}: {operation_id!r}")
        if len(operation_id) > 40:
            bad.append(f"{method} {path}: {operation_id!r} is long")
        if operation_id in seen:
            bad.append(f"{method} {path}: {operation_id!r} also names {seen[operation_id]}")
        seen[operation_id] = f"{method} {path}"
    assert bad == []


def test_every_operation_has_exactly_one_resource_tag(document: Node) -> None:
    bad = [
        f"{method} {path}: {operation.get('tags')}"
        for method, path, operation in operations(document)
        if len(operation.get("tags", [])) != 1 or not TAG_PATTERN.match(operation["tags"][0])
    ]
    assert bad == []


def test_no_inline_enum_anywhere(document: Node) -> None:
    found = list(inline_enums(document["paths"], "paths"))
    found += list(inline_enums(document.get("webhooks", {}), "webhooks"))
    for name, component in document["components"]["schemas"].items():
        if "enum" in component:
            component = {k: v for k, v in component.items() if k != "enum"}
        found += list(inline_enums(component, name))
    assert found == []


def test_no_default_looking_component_names(document: Node) -> None:
    bad = [
        name
        for name in document["components"]["schemas"]
        if name.startswith("Body_") or re.search(r"Type\d+$", name) or "_" in name
    ]
    assert bad == []


def test_shared_enums_are_the_same_component_in_requests_and_responses(document: Node) -> None:
    search = document["paths"]["/v1/numbers/available"]["get"]
    filters = {p["name"]: p["schema"] for p in search["parameters"] if p["in"] == "query"}
    assert filters["capability"] == {"$ref": "#/components/schemas/Capability"}
    assert filters["number_type"] == {"$ref": "#/components/schemas/NumberType"}
    listing = document["paths"]["/v1/numbers"]["get"]
    status = next(p for p in listing["parameters"] if p["name"] == "status")
    assert status["schema"]["$ref"] == "#/components/schemas/NumberStatus"
    schemas = document["components"]["schemas"]
    number = schemas["TenantNumber"]["properties"]
    assert number["status"]["$ref"] == "#/components/schemas/NumberStatus"
    assert number["number_type"]["$ref"] == "#/components/schemas/NumberType"
    assert number["capabilities"]["items"] == {"$ref": "#/components/schemas/Capability"}
    assert (
        schemas["LedgerEntry"]["properties"]["entry_type"]["$ref"]
        == "#/components/schemas/LedgerEntryType"
    )
    assert schemas["SipCredential"]["properties"]["status"]["$ref"] == (
        "#/components/schemas/SipCredentialStatus"
    )


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/v1/numbers/{id}/sip-credentials", "post"),
        ("/v1/numbers/{id}/sip-credentials/{cred_id}/rotate", "post"),
    ],
)
def test_optional_bodies_can_be_omitted(document: Node, path: str, method: str) -> None:
    """A generated client sends nothing for an omitted body only when the body is the model
    itself with required false; `anyOf [model, null]` made it send an unset value."""
    body = document["paths"][path][method]["requestBody"]
    assert body["required"] is False
    schema = body["content"]["application/json"]["schema"]
    assert set(schema) == {"$ref"}, schema


def test_every_body_a_route_takes_as_optional_can_be_omitted(document: Node) -> None:
    """Each route whose body parameter defaults to None (FastAPI's own document leaves its
    body not required), not only the SIP credential ones: a pass that marked one required
    again would make a generated client demand it."""
    app = create_app(GatewaySettings(database_url="postgresql://unused@127.0.0.1:1/unused"))
    raw = get_openapi(title=app.title, version=app.version, routes=app.routes)
    optional = [
        (method, path)
        for path, item in raw["paths"].items()
        for method, operation in item.items()
        if "requestBody" in operation and not operation["requestBody"].get("required")
    ]
    assert {
        ("post", "/v1/numbers/{id}/sip-credentials"),
        ("post", "/v1/numbers/{id}/sip-credentials/{cred_id}/rotate"),
    } <= set(optional)
    bad = []
    for method, path in optional:
        body = document["paths"][path][method]["requestBody"]
        if body.get("required") is not False:
            bad.append(f"{method} {path}: required {body.get('required')}")
        for media in body["content"].values():
            if set(media["schema"]) != {"$ref"}:
                bad.append(f"{method} {path}: {media['schema']}")
    assert bad == []


def test_no_request_body_or_parameter_is_nullable_at_its_top(document: Node) -> None:
    bad = []
    for method, path, operation in operations(document):
        for media in operation.get("requestBody", {}).get("content", {}).values():
            if {"type": "null"} in media["schema"].get("anyOf", []):
                bad.append(f"{method} {path} body")
        for parameter in operation.get("parameters", []):
            if {"type": "null"} in parameter["schema"].get("anyOf", []):
                bad.append(f"{method} {path} {parameter['name']}")
    assert bad == []


def error_answers(document: Node) -> Iterator[tuple[str, str, Node, str, Node]]:
    for method, path, operation in operations(document):
        for status, response in operation["responses"].items():
            is_error = status.startswith(("4", "5")) or status == "default"
            if is_error and (method, path, status) not in NOT_PROBLEMS:
                yield method, path, operation, status, response


def specialisation_faults(document: Node, name: str) -> list[str]:
    """What keeps component `name` from being Problem with `code` opened to a named enum:
    the same members, required ones and types, except `code: anyOf [<name>Code, string]`
    (an unknown code must stay a string in a generated client, not fail its enum)."""
    schemas = document["components"]["schemas"]
    problem, special = schemas["Problem"], schemas.get(name)
    if special is None:
        return [f"{name}: no such component"]
    faults = []
    if special.get("required") != problem["required"] or special.get("type") != "object":
        faults.append(f"{name}: required/type differ from Problem")
    if set(special.get("properties", {})) != set(problem["properties"]):
        faults.append(f"{name}: members differ from Problem")
    for member, node in problem["properties"].items():
        if member != "code" and special.get("properties", {}).get(member) != node:
            faults.append(f"{name}.{member} differs from Problem's")
    code = special.get("properties", {}).get("code", {})
    if code.get("anyOf") != [{"$ref": f"#/components/schemas/{name}Code"}, {"type": "string"}]:
        faults.append(f"{name}.code is not anyOf [{name}Code, string]: {code}")
    enum = schemas.get(f"{name}Code", {})
    if enum.get("type") != "string" or not enum.get("enum"):
        faults.append(f"{name}Code is not a string enum component")
    return faults


def test_every_error_answer_is_a_named_problem(document: Node) -> None:
    """Problem itself, or a named specialisation of it (`<OperationId>Problem`)."""
    bad = []
    for method, path, operation in operations(document):
        if "default" not in operation["responses"]:
            bad.append(f"{method} {path}: no default problem")
    for method, path, _operation, status, response in error_answers(document):
        ref = response.get("content", {}).get(PROBLEM_TYPE, {}).get("schema", {}).get("$ref", "")
        name = ref.removeprefix("#/components/schemas/")
        if not ref.startswith("#/components/schemas/"):
            bad.append(f"{method} {path} {status}: {response.get('content')}")
        elif name != "Problem":
            bad += [f"{method} {path} {status}: {f}" for f in specialisation_faults(document, name)]
    assert bad == []


def test_every_answer_with_known_codes_names_its_operations_code_enum(document: Node) -> None:
    """Each error answer listing codes is `<OperationId>Problem`, whose code enum lists exactly
    the operation's known codes (every status's x-problem-codes, nothing else); the default
    answer, whose codes are not known, stays Problem."""
    bad = []
    by_operation: dict[str, set[str]] = {}
    for method, path, operation, status, response in error_answers(document):
        schema = response["content"][PROBLEM_TYPE]["schema"]
        codes = response.get("x-problem-codes")
        if codes != (problem_codes(response["description"]) or None):
            bad.append(f"{method} {path} {status}: x-problem-codes {codes}")
        if not codes:
            if schema != {"$ref": "#/components/schemas/Problem"}:
                bad.append(f"{method} {path} {status}: no known codes but {schema}")
            continue
        operation_id = operation["operationId"]
        name = operation_id[:1].upper() + operation_id[1:] + "Problem"
        if schema != {"$ref": f"#/components/schemas/{name}"}:
            bad.append(f"{method} {path} {status}: {schema}, not {name}")
        by_operation.setdefault(name, set()).update(codes)
    schemas = document["components"]["schemas"]
    for name, codes in by_operation.items():
        listed = schemas.get(f"{name}Code", {}).get("enum", [])
        if sorted(listed) != sorted(codes) or len(set(listed)) != len(listed):
            bad.append(f"{name}Code lists {listed}, the operation answers {sorted(codes)}")
    specialisations = {
        name for name in schemas if name.endswith("Problem") and name != "Problem"
    } | {name.removesuffix("Code") for name in schemas if name.endswith("ProblemCode")}
    unused = specialisations - set(by_operation)
    assert bad == []
    assert unused == set()
    assert len(by_operation) > 50  # every operation but getHealth answers rate_limited


def test_known_problem_codes_are_listed_with_an_example_each(document: Node) -> None:
    claim = document["paths"]["/v1/numbers/{id}/claim"]["post"]["responses"]
    assert claim["402"]["x-problem-codes"] == ["wallet_insufficient_funds"]
    assert claim["409"]["x-problem-codes"] == ["number_unavailable"]
    schemas = document["components"]["schemas"]
    assert {claim[s]["content"][PROBLEM_TYPE]["schema"]["$ref"] for s in ("402", "409")} == {
        "#/components/schemas/ClaimNumberProblem"
    }
    assert schemas["ClaimNumberProblemCode"]["enum"] == [
        "wallet_insufficient_funds",
        "number_not_found",
        "number_unavailable",
        "rate_limited",
    ]
    assert claim["default"]["content"][PROBLEM_TYPE]["schema"] == {
        "$ref": "#/components/schemas/Problem"
    }
    rotate = document["paths"]["/v1/numbers/{id}/sip-credentials/{cred_id}/rotate"]["post"]
    conflict = rotate["responses"]["409"]
    assert conflict["x-problem-codes"] == ["credential_revoked", "number_released"]
    examples = conflict["content"][PROBLEM_TYPE]["examples"]
    assert {e["value"]["code"] for e in examples.values()} == set(conflict["x-problem-codes"])
    assert all(e["value"]["status"] == 409 for e in examples.values())
    assert problem_codes("validation_failed, json_too_deep (more than 32 levels): x_y") == [
        "validation_failed",
        "json_too_deep",
    ]


def _validator(document: Node, schema: Node) -> jsonschema.protocols.Validator:
    resource = referencing.Resource.from_contents(document, default_specification=DRAFT202012)
    registry = referencing.Registry().with_resource("urn:sautikit-api", resource)
    text = repr(schema)  # rewrite the document-relative refs to the registered resource
    rewritten = copy.deepcopy(schema)
    if "#/components/" in text:
        rewritten = _rebase(rewritten)
    return jsonschema.Draft202012Validator(rewritten, registry=registry)


def _rebase(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: ("urn:sautikit-api" + v if k == "$ref" and isinstance(v, str) else _rebase(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def test_every_body_and_answer_has_an_example_that_fits_its_schema(document: Node) -> None:
    missing, invalid = [], []
    for method, path, operation in operations(document):
        media_types = [
            ("body", media)
            for media in operation.get("requestBody", {}).get("content", {}).values()
        ]
        for status, response in operation["responses"].items():
            media_types += [(status, media) for media in response.get("content", {}).values()]
        for where, media in media_types:
            examples = (
                [media["example"]]
                if "example" in media
                else [e["value"] for e in media.get("examples", {}).values()]
            )
            if not examples and where != "default":
                missing.append(f"{method} {path} {where}")
            if "schema" not in media or where == "default":
                continue
            validator = _validator(document, media["schema"])
            for example in examples:
                for error in validator.iter_errors(example):
                    invalid.append(f"{method} {path} {where}: {error.message}")
    assert missing == []
    assert invalid == []


def test_servers_names_the_public_base_url() -> None:
    settings = GatewaySettings(
        database_url="postgresql://unused@127.0.0.1:1/unused",
        public_base_url="https://api.sautikit.com",
    )
    assert create_app(settings).openapi()["servers"][0]["url"] == "https://api.sautikit.com"


def test_servers_defaults_to_the_local_gateway(document: Node) -> None:
    assert document["servers"][0]["url"] == "http://127.0.0.1:8080"
