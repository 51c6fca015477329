"""The console before anyone signs in: served by the platform at /console with every asset from
the platform itself, a sign-in page usable by keyboard and at 360 px."""

from __future__ import annotations

from playwright.async_api import Request, expect

from devstack.launcher import RunningPlatform
from tests.console.browser import chromium, new_page, no_sideways_scroll, screenshot


async def test_sign_in_page_loads_only_from_the_platform_and_works_by_keyboard(
    platform: RunningPlatform,
) -> None:
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
        await page.goto("/console/#/signup")
        await expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
        assert await no_sideways_scroll(page)
        await screenshot(page, "sign-up")
