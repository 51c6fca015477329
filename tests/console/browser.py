"""Headless Debian chromium driven by Playwright for the console tests: never a downloaded
browser. Plus what the tests ask of the API beside the page (with the page's own cookie)."""

from __future__ import annotations

import contextlib
import email
import email.policy
import shutil
from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from devstack.launcher import ROOT, RunningPlatform

SCREENSHOTS = ROOT / ".data" / "console-screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 360, "height": 780}


def chromium_path() -> str | None:
    return shutil.which("chromium")


@contextlib.asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not on the PATH (Debian: apt-get install chromium)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


async def new_page(browser: Browser, platform: RunningPlatform) -> Page:
    context: BrowserContext = await browser.new_context(base_url=platform.base_url, viewport=WIDE)
    context.set_default_timeout(20_000)
    page = await context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # window.confirm: the user says yes
    return page


async def screenshot(page: Page, name: str) -> None:
    """The page as it looks at 1280 and at 360 px wide, for a reviewer to open; every page
    shot this way must also be usable at 360 px without scrolling sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("1280", WIDE), ("360", NARROW)):
        await page.set_viewport_size(size)
        await page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    await page.set_viewport_size(WIDE)
    assert await no_sideways_scroll(page), f"the {name} page scrolls sideways at 360 px"


async def no_sideways_scroll(page: Page) -> bool:
    """At 360 px nothing but tables (which scroll in their own box) may widen the page."""
    await page.set_viewport_size(NARROW)
    try:
        width: int = await page.evaluate("document.documentElement.scrollWidth")
        return width <= NARROW["width"]
    finally:
        await page.set_viewport_size(WIDE)


async def session_api(
    page: Page, method: str, path: str, *, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    """A call with the browser's own cookie (and CSRF token, read from the API like the page
    does): what the API returns to this signed-in user."""
    request = page.context.request
    all_headers = dict(headers or {})
    if method != "GET" and "X-CSRF-Token" not in all_headers:
        current = await request.get("/v1/sessions/current")
        all_headers["X-CSRF-Token"] = (await current.json())["csrf_token"]
    reply = await request.fetch(path, method=method, data=body, headers=all_headers)
    text = await reply.text()
    return reply.status, (await reply.json()) if text else None


def mail_to(platform: RunningPlatform, address: str) -> list[str]:
    """Bodies of the emails the SMTP sink received for address, oldest first."""
    bodies = []
    for path in sorted((platform.data_dir / "mail").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address in str(message["To"]):
            part = message.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
            bodies.append(part.get_content() if part is not None else "")
    return bodies
