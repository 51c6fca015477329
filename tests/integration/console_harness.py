"""The console's server side under test: the real gateway app on uvicorn (loopback), real
PostgreSQL, a real gRPC wallet stand-in, a movable clock, and a mailer that keeps what it was
asked to send (the notifications path has its own test)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi import FastAPI

from gateway.app import create_app
from gateway.testing import serving_http
from gateway.users.session_auth import Console
from platform_common.passwords import ThrottlePolicy
from tests.integration.test_gateway_wallet import FakeWallet, gateway_settings, running_wallet

PASSWORD = "correct horse battery"
# Where this world's emailed links point (CONSOLE_BASE_URL): not the served loopback origin,
# so a link built from the request instead of the configuration shows.
CONSOLE_ORIGIN = "https://console.sautikit.test"


@dataclass
class SentEmail:
    kind: str
    to: str
    link: str
    token: str
    extra: dict[str, Any] = field(default_factory=dict)


def link_token(link: str) -> str:
    """The token of a `<base>/console/#/<route>?token=...` link."""
    [token] = parse_qs(urlsplit(link).fragment.split("?", 1)[1])["token"]
    return token


class RecordingMailer:
    """Keeps the links the gateway built, as the notifications service would receive them."""

    def __init__(self) -> None:
        self.sent: list[SentEmail] = []

    async def send_password_reset(self, *, to: str, link: str, valid_for_seconds: float) -> None:
        self.sent.append(SentEmail("reset", to, link, link_token(link)))

    async def send_invitation(
        self,
        *,
        to: str,
        link: str,
        workspace_name: str,
        role: str,
        valid_for_seconds: float,
    ) -> None:
        self.sent.append(
            SentEmail(
                "invitation",
                to,
                link,
                link_token(link),
                {"workspace_name": workspace_name, "role": role},
            )
        )

    async def close(self) -> None:
        return None


class MovableClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class ConsoleWorld:
    app: FastAPI
    base_url: str
    wallet: FakeWallet
    mailer: RecordingMailer
    clock: MovableClock

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.base_url, timeout=10, **kwargs)

    async def sign_up(
        self, client: httpx.AsyncClient, email: str | None = None, workspace: str = "Shop"
    ) -> dict[str, Any]:
        email = email or f"u{uuid.uuid4().hex[:10]}@example.com"
        reply = await client.post(
            "/v1/users",
            json={"email": email, "password": PASSWORD, "workspace_name": workspace},
        )
        assert reply.status_code == 201, reply.text
        body: dict[str, Any] = reply.json()
        return body


FAST_THROTTLE = ThrottlePolicy(
    free_failures=3, base_delay_seconds=30.0, max_delay_seconds=60.0, forget_after_seconds=600.0
)


@contextlib.asynccontextmanager
async def console_world(
    database_url: str, *, real_mailer: bool = False, **overrides: Any
) -> AsyncIterator[ConsoleWorld]:
    """`real_mailer`: emails go through the notifications service at `notifications_addr`."""
    wallet = FakeWallet()
    mailer = RecordingMailer()
    clock = MovableClock()
    settings_overrides: dict[str, Any] = {
        "cookie_secure": False,
        "signin_throttle": FAST_THROTTLE,
        "session_idle_seconds": 1800.0,
        "session_lifetime_seconds": 8 * 3600.0,
        "console_base_url": CONSOLE_ORIGIN,
        **overrides,
    }
    async with running_wallet(wallet) as wallet_addr:
        app = create_app(
            gateway_settings(database_url, wallet_addr, **settings_overrides),
            mailer=None if real_mailer else mailer,
        )
        console: Console = app.state.console
        console.clock = clock
        async with serving_http(app) as base_url:
            yield ConsoleWorld(app, base_url, wallet, mailer, clock)
