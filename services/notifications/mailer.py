"""The SMTP adapter (the outside world): one message per call, over plain SMTP, STARTTLS or
implicit TLS, with optional login. smtplib runs in a thread: the event loop never blocks."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from enum import StrEnum

from platform_common.config import env_float, env_int, env_str


class SmtpSecurity(StrEnum):
    NONE = "none"  # plain SMTP: only for a local sink
    STARTTLS = "starttls"
    TLS = "tls"  # implicit TLS (port 465)


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 1025
    security: SmtpSecurity = SmtpSecurity.NONE
    username: str = ""
    password: str = ""  # from configuration; never logged
    from_address: str = "no-reply@sautikit.com"
    from_name: str = "Sautikit"
    timeout_seconds: float = 15.0

    @classmethod
    def from_env(cls) -> SmtpSettings:
        return cls(
            host=env_str("SMTP_HOST", "127.0.0.1"),
            port=env_int("SMTP_PORT", 1025),
            security=SmtpSecurity(env_str("SMTP_SECURITY", "none")),
            username=env_str("SMTP_USERNAME", ""),
            password=env_str("SMTP_PASSWORD", ""),
            from_address=env_str("MAIL_FROM", "no-reply@sautikit.com"),
            from_name=env_str("MAIL_FROM_NAME", "Sautikit"),
            timeout_seconds=env_float("SMTP_TIMEOUT_SECONDS", 15.0),
        )

    def __repr__(self) -> str:  # keeps the password out of logs and tracebacks
        return f"SmtpSettings(host={self.host!r}, port={self.port}, security={self.security})"


def build_message(
    settings: SmtpSettings, *, to: str, subject: str, text: str, html: str, event_id: str
) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML second."""
    message = EmailMessage()
    message["From"] = formataddr((settings.from_name, settings.from_address))
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=settings.from_address.rsplit("@", 1)[-1])
    # Lets support find the event behind an email (an id, not personal data).
    message["X-Sautikit-Event-Id"] = event_id
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


class SmtpMailer:
    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    async def send(self, message: EmailMessage) -> None:
        """Raises OSError / smtplib.SMTPException when the server does not take it."""
        await asyncio.to_thread(self._send, message)

    def _send(self, message: EmailMessage) -> None:
        s = self.settings
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if s.security is SmtpSecurity.TLS:
            client = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_seconds, context=context)
        else:
            client = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
        with client:
            if s.security is SmtpSecurity.STARTTLS:
                client.starttls(context=context)
            if s.username:
                client.login(s.username, s.password)
            client.send_message(message)
