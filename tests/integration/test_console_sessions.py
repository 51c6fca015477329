"""Console sessions through the real gateway: sign-up/in/out, cookie flags, idle and absolute
expiry (moved clock), CSRF, workspace selection and mode, API keys shown once and revocable,
and nothing secret stored in clear."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.conftest import eventually
from tests.integration.console_harness import PASSWORD, ConsoleWorld, console_world
from tests.integration.test_gateway_auth import execute


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[ConsoleWorld]:
    async with console_world(database_url) as w:
        yield w


async def test_sign_up_sets_a_server_side_session_cookie(world: ConsoleWorld) -> None:
    async with world.client() as browser:
        reply = await browser.post(
            "/v1/users",
            json={"email": " Amina@Example.com ", "password": PASSWORD, "workspace_name": "Duka"},
        )
        assert reply.status_code == 201, reply.text
        body = reply.json()
        assert body["user"]["email"] == "amina@example.com"
        assert [(w["name"], w["role"]) for w in body["workspaces"]] == [("Duka", "owner")]
        assert body["csrf_token"]
        cookie = reply.headers["set-cookie"]
        assert cookie.startswith("sautikit_session=")
        for flag in ("HttpOnly", "Path=/", "SameSite=lax"):
            assert flag.lower() in cookie.lower(), cookie
        assert "secure" not in cookie.lower()  # GATEWAY_COOKIE_SECURE=false in this world
        assert reply.headers["cache-control"] == "no-store"

        current = await browser.get("/v1/sessions/current")
        assert current.status_code == 200
        assert current.json() == body
        # The session acts on the workspace like its owner's live key would.
        wallet = await browser.get("/v1/wallet")
        assert wallet.status_code == 200, wallet.text
        assert wallet.json()["workspace_id"] == body["workspaces"][0]["id"]
        assert wallet.json()["livemode"] is True

    token = browser.cookies["sautikit_session"]
    rows = await execute(
        world.app.state.settings.database_url,
        "SELECT u.password_hash, s.token_hash FROM gateway.users u "
        "JOIN gateway.console_sessions s ON s.user_id = u.id",
    )
    assert rows and rows[0]["password_hash"].startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    dump = str(await execute(world.app.state.settings.database_url, _DUMP_SQL))
    assert PASSWORD not in dump and token not in dump and body["csrf_token"] not in dump


_DUMP_SQL = (
    "SELECT row_to_json(t)::text AS j FROM (SELECT * FROM gateway.users) t UNION ALL "
    "SELECT row_to_json(t)::text FROM (SELECT * FROM gateway.console_sessions) t UNION ALL "
    "SELECT row_to_json(t)::text FROM (SELECT * FROM gateway.password_resets) t UNION ALL "
    "SELECT row_to_json(t)::text FROM (SELECT * FROM gateway.invitations) t UNION ALL "
    "SELECT row_to_json(t)::text FROM (SELECT * FROM gateway.api_keys) t UNION ALL "
    "SELECT row_to_json(t)::text FROM (SELECT * FROM gateway.idempotency_records) t UNION ALL "
    "SELECT row_to_json(t)::text FROM (SELECT * FROM gateway.signin_failures) t"
)


async def test_secure_cookie_by_default(database_url: str) -> None:
    async with console_world(database_url, cookie_secure=True) as w, w.client() as browser:
        reply = await browser.post(
            "/v1/users",
            json={"email": "s@example.com", "password": PASSWORD, "workspace_name": "S"},
        )
        assert "; secure" in reply.headers["set-cookie"].lower()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "a\u0000@example.com", "password": PASSWORD, "workspace_name": "W"}, "email"),
        ({"email": "nope", "password": PASSWORD, "workspace_name": "W"}, "email"),
        ({"email": "a@example.com", "password": "short", "workspace_name": "W"}, "password"),
        ({"email": "a@example.com", "password": "x" * 129, "workspace_name": "W"}, "password"),
        ({"email": "a@example.com", "password": PASSWORD, "workspace_name": " "}, "workspace_name"),
        ({"email": "a@example.com", "password": PASSWORD}, "workspace_name"),
    ],
)
async def test_sign_up_bad_input_is_a_400_naming_the_field(
    world: ConsoleWorld, body: dict[str, str], field: str
) -> None:
    async with world.client() as browser:
        reply = await browser.post("/v1/users", json=body)
        assert reply.status_code == 400, reply.text
        assert reply.json()["code"] == "validation_failed"
        assert [e["field"] for e in reply.json()["errors"]] == [field]
        assert "set-cookie" not in reply.headers
    rows = await execute(world.app.state.settings.database_url, "SELECT * FROM gateway.users")
    assert rows == []


async def test_duplicate_email_is_409_and_creates_nothing(world: ConsoleWorld) -> None:
    async with world.client() as first, world.client() as second:
        await world.sign_up(first, "dup@example.com")
        reply = await second.post(
            "/v1/users",
            json={"email": "DUP@example.com", "password": PASSWORD, "workspace_name": "Two"},
        )
        assert reply.status_code == 409
        assert reply.json()["code"] == "email_taken"
    workspaces = await execute(
        world.app.state.settings.database_url, "SELECT name FROM gateway.workspaces"
    )
    assert [w["name"] for w in workspaces] == ["Shop"]


async def test_sign_out_ends_the_session_on_the_server(world: ConsoleWorld) -> None:
    async with world.client() as browser:
        session = await world.sign_up(browser)
        token = browser.cookies["sautikit_session"]
        refused = await browser.delete("/v1/sessions/current")
        assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
        out = await browser.delete(
            "/v1/sessions/current", headers={"X-CSRF-Token": session["csrf_token"]}
        )
        assert out.status_code == 204
        assert (
            'sautikit_session=""' in out.headers["set-cookie"]
            or "Max-Age=0" in out.headers["set-cookie"]
        )
    # The old cookie, replayed by anyone who kept it, no longer works.
    async with world.client(cookies={"sautikit_session": token}) as replay:
        for path in ("/v1/sessions/current", "/v1/wallet"):
            reply = await replay.get(path)
            assert reply.status_code == 401, path
            assert reply.json()["code"] == "authentication_required"


async def test_idle_and_absolute_expiry(world: ConsoleWorld) -> None:
    async with world.client() as browser:
        await world.sign_up(browser)
        world.clock.advance(minutes=29)
        assert (await browser.get("/v1/sessions/current")).status_code == 200
        world.clock.advance(minutes=29)  # seen 29 min ago: still within the idle 30
        assert (await browser.get("/v1/sessions/current")).status_code == 200
        world.clock.advance(minutes=31)
        assert (await browser.get("/v1/sessions/current")).status_code == 401

    async with world.client() as browser:
        await world.sign_up(browser)
        for _ in range(16):  # busy, never idle, for 8 hours
            world.clock.advance(minutes=29)
            assert (await browser.get("/v1/wallet")).status_code == 200
        world.clock.advance(minutes=29)
        reply = await browser.get("/v1/wallet")
        assert reply.status_code == 401, "the absolute lifetime ends even a busy session"


async def test_csrf_token_and_origin_are_required_for_changes(world: ConsoleWorld) -> None:
    async with world.client() as browser:
        session = await world.sign_up(browser)
        csrf = {"X-CSRF-Token": session["csrf_token"]}
        body = {"mode": "test"}
        missing = await browser.post("/v1/api-keys", json=body)
        wrong = await browser.post("/v1/api-keys", json=body, headers={"X-CSRF-Token": "x" * 43})
        foreign = await browser.post(
            "/v1/api-keys", json=body, headers={**csrf, "Origin": "https://evil.example"}
        )
        for reply in (missing, wrong, foreign):
            assert reply.status_code == 403, reply.text
            assert reply.json()["code"] == "csrf_failed"
        own = await browser.post(
            "/v1/api-keys", json=body, headers={**csrf, "Origin": world.base_url}
        )
        assert own.status_code == 201, own.text
        # Reads need no token.
        assert (await browser.get("/v1/api-keys")).status_code == 200
    keys = await execute(
        world.app.state.settings.database_url, "SELECT count(*) AS n FROM gateway.api_keys"
    )
    assert keys[0]["n"] == 1, "refused requests created nothing"


async def test_configured_console_origin_may_post(database_url: str) -> None:
    async with (
        console_world(database_url, console_origins=("https://console.example",)) as w,
        w.client() as browser,
    ):
        session = await w.sign_up(browser)
        reply = await browser.post(
            "/v1/api-keys",
            json={"mode": "live"},
            headers={"X-CSRF-Token": session["csrf_token"], "Origin": "https://console.example"},
        )
        assert reply.status_code == 201


async def test_mode_header_selects_the_sandbox(world: ConsoleWorld) -> None:
    async with world.client() as browser:
        session = await world.sign_up(browser)
        workspace_id = session["workspaces"][0]["id"]
        sandbox = await execute(
            world.app.state.settings.database_url,
            "SELECT sandbox_workspace_id::text AS s FROM gateway.workspaces WHERE id = :id",
            id=uuid.UUID(workspace_id),
        )
        test_side = await browser.get("/v1/wallet", headers={"Sautikit-Mode": "test"})
        assert test_side.status_code == 200
        assert test_side.json()["workspace_id"] == sandbox[0]["s"]
        assert test_side.json()["livemode"] is False
        live = await browser.get("/v1/wallet", headers={"Sautikit-Mode": "live"})
        assert live.json()["workspace_id"] == workspace_id
        bad = await browser.get("/v1/wallet", headers={"Sautikit-Mode": "sandbox"})
        assert bad.status_code == 400
        assert bad.json()["errors"][0]["field"] == "Sautikit-Mode"


async def test_workspace_isolation(world: ConsoleWorld) -> None:
    async with world.client() as alice, world.client() as bob:
        a = await world.sign_up(alice, workspace="A")
        b = await world.sign_up(bob, workspace="B")
        a_id, b_id = a["workspaces"][0]["id"], b["workspaces"][0]["id"]
        for header in ("X-Organization-Id", "Sautikit-Workspace"):
            reply = await alice.get("/v1/wallet", headers={header: b_id})
            assert reply.status_code == 404, reply.text
            assert reply.json()["code"] == "workspace_not_found"
            assert (await alice.get("/v1/wallet", headers={header: a_id})).status_code == 200
        unknown = await alice.get("/v1/wallet", headers={"X-Organization-Id": str(uuid.uuid4())})
        assert unknown.status_code == 404
        conflict = await alice.get(
            "/v1/wallet", headers={"X-Organization-Id": a_id, "Sautikit-Workspace": b_id}
        )
        assert conflict.status_code == 400 and conflict.json()["code"] == "tenant_context_conflict"
        # B's key is 404 to A, and stays alive.
        created = await bob.post(
            "/v1/api-keys", json={"mode": "live"}, headers={"X-CSRF-Token": b["csrf_token"]}
        )
        key_id = created.json()["id"]
        stolen = await alice.delete(
            f"/v1/api-keys/{key_id}", headers={"X-CSRF-Token": a["csrf_token"]}
        )
        assert stolen.status_code == 404 and stolen.json()["code"] == "api_key_not_found"
        assert (await alice.get("/v1/api-keys")).json()["data"] == []
        async with world.client(headers={"Authorization": f"Bearer {created.json()['key']}"}) as k:
            assert (await k.get("/v1/wallet")).status_code == 200


async def test_api_keys_shown_once_and_revocable(world: ConsoleWorld) -> None:
    async with world.client() as browser:
        session = await world.sign_up(browser)
        csrf = {"X-CSRF-Token": session["csrf_token"]}
        created = await browser.post(
            "/v1/api-keys",
            json={"mode": "live", "name": "server"},
            headers={**csrf, "Idempotency-Key": "k1"},
        )
        assert created.status_code == 201, created.text
        key = created.json()
        assert key["key"].startswith("sk_live_") and key["prefix"] == key["key"][:12]
        assert key["name"] == "server" and created.headers["cache-control"] == "no-store"
        replay = await browser.post(
            "/v1/api-keys",
            json={"mode": "live", "name": "server"},
            headers={**csrf, "Idempotency-Key": "k1"},
        )
        assert replay.status_code == 201 and "key" not in replay.json()
        assert replay.json()["id"] == key["id"]
        listed = (await browser.get("/v1/api-keys")).json()
        assert [k["id"] for k in listed["data"]] == [key["id"]]
        assert "key" not in listed["data"][0] and listed["has_more"] is False
        async with world.client(headers={"Authorization": f"Bearer {key['key']}"}) as api:
            assert (await api.get("/v1/wallet")).status_code == 200
            revoked = await browser.delete(f"/v1/api-keys/{key['id']}", headers=csrf)
            assert revoked.status_code == 204

            async def refused() -> bool:
                return (await api.get("/v1/wallet")).status_code == 401

            # The revocation notice reaches the cache a moment after the commit.
            await eventually(refused, timeout=5)
        assert (await browser.get("/v1/api-keys")).json()["data"] == []
        assert (await browser.delete("/v1/api-keys/nope", headers=csrf)).status_code == 404
        dump = str(await execute(world.app.state.settings.database_url, _DUMP_SQL))
        assert key["key"] not in dump and key["key"][12:] not in dump
        bad_mode = await browser.post("/v1/api-keys", json={"mode": "prod"}, headers=csrf)
        assert bad_mode.status_code == 400 and bad_mode.json()["errors"][0]["field"] == "mode"


async def test_sign_in_same_answer_for_unknown_email_and_wrong_password(
    world: ConsoleWorld,
) -> None:
    async with world.client() as browser:
        await world.sign_up(browser, "known@example.com")
    async with world.client() as browser:
        wrong = await browser.post(
            "/v1/sessions", json={"email": "known@example.com", "password": "wrong password!"}
        )
        unknown = await browser.post(
            "/v1/sessions", json={"email": "ghost@example.com", "password": PASSWORD}
        )
        for reply in (wrong, unknown):
            assert reply.status_code == 401
            assert reply.json()["code"] == "invalid_credentials"
            assert reply.json()["detail"] == wrong.json()["detail"]
            assert "set-cookie" not in reply.headers
        right = await browser.post(
            "/v1/sessions", json={"email": "KNOWN@example.com", "password": PASSWORD}
        )
        assert right.status_code == 201
        assert (await browser.get("/v1/sessions/current")).status_code == 200


async def test_sign_in_is_throttled_per_email_and_per_address(
    world: ConsoleWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with world.client() as browser:
        await world.sign_up(browser, "target@example.com")
    async with world.client() as attacker:
        for _ in range(3):  # the free failures
            reply = await attacker.post(
                "/v1/sessions", json={"email": "target@example.com", "password": "guess guess 1"}
            )
            assert reply.status_code == 401
        fourth = await attacker.post(
            "/v1/sessions", json={"email": "target@example.com", "password": "guess guess 2"}
        )
        assert fourth.status_code == 401  # counted; blocks from now on
        blocked = await attacker.post(
            "/v1/sessions", json={"email": "target@example.com", "password": PASSWORD}
        )
        assert blocked.status_code == 429, "even the right password waits out the block"
        assert blocked.json()["code"] == "rate_limited"
        assert 1 <= int(blocked.headers["retry-after"]) <= 30
        world.clock.advance(seconds=31)
        ok = await attacker.post(
            "/v1/sessions", json={"email": "target@example.com", "password": PASSWORD}
        )
        assert ok.status_code == 201, ok.text
    buckets = await execute(
        world.app.state.settings.database_url, "SELECT bucket FROM gateway.signin_failures"
    )
    assert all("target" not in b["bucket"] and "127.0.0.1" not in b["bucket"] for b in buckets)
    assert PASSWORD not in caplog.text and "target@example.com" not in caplog.text


def from_address(world: ConsoleWorld, address: str) -> httpx.AsyncClient:
    """A client whose connections come from `address` (any 127.0.0.0/8 one reaches the
    gateway on 127.0.0.1), as the sign-in throttle sees it."""
    return world.client(transport=httpx.AsyncHTTPTransport(local_address=address))


async def test_sign_in_throttle_counts_an_email_across_addresses_and_an_address_across_emails(
    world: ConsoleWorld,
) -> None:
    """Each bucket on its own: guesses at one email spread over many addresses are blocked by
    the email's bucket, and guesses at many emails from one address by the address's."""
    async with world.client() as browser:
        await world.sign_up(browser, "spread@example.com")
        await world.sign_up(browser, "sprayed@example.com")
    guess = {"email": "spread@example.com", "password": "guess guess 1"}
    for n in range(2, 6):  # the 3 free failures and the one that blocks, each from elsewhere
        async with from_address(world, f"127.0.0.{n}") as elsewhere:
            assert (await elsewhere.post("/v1/sessions", json=guess)).status_code == 401
    async with from_address(world, "127.0.0.6") as fresh_address:
        blocked = await fresh_address.post(
            "/v1/sessions", json={"email": "spread@example.com", "password": PASSWORD}
        )
        assert blocked.status_code == 429, "the email's bucket blocks every address"
        assert blocked.json()["code"] == "rate_limited"

    async with from_address(world, "127.0.0.7") as sprayer:
        for n in range(4):  # a different (unknown) email each time, from one address
            reply = await sprayer.post(
                "/v1/sessions", json={"email": f"nobody{n}@example.com", "password": "guess 12345"}
            )
            assert reply.status_code == 401
        blocked = await sprayer.post(
            "/v1/sessions", json={"email": "sprayed@example.com", "password": PASSWORD}
        )
        assert blocked.status_code == 429, "the address's bucket blocks every email"
    async with from_address(world, "127.0.0.8") as other_address:
        ok = await other_address.post(
            "/v1/sessions", json={"email": "sprayed@example.com", "password": PASSWORD}
        )
        assert ok.status_code == 201, "that email's own bucket is clean"
