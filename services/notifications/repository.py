"""Tables of the notifications schema and the queries on them (SQLAlchemy Core).

`emails` holds one row per (event id, template): the unique constraint is what makes each
email go out at most once, however often its event is delivered. A row keeps the template's
variables (never an email address or a secret): the address is looked up at send time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.ids import new_id
from platform_common.outbox import outbox_table, processed_events_table
from services.notifications.domain import EmailStatus

SCHEMA = "notifications"
metadata = MetaData(schema=SCHEMA)

emails = Table(
    "emails",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("template", Text, nullable=False),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    # The template's variables, from the event (numbers, amounts, times; nothing secret).
    Column("context", JSONB, nullable=False),
    Column("status", Text, nullable=False, server_default=EmailStatus.PENDING.value),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    # The class of the last failure (e.g. SMTPServerDisconnected), never a server's reply text.
    Column("last_error", Text),
    # Why a `skipped` email was not sent: "test_mode" (a sandbox's event: test mode never
    # emails) or "no_email_address" (migration 0002).
    Column("skip_reason", Text),
    Column("sent_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # At most one email per event and template.
    UniqueConstraint("event_id", "template", name="uq_emails_event_template"),
    CheckConstraint("status IN ('pending', 'sent', 'skipped', 'failed')", name="ck_emails_status"),
    CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="ck_emails_sent_at"),
    # The sender's question: which pending emails are due?
    Index("ix_emails_pending_due", "next_attempt_at", postgresql_where=text("status = 'pending'")),
)
outbox = outbox_table(metadata)
processed_events = processed_events_table(metadata)


async def record_email(
    conn: AsyncConnection,
    *,
    event_id: uuid.UUID,
    template: str,
    workspace_id: uuid.UUID,
    context: dict[str, Any],
    due_at: datetime,
    skip_reason: str | None = None,
) -> bool:
    """Queues an email (or, with `skip_reason`, records it skipped at once); False (nothing
    written) when this event's email already exists."""
    result = await conn.execute(
        insert(emails)
        .values(
            id=new_id(),
            event_id=event_id,
            template=template,
            workspace_id=workspace_id,
            context=context,
            next_attempt_at=due_at,
            status=(EmailStatus.PENDING if skip_reason is None else EmailStatus.SKIPPED).value,
            skip_reason=skip_reason,
        )
        .on_conflict_do_nothing(constraint="uq_emails_event_template")
        .returning(emails.c.id)
    )
    return result.first() is not None


@dataclass(frozen=True)
class QueuedEmail:
    id: uuid.UUID
    event_id: uuid.UUID
    template: str
    workspace_id: uuid.UUID
    context: dict[str, Any]
    attempts: int
    created_at: datetime


_LOCK_DUE = text(
    """
    SELECT id, event_id, template, workspace_id, context, attempts, created_at
    FROM notifications.emails
    WHERE status = 'pending' AND next_attempt_at <= :now
    ORDER BY next_attempt_at
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
    """
)


async def lock_due(conn: AsyncConnection, *, now: datetime, limit: int) -> list[QueuedEmail]:
    """Due pending emails, locked for this transaction (another sender skips them)."""
    rows = await conn.execute(_LOCK_DUE, {"now": now, "limit": limit})
    return [QueuedEmail(*row) for row in rows]


_FINISH = text(
    """
    UPDATE notifications.emails
    SET status = :status, attempts = attempts + :attempted, last_error = :error,
        skip_reason = :skip_reason,
        sent_at = CASE WHEN :status = 'sent' THEN :now ELSE NULL END, updated_at = now()
    WHERE id = :id AND status = 'pending'
    """
)


async def finish(
    conn: AsyncConnection,
    *,
    email_id: uuid.UUID,
    status: EmailStatus,
    now: datetime,
    attempted: bool,
    error: str | None = None,
    skip_reason: str | None = None,
) -> None:
    await conn.execute(
        _FINISH,
        {
            "skip_reason": skip_reason,
            "id": email_id,
            "status": status.value,
            "now": now,
            "attempted": 1 if attempted else 0,
            "error": error,
        },
    )


_RETRY_LATER = text(
    """
    UPDATE notifications.emails
    SET attempts = attempts + 1, next_attempt_at = :next_attempt_at, last_error = :error,
        updated_at = now()
    WHERE id = :id AND status = 'pending'
    """
)


async def retry_later(
    conn: AsyncConnection, *, email_id: uuid.UUID, next_attempt_at: datetime, error: str
) -> None:
    await conn.execute(
        _RETRY_LATER, {"id": email_id, "next_attempt_at": next_attempt_at, "error": error}
    )
