"""notifications schema: emails (one per event and template), outbox, processed_events

Revision ID: 0001
Revises:
Create Date: 2026-11-29 15:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "emails",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column("template", sa.Text(), nullable=False),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("context", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.Text(), server_default="pending", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'skipped', 'failed')", name="ck_emails_status"
        ),
        sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="ck_emails_sent_at"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id", "template", name="uq_emails_event_template"),
        schema="notifications",
    )
    op.create_index(
        "ix_emails_pending_due",
        "emails",
        ["next_attempt_at"],
        unique=False,
        schema="notifications",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("nats_subject", sa.Text(), nullable=False),
        sa.Column("ce_type", sa.Text(), nullable=False),
        sa.Column("ce_subject", sa.Text(), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        schema="notifications",
    )
    op.create_index(
        "ix_outbox_unpublished",
        "outbox",
        ["created_at"],
        unique=False,
        schema="notifications",
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.String(length=100), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column(
            "processed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
        schema="notifications",
    )


def downgrade() -> None:
    op.drop_table("processed_events", schema="notifications")
    op.drop_index(
        "ix_outbox_unpublished",
        table_name="outbox",
        schema="notifications",
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.drop_table("outbox", schema="notifications")
    op.drop_index(
        "ix_emails_pending_due",
        table_name="emails",
        schema="notifications",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.drop_table("emails", schema="notifications")
