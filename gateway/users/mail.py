"""The console's emails (password reset, invitation) go out through the notifications
service's mailer. The link's token travels in the request to notifications and in the email,
never in a table or an event: the gateway stores only its hash."""

from __future__ import annotations

import logging
from typing import Protocol

from fastapi import Request

log = logging.getLogger(__name__)


class ConsoleMailer(Protocol):
    async def send_password_reset(
        self, request: Request, *, to: str, token: str, valid_for_seconds: float
    ) -> None: ...

    async def send_invitation(
        self,
        request: Request,
        *,
        to: str,
        token: str,
        workspace_name: str,
        role: str,
        valid_for_seconds: float,
    ) -> None: ...

    async def close(self) -> None: ...


def console_link(request: Request, base_url: str, route: str, token: str) -> str:
    """`<base>/console/#/<route>?token=...`; the base is CONSOLE_BASE_URL or this request's."""
    base = base_url or f"{request.url.scheme}://{request.headers.get('host', '')}"
    return f"{base}/console/#/{route}?token={token}"
