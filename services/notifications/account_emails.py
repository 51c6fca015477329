"""AccountEmailService: console account emails (password reset, invitation) sent at once.

Unlike the event emails, nothing is recorded: the link carries a single-use token that must
exist only in the gateway's request and in the email (the gateway stores its hash). No row,
no retry queue, no log of the address or the link; if SMTP refuses, the caller is told
UNAVAILABLE and the person asks again.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from email.message import EmailMessage

import grpc

from platform_common.errors import FieldViolation, InvalidArgument, Unavailable
from platform_common.ids import new_id_str
from sautikit.notifications.v1 import account_emails_pb2, account_emails_pb2_grpc
from services.notifications.mailer import SmtpSettings, build_message
from services.notifications.templates import Renderer

log = logging.getLogger(__name__)

_TEMPLATES = {
    account_emails_pb2.ACCOUNT_EMAIL_KIND_PASSWORD_RESET: "password_reset",
    account_emails_pb2.ACCOUNT_EMAIL_KIND_INVITATION: "invitation",
}


class SmtpUnavailable(Unavailable):
    default_code = "smtp_unavailable"


def _valid_for(seconds: int) -> str:
    """`1 hour`, `7 days`, `30 minutes`: how the email says how long the link works."""
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{max(seconds, 1) // 60 or 1} minutes"


class AccountEmailServicer(account_emails_pb2_grpc.AccountEmailServiceServicer):
    def __init__(
        self,
        *,
        send: Callable[[EmailMessage], Awaitable[None]],
        renderer: Renderer,
        smtp: SmtpSettings,
    ) -> None:
        self._send = send
        self._renderer = renderer
        self._smtp = smtp

    async def SendAccountEmail(
        self,
        request: account_emails_pb2.SendAccountEmailRequest,
        context: grpc.aio.ServicerContext,
    ) -> account_emails_pb2.SendAccountEmailResponse:
        template = _TEMPLATES.get(request.kind)
        for field, missing in (
            ("to", not request.to),
            ("kind", template is None),
            ("link", not request.link),
        ):
            if missing:
                raise InvalidArgument(
                    f"{field} is required", violations=[FieldViolation(field, "is required")]
                )
        assert template is not None
        rendered = self._renderer.render(
            template,
            {
                "link": request.link,
                "valid_for": _valid_for(request.valid_for_seconds),
                "workspace_name": request.workspace_name,
                "role": request.role,
            },
        )
        message = build_message(
            self._smtp,
            to=request.to,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            event_id=new_id_str(),
        )
        try:
            await self._send(message)
        except Exception as exc:
            log.warning("account email not accepted by SMTP", extra={"error": type(exc).__name__})
            raise SmtpUnavailable("the mail server did not take the email; ask again") from None
        return account_emails_pb2.SendAccountEmailResponse()
