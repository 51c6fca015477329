"""Notification use cases: queue the emails an event asks for; send the due ones.

- Queueing runs in the event consumer's unit of work: one `emails` row per (event id,
  template), inserted ON CONFLICT DO NOTHING, so a redelivered or repeated event queues
  nothing twice, in any order.
- Sending takes due rows `FOR UPDATE SKIP LOCKED` (two senders never hold one row), asks the
  gateway for the workspace's email (none: `skipped`), renders, sends over SMTP and marks the
  row `sent` in the same transaction. SMTP or the gateway failing: the row stays `pending`
  with its next attempt moved out by the back-off schedule, until `give_up_after` (`failed`).
  A sender that dies after the SMTP server took a message and before its commit sends it
  again on the next attempt: the one duplicate SMTP itself cannot rule out.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from typing import Any

from prometheus_client import Counter

from platform_common.events import EventEnvelope, event_livemode
from platform_common.uow import UnitOfWork, UnitOfWorkFactory
from services.notifications import repository
from services.notifications.directory import DirectoryUnavailable, WorkspaceDirectory
from services.notifications.domain import Clock, EmailStatus, SenderSettings, SkipReason
from services.notifications.mailer import SmtpSettings, build_message
from services.notifications.repository import QueuedEmail
from services.notifications.templates import EmailTemplate, Renderer

log = logging.getLogger(__name__)

EMAILS = Counter("notifications_emails_total", "Email attempts by outcome", ["outcome"])
Send = Callable[[EmailMessage], Awaitable[None]]


async def queue_emails(
    *, uow: UnitOfWork, envelope: EventEnvelope, templates: list[EmailTemplate], clock: Clock
) -> int:
    """Queues the emails this event asks for; returns how many rows were new. Test mode's
    events (livemode false) are recorded `skipped` (reason test_mode) and never sent: a
    sandbox's renewals, trials and top-ups must not email anyone."""
    queued = 0
    for template in templates:
        event = envelope.parse(template.payload)
        variables = template.variables(event)
        if variables is None:
            continue
        if await repository.record_email(
            uow.conn,
            event_id=envelope.id,
            template=template.name,
            workspace_id=_workspace_id(event),
            context=variables,
            due_at=clock.now(),
            skip_reason=None if _livemode(event) else SkipReason.TEST_MODE,
        ):
            queued += 1
    return queued


def _livemode(event: Any) -> bool:
    # Every payload of the table carries `optional bool livemode` (unset: live).
    if "livemode" not in event.DESCRIPTOR.fields_by_name:
        return True
    return event_livemode(event)


def _workspace_id(event: Any) -> uuid.UUID:
    # Every event the table reacts to names its workspace.
    return uuid.UUID(event.workspace_id)


async def send_due(
    *,
    new_uow: UnitOfWorkFactory,
    directory: WorkspaceDirectory,
    send: Send,
    renderer: Renderer,
    smtp: SmtpSettings,
    clock: Clock,
    settings: SenderSettings,
) -> dict[EmailStatus | str, int]:
    """One pass over due emails, batch after batch; returns counts per outcome."""
    counts: dict[EmailStatus | str, int] = {}
    while True:
        now = clock.now()
        async with new_uow() as uow:
            batch = await repository.lock_due(uow.conn, now=now, limit=settings.batch_size)
            for email in batch:
                outcome = await _attempt(
                    uow=uow,
                    email=email,
                    directory=directory,
                    send=send,
                    renderer=renderer,
                    smtp=smtp,
                    clock=clock,
                    settings=settings,
                )
                counts[outcome] = counts.get(outcome, 0) + 1
                EMAILS.labels(str(outcome)).inc()
            await uow.commit()
        if len(batch) < settings.batch_size:
            return counts


async def _attempt(
    *,
    uow: UnitOfWork,
    email: QueuedEmail,
    directory: WorkspaceDirectory,
    send: Send,
    renderer: Renderer,
    smtp: SmtpSettings,
    clock: Clock,
    settings: SenderSettings,
) -> EmailStatus | str:
    now = clock.now()
    try:
        address = await directory.email_of(email.workspace_id)
        if address is None:
            await repository.finish(
                uow.conn,
                email_id=email.id,
                status=EmailStatus.SKIPPED,
                now=now,
                attempted=False,
                skip_reason=SkipReason.NO_EMAIL_ADDRESS,
            )
            return EmailStatus.SKIPPED
        rendered = renderer.render(email.template, email.context)
        await send(
            build_message(
                smtp,
                to=address,
                subject=rendered.subject,
                text=rendered.text,
                html=rendered.html,
                event_id=str(email.event_id),
            )
        )
    except (OSError, smtplib.SMTPException, DirectoryUnavailable) as exc:
        error = type(exc).__name__
        if now - email.created_at >= settings.retry.give_up_after:
            await repository.finish(
                uow.conn,
                email_id=email.id,
                status=EmailStatus.FAILED,
                now=now,
                attempted=True,
                error=error,
            )
            log.error("email given up", extra={"email_id": str(email.id), "error": error})
            return EmailStatus.FAILED
        await repository.retry_later(
            uow.conn,
            email_id=email.id,
            next_attempt_at=now + settings.retry.delay(email.attempts + 1),
            error=error,
        )
        log.warning("email not sent; will retry", extra={"email_id": str(email.id), "error": error})
        return "retry"
    await repository.finish(
        uow.conn, email_id=email.id, status=EmailStatus.SENT, now=now, attempted=True
    )
    return EmailStatus.SENT
