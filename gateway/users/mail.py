"""The console's emails (password reset, invitation) go out through the notifications
service's mailer. The link's token travels in the request to notifications and in the email,
never in a table or an event: the gateway stores only its hash.

A link's origin is configuration only (CONSOLE_BASE_URL, else
GATEWAY_PUBLIC_BASE_URL: GatewaySettings.console_link_base_url): never the
request's Host, Origin or forwarded headers, which whoever asks for a reset chooses. A reset
requested with `Host: evil.example` must not email the victim a link carrying their token to
evil.example. So the mailer is handed the finished link and never sees the request."""

from __future__ import annotations

import logging
from typing import Protocol

log = logging.getLogger(__name__)


class ConsoleMailer(Protocol):
    async def send_password_reset(
        self, *, to: str, link: str, valid_for_seconds: float
    ) -> None: ...

    async def send_invitation(
        self,
        *,
        to: str,
        link: str,
        workspace_name: str,
        role: str,
        valid_for_seconds: float,
    ) -> None: ...

    async def close(self) -> None: ...


def console_link(base_url: str, route: str, token: str) -> str:
    """`<base>/console/#/<route>?token=...`; `base` is the configured origin (never a header)."""
    return f"{base_url}/console/#/{route}?token={token}"
