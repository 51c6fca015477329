"""Tenant and mode isolation over every route of the OpenAPI document (real inventory, wallet,
routing and credentials services, real PostgreSQL and JetStream, the real gateway app; nothing
leaves 127.0.0.1).

Workspace A acts live (sk_live_) and in its sandbox (sk_test_); workspace B acts live. Each id
a route takes (path parameters, and body ids such as inventory_id) is made for A live and for A
test, then every route is called with B's key on A's ids, with A's test key on A's live ids and
with A's live key on A's test ids: 404 every time, and no row of any table changed.

The route list comes from the OpenAPI document: a route whose path parameter or body id has no
id maker below fails the suite, naming it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from devstack.daraja_simulator import serving_simulator
from gateway import repository, usecases
from gateway.testing import create_workspace
from gateway.users.accounts import ensure_member_account
from gateway.users.repository import find_user_by_email
from platform_common.db import create_engine
from platform_common.passwords import HashParameters, PasswordHashing
from platform_common.uow import unit_of_work_factory
from tests.conftest import eventually
from tests.integration.test_mode_harness import ModeStack, Tenant, running_mode_stack
from tests.integration.topups_harness import daraja_simulator

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Side:
    """One tenant side (A live or A test) and the ids of the objects made on it."""

    tenant: Tenant
    live: bool
    ids: dict[str, str] = field(default_factory=dict)


async def second_key(database_url: str, workspace_id: str, mode: str) -> dict[str, str]:
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    try:
        key = await usecases.create_api_key(
            uow=unit_of_work_factory(engine, repository.outbox)(),
            workspace_id=uuid.UUID(workspace_id),
            key_mode=mode,
        )
    finally:
        await engine.dispose()
    return {"Authorization": f"Bearer {key.key}"}


async def call(  # type: ignore[no-untyped-def]
    stack: ModeStack, headers: dict[str, str], method: str, path: str, body: Any, files=None
):
    sent = {**headers, "Idempotency-Key": uuid.uuid4().hex}
    if files is not None:
        return await stack.http.request(method, path, files=files, headers=sent)
    if body is not None:
        sent["Content-Type"] = "application/json"
    return await stack.http.request(method, path, json=body, headers=sent)


# A valid multipart upload for each operation that takes one.
UPLOADS: dict[str, dict[str, Any]] = {
    "addNumberOrderAttachment": {
        "document_type": (None, "national_id"),
        "file": ("id.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png"),
    },
}


async def make_objects(stack: ModeStack, side: Side) -> None:
    """Makes, through the public API, each kind of object a route can name."""
    h = side.tenant.headers
    found = await stack.http.get("/v1/numbers/available", params={"limit": 5}, headers=h)
    assert found.status_code == 200, found.text
    available = [n["id"] for n in found.json()["data"]]
    side.ids["inventory"] = available[-1]  # left available: ordering it elsewhere must 404
    if side.live:
        await stack.fund(side.tenant, 10_000_000)
    claimed = await call(stack, h, "POST", f"/v1/numbers/{available[0]}/claim", None)
    assert claimed.status_code == 201, claimed.text
    number = claimed.json()
    side.ids["number"] = number["id"]
    side.ids["e164"] = number["e164"]
    cred = await call(stack, h, "POST", f"/v1/numbers/{number['id']}/sip-credentials", None)
    assert cred.status_code == 201, cred.text
    side.ids["credential"] = cred.json()["id"]
    order = await call(stack, h, "POST", "/v1/number-orders", {"number_id": available[1]})
    assert order.status_code in (200, 201, 202), order.text
    side.ids["order"] = order.json()["id"]
    topup = await call(
        stack, h, "POST", "/v1/wallet/topups", {"amount_minor": 10_000, "phone": "254708374149"}
    )
    if topup.status_code == 202:  # the test side has no simulator of its own here: 503
        side.ids["topup"] = topup.json()["id"]
    if not side.live:
        await make_call_and_delivery(stack, side)


async def make_call_and_delivery(stack: ModeStack, side: Side) -> None:
    """A call record and a webhook delivery, by a simulated call to the test number. (The live
    side has no simulator and a real call needs the carrier: its call and delivery cases use
    ids nobody holds, see _with_random.)"""
    number_id = side.ids["number"]

    async def routed() -> bool:
        return bool(
            await stack.rows(
                "SELECT 1 FROM routing.routings WHERE tenant_number_id = %s AND NOT livemode",
                number_id,
            )
        )

    # Routing learns the number, and that it is a test number, from the claim event.
    await eventually(routed, timeout=15)
    h = side.tenant.headers
    routing = {"events_url": f"{stack.receiver.url}/events"}
    changed = await call(stack, h, "PATCH", f"/v1/numbers/{number_id}/routing", routing)
    assert changed.status_code == 200, changed.text
    made = await call(
        stack, h, "POST", "/v1/test/calls", {"to": side.ids["e164"], "from": "+254711000001"}
    )
    assert made.status_code in (200, 201, 202), made.text

    async def delivered() -> str | None:
        page = await stack.http.get(f"/v1/numbers/{number_id}/deliveries", headers=h)
        data = page.json().get("data") or []
        return str(data[0]["id"]) if data else None

    side.ids["delivery"] = await eventually(delivered, timeout=15)

    async def recorded() -> str | None:  # the call record comes from the call's events
        page = await stack.http.get("/v1/calls", headers=h)
        data = page.json().get("data") or []
        return str(data[0]["id"]) if data else None

    side.ids["call"] = await eventually(recorded, timeout=15)  # the record's id, not call_id


@dataclass
class World:
    stack: ModeStack
    a_live: Side
    a_test: Side
    b_live: Tenant
    b_test: dict[str, str]


@pytest.fixture
async def world(database_url: str, nats_url: str) -> AsyncIterator[World]:
    async with (
        serving_simulator(daraja_simulator()) as daraja_url,
        running_mode_stack(database_url, nats_url, daraja_url=daraja_url) as stack,
    ):
        a = stack.live
        a_test = Tenant(a.workspace_id, await second_key(database_url, a.workspace_id, "test"))
        b = await _workspace_b(database_url)
        b_test = await second_key(database_url, b.workspace_id, "test")
        w = World(stack, Side(a, live=True), Side(a_test, live=False), b, b_test)
        await make_objects(stack, w.a_test)
        await make_objects(stack, w.a_live)
        await make_workspace_objects(database_url, w.a_live)
        yield w


async def make_workspace_objects(database_url: str, side: Side) -> None:
    """Objects of the workspace W itself, not of one of its modes: an API key (its third) and
    a console member."""
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    hashing = PasswordHashing(HashParameters(), workers=1)
    workspace_id = uuid.UUID(side.tenant.workspace_id)
    try:
        key = await usecases.create_api_key(
            uow=unit_of_work_factory(engine, repository.outbox)(),
            workspace_id=workspace_id,
            key_mode="live",
        )
        side.ids["api_key"] = str(key.row.id)
        await ensure_member_account(
            engine=engine,
            hashing=hashing,
            now=datetime.now(UTC),
            email="member@example.com",
            password="a member's passphrase",
            workspace_id=workspace_id,
            role="viewer",
        )
        async with engine.connect() as conn:
            member = await find_user_by_email(conn, "member@example.com")
        assert member is not None
        side.ids["member"] = str(member.id)
    finally:
        await hashing.close()
        await engine.dispose()


async def _workspace_b(database_url: str) -> Tenant:
    made = await create_workspace(database_url, name="Workspace B")
    return Tenant(str(made.workspace.id), {"Authorization": f"Bearer {made.api_key.key}"})


# The kind of object a path parameter names, by the path segment before it. A new route whose
# parameter is not here fails the suite.
PATH_KINDS: dict[tuple[str, str], str] = {
    ("numbers", "id"): "number",
    ("sip-credentials", "cred_id"): "credential",
    ("deliveries", "delivery_id"): "delivery",
    ("topups", "id"): "topup",
    ("number-orders", "id"): "order",
    ("calls", "id"): "call",
    ("api-keys", "id"): "api_key",
    ("members", "user_id"): "member",
}
# Kinds that belong to the workspace W, not to one of its modes (a console session switches
# modes freely; API keys of both modes and members are managed from either): only other
# workspaces are refused them, so the mode-crossing attempts skip them.
WORKSPACE_KINDS = {"api_key", "member"}
# Routes whose {id} is not a tenant's object but an available inventory number.
INVENTORY_PATHS = {"/v1/numbers/{id}/claim"}

# Body ids: (operationId, field) -> kind. A request schema field ending in _id not here fails.
BODY_KINDS: dict[tuple[str, str], str] = {
    ("purchaseNumber", "inventory_id"): "inventory",
    ("createNumberOrder", "number_id"): "inventory",
}

# A valid body for each operation that takes one, so that only the id can be wrong.
BODIES: dict[str, Callable[[Side], Any]] = {
    "updateNumber": lambda s: {"allow_inbound": True},
    "updateRouting": lambda s: {"events_url": "https://example.com/events"},
    "updateNumberOrderRegistration": lambda s: {"registration_type": "person"},
    "purchaseNumber": lambda s: {"inventory_id": s.ids["inventory"]},
    "createNumberOrder": lambda s: {"number_id": s.ids["inventory"]},
    "updateMember": lambda s: {"role": "developer"},
}


def _kind(path: str, name: str) -> str:
    parts = path.strip("/").split("/")
    segment = parts[parts.index("{" + name + "}") - 1]
    if path in INVENTORY_PATHS and name == "id":
        return "inventory"
    if path.startswith("/v1/test/numbers/"):
        return "number"
    kind = PATH_KINDS.get((segment, name))
    if kind is None:
        raise AssertionError(f"no id maker for path parameter {name!r} of {path}")
    return kind


def id_routes(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], list[str]]]:
    """Every (method, path, operation, kinds) of the document that takes an id."""
    routes = []
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method not in METHODS:
                continue
            kinds = [_kind(path, p["name"]) for p in op.get("parameters", []) if p["in"] == "path"]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "")
            if ref:
                schema = doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]
                for prop in schema.get("properties", {}):
                    if prop.endswith("_id"):
                        kind = BODY_KINDS.get((op["operationId"], prop))
                        if kind is None:
                            raise AssertionError(
                                f"no id maker for body id {prop!r} of {op['operationId']}"
                            )
                        kinds.append(kind)
            if kinds:
                routes.append((method, path, op, kinds))
    return routes


def fill(path: str, side: Side, kinds_of_path: list[str]) -> str | None:
    names = [p.strip("{}") for p in path.split("/") if p.startswith("{")]
    for name, kind in zip(names, kinds_of_path, strict=False):
        if kind not in side.ids:
            return None
        path = path.replace("{" + name + "}", side.ids[kind])
    return path


async def snapshot(stack: ModeStack) -> dict[str, list[str]]:
    """Every row of every platform table (outboxes included), as text, UNWATCHED aside."""
    tables = await stack.rows(
        "SELECT table_schema, table_name FROM information_schema.tables"
        " WHERE table_type = 'BASE TABLE'"
        " AND table_schema NOT IN ('pg_catalog', 'information_schema', 'public')"
    )
    rows = {}
    for t in tables:
        name = f'"{t["table_schema"]}"."{t["table_name"]}"'
        if any(skip in name for skip in UNWATCHED):
            continue
        found = await stack.rows(f"SELECT t::text AS r FROM {name} t")  # noqa: S608
        rows[name] = sorted(r["r"] for r in found)
    return rows


# Tables a refused request may rightly write: idempotency records, rate-limit counters and the
# key's last-used stamp.
UNWATCHED = ("idempot", "rate_limit", "alembic", '"gateway"."api_keys"')


async def test_every_route_with_an_id_refuses_other_tenants_and_the_other_mode(
    world: World,
) -> None:
    stack = world.stack
    doc = (await stack.http.get("/v1/openapi.json")).json()
    routes = id_routes(doc)
    assert len(routes) > 20, "the document lost its routes"
    # (label, caller's key, caller acts live, owner of the ids)
    attempts: list[tuple[str, dict[str, str], bool, Side]] = [
        ("B live on A live", world.b_live.headers, True, world.a_live),
        ("B test on A test", world.b_test, False, world.a_test),
        ("B live on A test", world.b_live.headers, True, world.a_test),
        ("A test on A live", world.a_test.tenant.headers, False, world.a_live),
        ("A live on A test", world.a_live.tenant.headers, True, world.a_test),
    ]
    before = await snapshot(stack)
    failures: list[str] = []
    checked = 0
    for method, path, op, kinds in routes:
        path_kinds = kinds[: path.count("{")]
        for label, headers, caller_live, owner in attempts:
            if "inventory" in kinds and caller_live == owner.live:
                continue  # each mode's available pool is shared by its tenants
            if WORKSPACE_KINDS & set(kinds) and label.startswith("A "):
                continue  # the workspace's own objects, in either mode
            url = fill(path, owner, path_kinds)
            if url is None:
                missing = [k for k in path_kinds if k not in owner.ids]
                url = fill(path, _with_random(owner, missing), path_kinds)
            assert url is not None
            maker = BODIES.get(op["operationId"])
            body = maker(owner) if maker else None
            upload = UPLOADS.get(op["operationId"])
            reply = await call(stack, headers, method.upper(), url, body, upload)
            checked += 1
            if reply.status_code != 404:
                failures.append(
                    f"{label}: {method.upper()} {url} -> {reply.status_code} {reply.text[:200]}"
                )
    assert not failures, "\n".join(failures)
    assert checked >= len(routes) * 3
    assert await snapshot(stack) == before
    await owners_can_read_their_ids(world, routes)


async def owners_can_read_their_ids(
    world: World, routes: list[tuple[str, str, dict[str, Any], list[str]]]
) -> None:
    """The control: each id used above is real, since its owner reads it (200) on every GET."""
    read = 0
    for side in (world.a_live, world.a_test):
        for method, path, _, kinds in routes:
            if method != "get" or any(k not in side.ids for k in kinds):
                continue
            url = fill(path, side, kinds)
            assert url is not None
            reply = await world.stack.http.get(url, headers=side.tenant.headers)
            assert reply.status_code == 200, f"{url}: {reply.status_code} {reply.text[:200]}"
            read += 1
    assert {"call", "delivery"} <= world.a_test.ids.keys()
    assert "topup" in world.a_live.ids
    assert read >= 8


def _with_random(owner: Side, missing: list[str]) -> Side:
    """A kind this suite does not make on that side (live calls and deliveries need the
    carrier; test top-ups need a test-mode simulator): a well-formed id nobody holds, so the
    route still gets its case."""
    return Side(owner.tenant, owner.live, {**owner.ids, **{k: str(uuid.uuid4()) for k in missing}})


def test_a_route_without_an_id_maker_fails_naming_it() -> None:
    doc = {
        "paths": {
            "/v1/widgets/{widget_id}": {
                "get": {
                    "operationId": "getWidget",
                    "parameters": [{"name": "widget_id", "in": "path"}],
                }
            }
        }
    }
    with pytest.raises(AssertionError, match="widget_id"):
        id_routes(doc)
