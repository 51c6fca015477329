"""The customer console in headless chromium, on the platform as `make run` starts it (one start
for the module): the sign-in page, a new customer's first day, a viewer who can see but not
change, a user who never sees another workspace, and CSRF refusals. Each step asserts what the
page shows and what the API then answers to the same signed-in browser."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, Page, Request, expect

from devstack.launcher import RunningPlatform
from devstack.webhook_receiver import WebhookReceiver
from tests.conftest import eventually
from tests.console.browser import (
    chromium,
    mail_to,
    new_page,
    no_sideways_scroll,
    screenshot,
    session_api,
)

PASSWORD = "correct horse battery"
SUCCESS_PHONE = "254708374149"  # the Daraja simulator's phone that pays
TEST = {"Sautikit-Mode": "test"}


async def require_console_users(platform: RunningPlatform) -> None:
    """The pages need the contract's session routes; a build without them skips, saying so."""
    async with httpx.AsyncClient(base_url=platform.base_url) as http:
        reply = await http.get("/v1/sessions/current")
    if reply.status_code == 404:
        pytest.skip("this build has no console sessions yet (GET /v1/sessions/current is 404)")
    assert reply.status_code == 401, reply.text


async def sign_up(page: Page, email: str, workspace: str) -> None:
    await page.goto("/console/#/signup")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password (12 to 128 characters)").fill(PASSWORD)
    await page.get_by_label("Workspace name").fill(workspace)
    await page.get_by_role("button", name="Create account").click()
    await expect(page.get_by_role("heading", name="Numbers", exact=True)).to_be_visible()


async def nav(page: Page, name: str, heading: str | None = None) -> None:
    await page.get_by_role("navigation").get_by_role("link", name=name).click()
    await expect(page.get_by_role("heading", name=heading or name, exact=True)).to_be_visible()


async def routing_ready(page: Page, number_id: str, headers: dict[str, str]) -> None:
    """Routing hears of a claim from its event a moment after the claim answers."""

    async def ready() -> bool:
        status, _ = await session_api(
            page, "GET", f"/v1/numbers/{number_id}/routing", headers=headers
        )
        return status == 200

    await eventually(ready, timeout=20, interval=0.2)


async def test_sign_in_page_loads_only_from_the_platform_and_works_by_keyboard(
    platform: RunningPlatform,
) -> None:
    await require_console_users(platform)
    async with chromium() as browser:
        page = await new_page(browser, platform)
        requested: list[str] = []

        def record(request: Request) -> None:
            requested.append(request.url)

        page.on("request", record)
        await page.goto("/console")
        # No session: the console asks the API, then shows the sign-in page.
        await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        assert page.url.endswith("/console#/signin")
        assert requested and all(url.startswith(platform.base_url + "/") for url in requested)

        # Keyboard: the fields are labelled and reachable with Tab, in order.
        email = page.get_by_label("Email")
        await email.focus()
        await page.keyboard.type("nobody@example.com")
        await page.keyboard.press("Tab")
        assert await page.evaluate("document.activeElement.name") == "password"
        await page.keyboard.press("Tab")
        assert await page.evaluate("document.activeElement.textContent") == "Sign in"
        focus_ring = await page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert focus_ring == "solid"

        assert await no_sideways_scroll(page)
        await screenshot(page, "sign-in")

        # `make run`'s demo user, as its banner prints it, signs in from the keyboard alone.
        demo = platform.demo
        banner = "".join(platform.output)
        assert f"{platform.base_url}/console/" in banner
        assert f"sign in as {demo['console_email']}  password {demo['console_password']}" in banner
        await email.fill(demo["console_email"])
        await page.get_by_label("Password").fill(demo["console_password"])
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name="Numbers", exact=True)).to_be_visible()
        await page.get_by_role("navigation").get_by_role("link", name="Wallet").click()
        await expect(page.get_by_test_id("balance")).to_have_text("KES 5,000.00")
        await page.get_by_role("button", name="Sign out").click()
        await page.goto("/console/#/signup")
        await expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
        assert await no_sideways_scroll(page)
        await screenshot(page, "sign-up")


async def test_a_new_customers_first_day(platform: RunningPlatform) -> None:
    await require_console_users(platform)
    email = f"first-day-{uuid.uuid4().hex[:8]}@example.com"
    async with chromium() as browser, WebhookReceiver() as receiver:
        page = await new_page(browser, platform)

        # Sign up: a workspace of one's own, as its owner.
        await sign_up(page, email, "First Day Ltd")
        status, session = await session_api(page, "GET", "/v1/sessions/current")
        assert status == 200 and session["user"]["email"] == email
        assert [w["role"] for w in session["workspaces"]] == ["owner"]
        await expect(page.get_by_test_id("mode-badge")).to_have_text("LIVE")

        # Top up with the simulator's paying phone and watch the balance change.
        await nav(page, "Wallet")
        balance = page.get_by_test_id("balance")
        await expect(balance).to_have_text("KES 0.00")
        await page.get_by_label("Amount (KES)").fill("1000")
        await page.get_by_label("M-Pesa phone").fill(SUCCESS_PHONE)
        await page.get_by_role("button", name="Send M-Pesa prompt").click()
        await expect(page.get_by_test_id("topup-status")).to_contain_text(
            "succeeded", timeout=60_000
        )
        await expect(balance).to_have_text("KES 1,000.00")
        assert (await session_api(page, "GET", "/v1/wallet"))[1]["balance_minor"] == 100_000
        await screenshot(page, "wallet")

        # Search and claim a number: the price first, nothing charged until confirmed.
        await nav(page, "Numbers")
        await page.get_by_label("Type", exact=True).select_option("mobile")
        await page.get_by_label("Starts with").fill("2547")
        await page.get_by_role("button", name="Search").click()
        first = page.get_by_role("table", name="Available numbers").locator("tbody tr").first
        e164 = await first.get_attribute("data-e164")
        assert e164 and e164.startswith("+2547")
        await first.get_by_role("button", name="Claim…").click()
        await expect(page.get_by_test_id("claim-price")).to_contain_text("KES 500.00 a month")
        assert (await session_api(page, "GET", "/v1/wallet"))[1]["balance_minor"] == 100_000
        await screenshot(page, "numbers")
        await page.get_by_role("button", name="Confirm claim").click()
        await expect(page.get_by_role("heading", name=e164)).to_be_visible()
        number_id = page.url.rsplit("/", 1)[1]
        numbers = (await session_api(page, "GET", "/v1/numbers"))[1]["data"]
        assert [(n["id"], n["e164"], n["status"]) for n in numbers] == [(number_id, e164, "active")]
        assert (await session_api(page, "GET", "/v1/wallet"))[1]["balance_minor"] == 50_000

        # Routing: the API's message next to the field it names, then a local receiver.
        await routing_ready(page, number_id, {})
        await page.reload()
        events_url = page.get_by_label("Events URL (signed call events)")
        await events_url.fill("ftp://example.com/events")
        await page.get_by_role("button", name="Save routing").click()
        _, refused = await session_api(
            page,
            "PATCH",
            f"/v1/numbers/{number_id}/routing",
            body={"events_url": "ftp://example.com/events"},
        )
        assert refused["errors"][0]["field"] == "events_url"
        error_slot = page.locator('[data-error-for="events_url"]')
        await expect(error_slot).to_have_text(refused["detail"])
        await expect(events_url).to_have_attribute("aria-invalid", "true")
        await events_url.fill(f"{receiver.url}/live-events")
        await page.get_by_role("button", name="Save routing").click()
        await expect(page.get_by_text("Routing saved.")).to_be_visible()
        _, routing = await session_api(page, "GET", f"/v1/numbers/{number_id}/routing")
        assert routing["events_url"] == f"{receiver.url}/live-events"
        await screenshot(page, "number-detail")

        # A SIP credential: its password shown exactly once.
        await page.get_by_label("Label (optional)").fill("desk phone")
        await page.get_by_role("button", name="Create credential").click()
        secret = page.get_by_test_id("secret-once")
        await expect(secret).to_contain_text("shown only now")
        password = await secret.locator(".secret-value").inner_text()
        assert len(password) >= 16
        _, credentials = await session_api(page, "GET", f"/v1/numbers/{number_id}/sip-credentials")
        assert [c["label"] for c in credentials["data"]] == ["desk phone"]
        assert "password" not in credentials["data"][0]
        await page.reload()
        await expect(page.get_by_role("table", name="SIP credentials")).to_contain_text(
            "desk phone"
        )
        assert password not in await page.content()

        # Test mode: every page switches to the sandbox; simulate a call, see its deliveries.
        await page.get_by_label("Test mode").check()
        await expect(page.get_by_test_id("mode-badge")).to_have_text("TEST")
        await nav(page, "Numbers")
        await expect(page.get_by_text("No numbers yet.")).to_be_visible()
        await page.get_by_role("button", name="Search").click()
        test_row = page.get_by_role("table", name="Available numbers").locator("tbody tr").first
        test_e164 = await test_row.get_attribute("data-e164")
        await test_row.get_by_role("button", name="Claim…").click()
        await page.get_by_role("button", name="Confirm claim").click()
        await expect(page.get_by_role("heading", name=test_e164)).to_be_visible()
        test_number_id = page.url.rsplit("/", 1)[1]
        _, test_numbers = await session_api(page, "GET", "/v1/numbers", headers=TEST)
        assert [n["id"] for n in test_numbers["data"]] == [test_number_id]
        assert all(n["livemode"] is False for n in test_numbers["data"])
        _, live_numbers = await session_api(page, "GET", "/v1/numbers")
        assert [n["id"] for n in live_numbers["data"]] == [number_id]
        await routing_ready(page, test_number_id, TEST)
        await page.reload()
        await page.get_by_label("Events URL (signed call events)").fill(
            f"{receiver.url}/test-events"
        )
        await page.get_by_role("button", name="Save routing").click()
        await expect(page.get_by_text("Routing saved.")).to_be_visible()

        await nav(page, "Test tools")
        await page.get_by_label("To (your test number)").select_option(test_e164)
        await page.get_by_role("button", name="Simulate call").click()
        await expect(page.get_by_test_id("call-outcome")).to_contain_text("completed")
        await screenshot(page, "test-tools")
        await page.get_by_role("link", name="See its deliveries").click()
        deliveries = page.get_by_role("table", name="Recent deliveries")

        async def delivered() -> bool:
            await page.get_by_role("button", name="Refresh").click()
            rows = deliveries.locator("tbody tr")
            return await rows.count() > 0 and "pending" not in await deliveries.inner_text()

        await eventually(delivered, timeout=30, interval=0.5)
        await expect(deliveries).to_contain_text("call.completed")
        await expect(deliveries).to_contain_text("delivered")
        _, sent = await session_api(
            page, "GET", f"/v1/numbers/{test_number_id}/deliveries", headers=TEST
        )
        assert "call.completed" in {d["event_type"] for d in sent["data"]}
        assert {d["status"] for d in sent["data"]} == {"delivered"}
        assert any(r.path == "/test-events" for r in receiver.received)
        await page.get_by_label("Test mode").uncheck()
        await expect(page.get_by_test_id("mode-badge")).to_have_text("LIVE")

        # An API key: shown once, works, then revoked from the page and refused by the API.
        await nav(page, "API keys")
        await page.get_by_label("Mode", exact=True).select_option("live")
        await page.get_by_role("button", name="Create key").click()
        key = await page.get_by_test_id("secret-once").locator(".secret-value").inner_text()
        assert key.startswith("sk_live_")
        async with httpx.AsyncClient(
            base_url=platform.base_url, headers={"Authorization": f"Bearer {key}"}
        ) as with_key:
            assert (await with_key.get("/v1/wallet")).json()["balance_minor"] == 50_000
            await screenshot(page, "api-keys")
            prefix = key[:12]
            await page.get_by_role("button", name=f"Revoke {prefix}").click()

            async def refused() -> bool:
                return (await with_key.get("/v1/wallet")).status_code == 401

            await eventually(refused, timeout=5, interval=0.1)

        # Sign out: the page and the session both end.
        await page.get_by_role("button", name="Sign out").click()
        await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        status, _ = await session_api(page, "GET", "/v1/sessions/current")
        assert status == 401


async def key_ids(page: Page) -> set[str]:
    _, keys = await session_api(page, "GET", "/v1/api-keys")
    return {k["id"] for k in keys["data"]}


async def owner_with_a_key(browser: Browser, platform: RunningPlatform) -> tuple[Page, str, Any]:
    """A new customer's signed-in page, its workspace id and a test key it made."""
    owner = await new_page(browser, platform)
    await sign_up(owner, f"owner-{uuid.uuid4().hex[:8]}@example.com", "Acme Kenya")
    _, session = await session_api(owner, "GET", "/v1/sessions/current")
    status, key = await session_api(owner, "POST", "/v1/api-keys", body={"mode": "test"})
    assert status == 201, key
    return owner, session["workspaces"][0]["id"], key


async def test_a_viewer_sees_but_cannot_change(platform: RunningPlatform) -> None:
    await require_console_users(platform)
    async with httpx.AsyncClient(base_url=platform.base_url) as http:
        if (await http.post("/v1/invitations/accept", json={})).status_code == 404:
            pytest.skip("this build has no invitations yet (POST /v1/invitations/accept is 404)")
    viewer_email = f"viewer-{uuid.uuid4().hex[:8]}@example.com"
    async with chromium() as browser:
        owner, workspace_a, key_a = await owner_with_a_key(browser, platform)
        keys_before = await key_ids(owner)

        # The owner invites a viewer from the Members page; the link arrives by email.
        await nav(owner, "Members")
        await owner.get_by_label("Email", exact=True).fill(viewer_email)
        await owner.get_by_label("Role", exact=True).select_option("viewer")
        await owner.get_by_role("button", name="Send invitation").click()
        await expect(owner.get_by_text("Invitation sent.")).to_be_visible()
        await screenshot(owner, "members")

        async def invited() -> bool:
            return bool(mail_to(platform, viewer_email))

        await eventually(invited, timeout=30, interval=0.2)
        link = re.search(r"#/accept\?token=([^\s\"'<>&]+)", mail_to(platform, viewer_email)[-1])
        assert link, mail_to(platform, viewer_email)
        viewer = await new_page(browser, platform)
        await viewer.goto(f"/console/#/accept?token={link.group(1)}")
        await viewer.get_by_label("Password (new accounts only", exact=False).fill(PASSWORD)
        await viewer.get_by_role("button", name="Join the workspace").click()
        await expect(viewer.get_by_role("heading", name="Numbers", exact=True)).to_be_visible()
        _, viewer_session = await session_api(viewer, "GET", "/v1/sessions/current")
        assert [(w["id"], w["role"]) for w in viewer_session["workspaces"]] == [
            (workspace_a, "viewer")
        ]

        # The viewer sees every page, with no button that changes anything.
        await viewer.get_by_role("button", name="Search").click()
        await expect(viewer.get_by_role("table", name="Available numbers")).to_be_visible()
        assert await viewer.get_by_role("button", name="Claim…").count() == 0
        await nav(viewer, "Wallet")
        await expect(viewer.get_by_test_id("balance")).to_have_text("KES 0.00")
        assert await viewer.get_by_role("button", name="Send M-Pesa prompt").count() == 0
        assert "null" not in await viewer.locator("main").inner_text()
        await nav(viewer, "API keys")
        await expect(viewer.get_by_role("table", name="API keys")).to_contain_text(key_a["prefix"])
        assert await viewer.get_by_role("button", name="Create key").count() == 0
        assert await viewer.get_by_role("button", name=re.compile("^Revoke")).count() == 0
        assert await viewer.get_by_role("button", name=re.compile("Rotate")).count() == 0
        await nav(viewer, "Members")
        assert await viewer.get_by_role("button", name="Send invitation").count() == 0
        assert "null" not in await viewer.locator("main").inner_text()  # nothing left half-drawn
        await screenshot(viewer, "viewer-members")

        # A forged change from the viewer's own signed-in browser: refused, nothing changed.
        for method, path, body in [
            ("POST", "/v1/wallet/topups", {"amount_minor": 1000, "phone": SUCCESS_PHONE}),
            ("POST", "/v1/api-keys", {"mode": "live"}),
            ("DELETE", f"/v1/api-keys/{key_a['id']}", None),
            ("POST", "/v1/webhook-secret/rotate", None),
        ]:
            status, problem = await session_api(viewer, method, path, body=body)
            assert (status, problem["code"]) == (403, "forbidden_role"), (path, problem)
        assert await key_ids(owner) == keys_before
        _, topups = await session_api(owner, "GET", "/v1/wallet/topups")
        assert topups["data"] == []


async def test_no_one_sees_another_workspace_and_csrf_is_refused(
    platform: RunningPlatform,
) -> None:
    await require_console_users(platform)
    async with chromium() as browser:
        owner, workspace_a, key_a = await owner_with_a_key(browser, platform)
        keys_before = await key_ids(owner)

        # Another customer never sees workspace A, by header or by id.
        other = await new_page(browser, platform)
        await sign_up(other, f"other-{uuid.uuid4().hex[:8]}@example.com", "Other Co")
        for header in ("X-Organization-Id", "Sautikit-Workspace"):
            status, problem = await session_api(
                other, "GET", "/v1/api-keys", headers={header: workspace_a}
            )
            assert (status, problem.get("code")) == (404, "workspace_not_found"), problem
        status, problem = await session_api(other, "DELETE", f"/v1/api-keys/{key_a['id']}")
        assert status == 404, problem
        await nav(other, "API keys")
        assert key_a["prefix"] not in await other.content()
        options = other.locator("#workspace option")
        assert await options.count() == 1 and workspace_a not in await other.content()

        # CSRF: a change without the token, or from another origin, is refused.
        request = owner.context.request
        no_token = await request.post("/v1/api-keys", data={"mode": "live"})
        assert no_token.status == 403 and (await no_token.json())["code"] == "csrf_failed"
        csrf = (await (await request.get("/v1/sessions/current")).json())["csrf_token"]
        elsewhere = await request.post(
            "/v1/api-keys",
            data={"mode": "live"},
            headers={"X-CSRF-Token": csrf, "Origin": "http://evil.example"},
        )
        assert elsewhere.status == 403 and (await elsewhere.json())["code"] == "csrf_failed"
        same_origin = await request.post(
            "/v1/api-keys",
            data={"mode": "test", "name": "same origin"},
            headers={"X-CSRF-Token": csrf, "Origin": platform.base_url},
        )
        assert same_origin.status == 201
        created = (await same_origin.json())["id"]
        assert await key_ids(owner) == keys_before | {created}  # only the same-origin one did


async def test_password_reset_by_the_emailed_link_works_once(platform: RunningPlatform) -> None:
    await require_console_users(platform)
    email = f"forgetful-{uuid.uuid4().hex[:8]}@example.com"
    new_password = "a much better passphrase"
    async with chromium() as browser:
        page = await new_page(browser, platform)
        await sign_up(page, email, "Forgetful Ltd")
        await page.get_by_role("button", name="Sign out").click()
        await page.get_by_role("link", name="Forgot your password?").click()
        await page.get_by_label("Email").fill(email)
        await page.get_by_role("button", name="Email me a reset link").click()
        await expect(page.get_by_role("status").filter(has_text="reset link")).to_be_visible()

        async def mailed() -> bool:
            return bool(mail_to(platform, email))

        await eventually(mailed, timeout=30, interval=0.2)
        link = re.search(r"(/console/#/reset\?token=[^\s\"'<>&]+)", mail_to(platform, email)[-1])
        assert link, mail_to(platform, email)
        # On the console `make run` prints (CONSOLE_BASE_URL), not wherever the request said.
        assert f"{platform.base_url}{link.group(1)}" in mail_to(platform, email)[-1]
        await page.goto(link.group(1))
        await page.get_by_label("New password (12 to 128 characters)").fill(new_password)
        await page.get_by_role("button", name="Set password").click()
        await expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

        request = page.context.request
        old = await request.post("/v1/sessions", data={"email": email, "password": PASSWORD})
        assert old.status == 401 and (await old.json())["code"] == "invalid_credentials"
        await page.get_by_label("Email").fill(email)
        await page.get_by_label("Password").fill(new_password)
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.get_by_role("heading", name="Numbers", exact=True)).to_be_visible()

        # The link works once: used again, the page shows the API's refusal.
        await page.goto(link.group(1))
        await page.get_by_label("New password (12 to 128 characters)").fill("another passphrase")
        await page.get_by_role("button", name="Set password").click()
        token = link.group(1).split("token=", 1)[1]
        again = await request.post(
            "/v1/password-resets/confirm", data={"token": token, "password": "x" * 12}
        )
        assert again.status == 400 and (await again.json())["code"] == "invalid_reset_token"
        await expect(page.locator("main form")).to_contain_text((await again.json())["detail"])


async def credential_rows(page: Page, number_id: str) -> dict[str, dict[str, Any]]:
    """The number's SIP credentials as the API answers this browser (test side), by label."""
    status, listed = await session_api(
        page, "GET", f"/v1/numbers/{number_id}/sip-credentials", headers=TEST
    )
    assert status == 200, listed
    return {c["label"]: c for c in listed["data"]}


async def test_rotate_and_revoke_a_sip_credential_then_release_the_number(
    platform: RunningPlatform,
) -> None:
    """Clicked through on the test side; after each click the page and the API agree."""
    await require_console_users(platform)
    async with chromium() as browser:
        page = await new_page(browser, platform)
        await sign_up(page, f"sip-{uuid.uuid4().hex[:8]}@example.com", "Desk Phones Ltd")
        await page.get_by_label("Test mode").check()
        await expect(page.get_by_test_id("mode-badge")).to_have_text("TEST")
        await page.get_by_role("button", name="Search").click()
        row = page.get_by_role("table", name="Available numbers").locator("tbody tr").first
        e164 = await row.get_attribute("data-e164")
        await row.get_by_role("button", name="Claim…").click()
        await page.get_by_role("button", name="Confirm claim").click()
        await expect(page.get_by_role("heading", name=e164)).to_be_visible()
        number_id = page.url.rsplit("/", 1)[1]

        secret = page.get_by_test_id("secret-once").locator(".secret-value")
        for label in ("desk phone", "softphone"):
            await page.get_by_label("Label (optional)").fill(label)
            await page.get_by_role("button", name="Create credential").click()
            await expect(page.get_by_role("table", name="SIP credentials")).to_contain_text(label)
        first_password = await secret.inner_text()
        created = await credential_rows(page, number_id)
        assert {c["status"] for c in created.values()} == {"active"}
        desk = created["desk phone"]
        assert desk.get("rotated_at") is None
        desk_row = page.locator(f'tr[data-credential="{desk["id"]}"]')

        # Rotate: a new password, shown once; the API records the rotation.
        await desk_row.get_by_role("button", name="Rotate").click()
        await expect(page.get_by_test_id("secret-once")).to_contain_text(desk["username"])
        rotated_password = await secret.inner_text()
        assert len(rotated_password) >= 16 and rotated_password != first_password
        rotated = (await credential_rows(page, number_id))["desk phone"]
        assert rotated["id"] == desk["id"] and rotated["status"] == "active"
        assert rotated.get("rotated_at") is not None
        await expect(desk_row.locator("td").nth(4)).not_to_have_text("—")
        await screenshot(page, "sip-credentials")

        # Revoke (the confirmation is accepted): the row says revoked and offers no action.
        await desk_row.get_by_role("button", name="Revoke").click()
        await expect(desk_row.locator("td").nth(2)).to_have_text("revoked")
        assert await desk_row.get_by_role("button").count() == 0
        after = await credential_rows(page, number_id)
        assert after["desk phone"]["status"] == "revoked"
        assert after["softphone"]["status"] == "active"
        await page.reload()  # the password was shown once: a reload never brings it back
        await expect(desk_row.locator("td").nth(2)).to_have_text("revoked")
        assert rotated_password not in await page.content()

        # Release, after the confirmation panel: the page shows it released, as does the API.
        await page.get_by_role("button", name="Release this number…").click()
        confirm = page.get_by_role("form", name="Confirm release")
        await expect(confirm).to_contain_text(f"Release {e164}?")
        await confirm.get_by_role("button", name="Yes, release it").click()
        await expect(page.get_by_test_id("number-status")).to_have_text("released")
        assert await page.get_by_role("button", name="Release this number…").count() == 0
        status, number = await session_api(page, "GET", f"/v1/numbers/{number_id}", headers=TEST)
        assert status == 200 and number["status"] == "released"

        async def all_revoked() -> bool:
            rows = await credential_rows(page, number_id)
            return {c["status"] for c in rows.values()} == {"revoked"}

        await eventually(all_revoked, timeout=20, interval=0.2)
        _, live = await session_api(page, "GET", "/v1/numbers")
        assert live["data"] == [], "the live side never saw the test number"
