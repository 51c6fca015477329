"""Events the notifications context reacts to: one durable consumer per event subject in the
template table; each handler queues that event's emails (usecases.queue_emails)."""

from __future__ import annotations

from platform_common.consumer import EventHandler
from platform_common.events import EventEnvelope
from platform_common.uow import UnitOfWork
from services.notifications.domain import Clock
from services.notifications.templates import TEMPLATES, EmailTemplate
from services.notifications.usecases import queue_emails


def handler_for(templates: list[EmailTemplate], clock: Clock) -> EventHandler:
    async def on_event(uow: UnitOfWork, envelope: EventEnvelope) -> None:
        await queue_emails(uow=uow, envelope=envelope, templates=templates, clock=clock)

    return on_event


def build_subscriptions(
    clock: Clock, templates: tuple[EmailTemplate, ...] = TEMPLATES
) -> dict[str, tuple[str, EventHandler]]:
    """Durable consumer name -> (subject, handler), one per subject of the table."""
    by_subject: dict[str, list[EmailTemplate]] = {}
    for template in templates:
        by_subject.setdefault(template.event_subject, []).append(template)
    return {
        "notifications-" + subject.removeprefix("sautikit.").replace(".", "-"): (
            subject,
            handler_for(rows, clock),
        )
        for subject, rows in by_subject.items()
    }
