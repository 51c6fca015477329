"""Password reset (single-use, expiring, ends sessions, no enumeration; the real email path
through the notifications service to an SMTP sink), invitations and members."""

from __future__ import annotations

import contextlib
import logging
import re
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from devstack.seed import seed_console_user
from devstack.smtp_sink import SmtpSink
from gateway.testing import create_workspace
from services.notifications.mailer import SmtpSettings
from services.notifications.main import create_service
from tests.integration.console_harness import (
    CONSOLE_ORIGIN,
    PASSWORD,
    ConsoleWorld,
    console_world,
)
from tests.integration.notifications_harness import parts
from tests.integration.test_console_sessions import _DUMP_SQL
from tests.integration.test_gateway_auth import execute

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[ConsoleWorld]:
    async with console_world(
        database_url, password_reset_seconds=3600.0, session_idle_seconds=7200.0
    ) as w:
        yield w


async def test_password_reset_is_single_use_and_ends_every_session(world: ConsoleWorld) -> None:
    async with world.client() as laptop, world.client() as phone:
        await world.sign_up(laptop, "reset@example.com")
        signed = await phone.post(
            "/v1/sessions", json={"email": "reset@example.com", "password": PASSWORD}
        )
        assert signed.status_code == 201
        async with world.client() as anyone:
            for email in ("reset@example.com", "nobody@example.com", "not an email"):
                reply = await anyone.post("/v1/password-resets", json={"email": email})
                assert reply.status_code == 202, "the same answer, account or not"
                assert reply.content == b""
            assert [m.to for m in world.mailer.sent] == ["reset@example.com"]
            mail = world.mailer.sent[0]
            assert mail.link.startswith(CONSOLE_ORIGIN + "/console/#/reset?token=")
            short = await anyone.post(
                "/v1/password-resets/confirm", json={"token": mail.token, "password": "short"}
            )
            assert short.status_code == 400 and short.json()["errors"][0]["field"] == "password"
            done = await anyone.post(
                "/v1/password-resets/confirm", json={"token": mail.token, "password": NEW_PASSWORD}
            )
            assert done.status_code == 204, done.text
            again = await anyone.post(
                "/v1/password-resets/confirm", json={"token": mail.token, "password": PASSWORD}
            )
            assert again.status_code == 400 and again.json()["code"] == "invalid_reset_token"
        for device in (laptop, phone):
            assert (await device.get("/v1/sessions/current")).status_code == 401
    async with world.client() as browser:
        old = await browser.post(
            "/v1/sessions", json={"email": "reset@example.com", "password": PASSWORD}
        )
        assert old.status_code == 401
        new = await browser.post(
            "/v1/sessions", json={"email": "reset@example.com", "password": NEW_PASSWORD}
        )
        assert new.status_code == 201


async def test_reset_token_expires(world: ConsoleWorld) -> None:
    async with world.client() as browser:
        await world.sign_up(browser, "late@example.com")
        await browser.post("/v1/password-resets", json={"email": "late@example.com"})
        token = world.mailer.sent[-1].token
        world.clock.advance(minutes=61)
        late = await browser.post(
            "/v1/password-resets/confirm", json={"token": token, "password": NEW_PASSWORD}
        )
        assert late.status_code == 400 and late.json()["code"] == "invalid_reset_token"
        unknown = await browser.post(
            "/v1/password-resets/confirm", json={"token": "x" * 43, "password": NEW_PASSWORD}
        )
        assert unknown.status_code == 400 and unknown.json()["code"] == "invalid_reset_token"
        # The session is untouched by the refused resets.
        assert (await browser.get("/v1/sessions/current")).status_code == 200


@contextlib.asynccontextmanager
async def mail_path(
    database_url: str, nats_url: str, mail_dir: Path, **overrides: Any
) -> AsyncIterator[tuple[ConsoleWorld, SmtpSink]]:
    """The real email path: gateway -> AccountEmailService -> SMTP sink."""
    sink = SmtpSink(mail_dir)
    sink.start()
    service = create_service(
        database_url=database_url,
        nats_url=nats_url,
        smtp=SmtpSettings(host="127.0.0.1", port=sink.port, timeout_seconds=5.0),
        sender=False,
    )
    port = await service.start()
    try:
        async with console_world(
            database_url, notifications_addr=f"127.0.0.1:{port}", real_mailer=True, **overrides
        ) as w:
            yield w, sink
    finally:
        await service.stop()
        sink.stop()


def emailed_link(sink: SmtpSink, to: str, route: str) -> tuple[str, str]:
    """(link, token) of the one email the sink received for `to`."""
    [message] = [m for m in sink.received if m["To"] == to]
    text, html = parts(message)
    match = re.search(rf"(https?://\S+/console/#/{route}\?token=(\S+))", text)
    assert match, text
    link, token = match.group(1), match.group(2)
    assert parse_qs(urlsplit(link).fragment.split("?", 1)[1])["token"] == [token]
    assert token in html
    return link, token


async def test_reset_email_goes_through_the_notifications_mailer(
    database_url: str, nats_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The real path: gateway -> AccountEmailService -> SMTP sink. The token is in the email
    and nowhere in either schema or the logs."""
    caplog.set_level(logging.DEBUG)
    async with (
        mail_path(database_url, nats_url, tmp_path) as (w, sink),
        w.client() as browser,
    ):
        await w.sign_up(browser, "mail@example.com")
        assert (
            await browser.post("/v1/password-resets", json={"email": "mail@example.com"})
        ).status_code == 202
        link, token = emailed_link(sink, "mail@example.com", "reset")
        assert link.startswith(CONSOLE_ORIGIN + "/console/#/reset?token=")
        [message] = [m for m in sink.received if m["To"] == "mail@example.com"]
        assert "1 hour" in parts(message)[0]
        dump = str(await execute(database_url, _DUMP_SQL))
        emails = str(await execute(database_url, "SELECT * FROM notifications.emails"))
        assert token not in dump and token not in emails
        assert token not in caplog.text
        confirmed = await browser.post(
            "/v1/password-resets/confirm", json={"token": token, "password": NEW_PASSWORD}
        )
        assert confirmed.status_code == 204


# Everything a client sends that names a host: none may become an emailed link's origin.
FORGED_HOST = {
    "Host": "evil.example",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-Proto": "https",
    "Forwarded": "host=evil.example;proto=https",
}


@pytest.mark.parametrize(
    ("overrides", "origin"),
    [
        pytest.param(
            {"console_base_url": "https://console.sautikit.test"},
            "https://console.sautikit.test",
            id="CONSOLE_BASE_URL",
        ),
        pytest.param(
            {"console_base_url": "", "public_base_url": "https://api.sautikit.test/"},
            "https://api.sautikit.test",
            id="else-GATEWAY_PUBLIC_BASE_URL",
        ),
    ],
)
async def test_emailed_links_take_their_origin_from_configuration_never_the_host_header(
    database_url: str, nats_url: str, tmp_path: Path, overrides: dict[str, str], origin: str
) -> None:
    """A reset or an invitation requested with a forged Host (and forwarded headers) still
    emails a link on the configured origin: otherwise anyone could ask for a reset of a
    victim's account and receive the victim's token when they click the link."""
    async with (
        mail_path(database_url, nats_url, tmp_path, **overrides) as (w, sink),
        w.client() as owner_client,
        w.client(headers=FORGED_HOST) as attacker,
    ):
        owner = await w.sign_up(owner_client, "victim@example.com", workspace="Acme")
        reset = await attacker.post("/v1/password-resets", json={"email": "victim@example.com"})
        assert reset.status_code == 202
        invited = await owner_client.post(
            "/v1/invitations",
            json={"email": "invitee@example.com", "role": "viewer"},
            headers={**FORGED_HOST, "X-CSRF-Token": owner["csrf_token"]},
        )
        assert invited.status_code == 201, invited.text
        for to, route in (("victim@example.com", "reset"), ("invitee@example.com", "accept")):
            link, _ = emailed_link(sink, to, route)
            assert link.startswith(f"{origin}/console/#/{route}?token="), link
            assert "evil.example" not in link


async def _invite(world: ConsoleWorld, owner_client, owner, email: str, role: str):  # type: ignore[no-untyped-def]
    reply = await owner_client.post(
        "/v1/invitations",
        json={"email": email, "role": role},
        headers={"X-CSRF-Token": owner["csrf_token"]},
    )
    assert reply.status_code == 201, reply.text
    assert reply.json()["role"] == role
    return world.mailer.sent[-1]


async def test_invitation_of_a_new_person(world: ConsoleWorld) -> None:
    async with world.client() as owner_client:
        owner = await world.sign_up(owner_client, "boss@example.com", workspace="Acme")
        mail = await _invite(world, owner_client, owner, "New@Example.com", "viewer")
        assert mail.to == "new@example.com" and mail.extra["workspace_name"] == "Acme"
        assert mail.link.startswith(CONSOLE_ORIGIN + "/console/#/accept?token=")
        async with world.client() as newcomer:
            no_password = await newcomer.post("/v1/invitations/accept", json={"token": mail.token})
            assert no_password.status_code == 400
            assert no_password.json()["errors"][0]["field"] == "password"
            joined = await newcomer.post(
                "/v1/invitations/accept", json={"token": mail.token, "password": PASSWORD}
            )
            assert joined.status_code == 201, joined.text
            assert [(w["name"], w["role"]) for w in joined.json()["workspaces"]] == [
                ("Acme", "viewer")
            ]
            assert (await newcomer.get("/v1/wallet")).status_code == 200
        async with world.client() as someone_else:
            reused = await someone_else.post(
                "/v1/invitations/accept", json={"token": mail.token, "password": PASSWORD}
            )
            assert reused.status_code == 400
            assert reused.json()["code"] == "invalid_invitation_token"
        listed = (await owner_client.get("/v1/members")).json()["data"]
        assert [(m["email"], m["role"]) for m in listed] == [
            ("boss@example.com", "owner"),
            ("new@example.com", "viewer"),
        ]


async def test_invitation_of_an_existing_user(world: ConsoleWorld) -> None:
    async with world.client() as owner_client, world.client() as other:
        owner = await world.sign_up(owner_client, workspace="Acme")
        existing = await world.sign_up(other, "dev@example.com", workspace="Own")
        mail = await _invite(world, owner_client, owner, "dev@example.com", "developer")
        world.clock.advance(minutes=1)  # joined Acme after creating Own
        async with world.client() as stranger:
            refused = await stranger.post(
                "/v1/invitations/accept", json={"token": mail.token, "password": PASSWORD}
            )
            assert refused.status_code == 409 and refused.json()["code"] == "sign_in_required"
        no_csrf = await other.post("/v1/invitations/accept", json={"token": mail.token})
        assert no_csrf.status_code == 403
        joined = await other.post(
            "/v1/invitations/accept",
            json={"token": mail.token},
            headers={"X-CSRF-Token": existing["csrf_token"]},
        )
        assert joined.status_code == 201, joined.text
        roles = {w["name"]: w["role"] for w in joined.json()["workspaces"]}
        assert roles == {"Own": "owner", "Acme": "developer"}
        # Without a header the first (oldest) workspace is used; the header picks Acme.
        acme = next(w["id"] for w in joined.json()["workspaces"] if w["name"] == "Acme")
        own = next(w["id"] for w in joined.json()["workspaces"] if w["name"] == "Own")
        assert (await other.get("/v1/wallet")).json()["workspace_id"] == own
        picked = await other.get("/v1/wallet", headers={"X-Organization-Id": acme})
        assert picked.json()["workspace_id"] == acme


async def test_invitation_expires(world: ConsoleWorld) -> None:
    async with world.client() as owner_client:
        owner = await world.sign_up(owner_client)
        mail = await _invite(world, owner_client, owner, "slow@example.com", "billing")
        world.clock.advance(days=8)
        async with world.client() as late:
            reply = await late.post(
                "/v1/invitations/accept", json={"token": mail.token, "password": PASSWORD}
            )
            assert reply.status_code == 400
    users = await execute(world.app.state.settings.database_url, "SELECT email FROM gateway.users")
    assert "slow@example.com" not in [u["email"] for u in users]


async def test_members_roles_and_the_last_owner(world: ConsoleWorld) -> None:
    async with world.client() as owner_client:
        owner = await world.sign_up(owner_client, "first@example.com")
        csrf = {"X-CSRF-Token": owner["csrf_token"]}
        mail = await _invite(world, owner_client, owner, "second@example.com", "viewer")
        async with world.client() as second_client:
            second = (
                await second_client.post(
                    "/v1/invitations/accept", json={"token": mail.token, "password": PASSWORD}
                )
            ).json()
            second_id = second["user"]["id"]
            owner_id = owner["user"]["id"]
            # A viewer may not manage members.
            forbidden = await second_client.patch(
                f"/v1/members/{owner_id}",
                json={"role": "viewer"},
                headers={"X-CSRF-Token": second["csrf_token"]},
            )
            assert forbidden.status_code == 403
            last = await owner_client.patch(
                f"/v1/members/{owner_id}", json={"role": "developer"}, headers=csrf
            )
            assert last.status_code == 409 and last.json()["code"] == "last_owner"
            removed_last = await owner_client.delete(f"/v1/members/{owner_id}", headers=csrf)
            assert removed_last.status_code == 409
            bad_role = await owner_client.patch(
                f"/v1/members/{second_id}", json={"role": "admin"}, headers=csrf
            )
            assert bad_role.status_code == 400 and bad_role.json()["errors"][0]["field"] == "role"
            promoted = await owner_client.patch(
                f"/v1/members/{second_id}", json={"role": "owner"}, headers=csrf
            )
            assert promoted.status_code == 200 and promoted.json()["role"] == "owner"
            # Now there are two owners, the first may step down.
            stepped = await owner_client.patch(
                f"/v1/members/{owner_id}", json={"role": "developer"}, headers=csrf
            )
            assert stepped.status_code == 200
            unknown = await second_client.delete(
                f"/v1/members/{uuid.uuid4()}", headers={"X-CSRF-Token": second["csrf_token"]}
            )
            assert unknown.status_code == 404
            gone = await second_client.delete(
                f"/v1/members/{owner_id}", headers={"X-CSRF-Token": second["csrf_token"]}
            )
            assert gone.status_code == 204
            # The removed member's session no longer reaches the workspace.
            assert (
                await owner_client.get(
                    "/v1/wallet", headers={"X-Organization-Id": owner["workspaces"][0]["id"]}
                )
            ).status_code == 404


async def test_make_run_demo_console_user(database_url: str) -> None:
    """devstack's seed: the demo workspace gets a console owner whose password is printed; a
    second run keeps it."""
    demo_workspace = await create_workspace(database_url, name="Demo workspace")
    demo = {"workspace_id": str(demo_workspace.workspace.id), "api_key": "kept"}
    first = await seed_console_user(database_url, demo)
    assert first["console_email"] == "demo@example.com" and len(first["console_password"]) >= 12
    again = await seed_console_user(database_url, first)
    assert again == first
    async with console_world(database_url) as w, w.client() as browser:
        signed = await browser.post(
            "/v1/sessions",
            json={"email": first["console_email"], "password": first["console_password"]},
        )
        assert signed.status_code == 201
        assert [(x["id"], x["role"]) for x in signed.json()["workspaces"]] == [
            (demo["workspace_id"], "owner")
        ]
