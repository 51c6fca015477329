"""Roles are enforced on the server for every route: the OpenAPI document is walked, so a
route added later is covered without touching this test."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.users.roles import BILLING_MAY, OWNER_ONLY
from tests.integration.console_harness import ConsoleWorld, console_world
from tests.integration.test_gateway_auth import execute

UNSAFE = ("post", "put", "patch", "delete")


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[ConsoleWorld]:
    async with console_world(database_url) as w:
        yield w


async def _member(
    world: ConsoleWorld, owner: dict[str, Any], role: str
) -> tuple[httpx.AsyncClient, str]:
    """A second user, added to the owner's workspace with `role`; their client and CSRF."""
    client = world.client()
    own = await world.sign_up(client, workspace=f"{role}'s own")
    await execute(
        world.app.state.settings.database_url,
        "INSERT INTO gateway.memberships (workspace_id, user_id, role, created_at) "
        "VALUES (:w, :u, :r, now())",
        w=uuid.UUID(owner["workspaces"][0]["id"]),
        u=uuid.UUID(own["user"]["id"]),
        r=role,
    )
    client.headers["X-Organization-Id"] = owner["workspaces"][0]["id"]
    return client, own["csrf_token"]


def _authenticated_changes(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(METHOD, path template) of every unsafe operation that takes a principal."""
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in UNSAFE and operation.get("security"):
                found.append((method.upper(), path))
                content = operation.get("requestBody", {}).get("content", {})
                if "multipart/form-data" in content:
                    MULTIPART.add((method.upper(), path))
    return found


MULTIPART: set[tuple[str, str]] = set()


async def _forge(client: httpx.AsyncClient, method: str, path: str, csrf: str) -> httpx.Response:
    """The change, with a body of the media type the route takes (the body guard answers 415
    before authentication otherwise)."""
    headers = {"X-CSRF-Token": csrf}
    if (method, path) in MULTIPART:
        return await client.request(
            method, _concrete(path), files={"file": ("a.pdf", b"%PDF-1.4")}, headers=headers
        )
    return await client.request(method, _concrete(path), json={}, headers=headers)


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "0190b7a0-0000-7000-8000-000000000000", path)


async def test_viewer_is_refused_every_change_and_may_read(world: ConsoleWorld) -> None:
    async with world.client() as owner_client:
        owner = await world.sign_up(owner_client)
        viewer, csrf = await _member(world, owner, "viewer")
        try:
            document = (await viewer.get("/v1/openapi.json")).json()
            changes = _authenticated_changes(document)
            assert len(changes) >= 20, changes  # the walk really sees the API
            assert ("POST", "/v1/api-keys") in changes
            for method, path in changes:
                reply = await _forge(viewer, method, path, csrf)
                assert reply.status_code == 403, (method, path, reply.text)
                assert reply.json()["code"] == "forbidden_role", (method, path)
                assert reply.json()["detail"].startswith("role: viewer may not")
            reads = await viewer.get("/v1/wallet")
            assert reads.status_code == 200
            assert reads.json()["workspace_id"] == owner["workspaces"][0]["id"]
        finally:
            await viewer.aclose()
    keys = await execute(world.app.state.settings.database_url, "SELECT * FROM gateway.api_keys")
    assert keys == [], "a refused request changed nothing"


async def test_billing_and_developer_limits(world: ConsoleWorld) -> None:
    async with world.client() as owner_client:
        owner = await world.sign_up(owner_client)
        billing, billing_csrf = await _member(world, owner, "billing")
        developer, developer_csrf = await _member(world, owner, "developer")
        try:
            changes = _authenticated_changes((await billing.get("/v1/openapi.json")).json())
            for method, path in changes:
                b = await _forge(billing, method, path, billing_csrf)
                d = await _forge(developer, method, path, developer_csrf)
                b_refused = b.status_code == 403 and b.json()["code"] == "forbidden_role"
                d_refused = d.status_code == 403 and d.json()["code"] == "forbidden_role"
                assert b_refused == ((method, path) not in BILLING_MAY), (method, path, b.text)
                assert d_refused == ((method, path) in OWNER_ONLY), (method, path, d.text)
            key = await developer.post(
                "/v1/api-keys", json={"mode": "test"}, headers={"X-CSRF-Token": developer_csrf}
            )
            assert key.status_code == 201
        finally:
            await billing.aclose()
            await developer.aclose()


# The README's role table, written out here rather than read from roles.py: a route dropped
# from (or never added to) the code's table must fail this test, not move its expectation.
OWNER_ACTIONS = (
    ("POST", "/v1/invitations"),
    ("PATCH", "/v1/members/{user_id}"),
    ("DELETE", "/v1/members/{user_id}"),
    ("POST", "/v1/webhook-secret/rotate"),
)
TOP_UP = ("POST", "/v1/wallet/topups")


async def test_owner_actions_are_refused_to_every_other_role(world: ConsoleWorld) -> None:
    async with world.client() as owner_client:
        owner = await world.sign_up(owner_client)
        members = {
            role: await _member(world, owner, role) for role in ("developer", "billing", "viewer")
        }
        try:
            for method, path in OWNER_ACTIONS:
                for role, (client, csrf) in members.items():
                    reply = await _forge(client, method, path, csrf)
                    assert reply.status_code == 403, (role, method, path, reply.text)
                    assert reply.json()["code"] == "forbidden_role", (role, method, path)
                # Past the role check: the owner's forged request fails only on its content.
                mine = await _forge(owner_client, method, path, owner["csrf_token"])
                assert mine.status_code != 403, (method, path, mine.text)
            for role in ("developer", "billing"):
                client, csrf = members[role]
                reply = await _forge(client, *TOP_UP, csrf)
                assert reply.status_code != 403, (role, reply.text)
            client, csrf = members["viewer"]
            assert (await _forge(client, *TOP_UP, csrf)).status_code == 403
        finally:
            for client, _ in members.values():
                await client.aclose()
    listed = await execute(
        world.app.state.settings.database_url,
        "SELECT role FROM gateway.memberships WHERE workspace_id = :w ORDER BY role",
        w=uuid.UUID(owner["workspaces"][0]["id"]),
    )
    assert [r["role"] for r in listed] == ["billing", "developer", "owner", "viewer"]
