"""Tables of signed delivery, in the routing schema (migration 0003)."""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID

from services.routing.repository import metadata

# One row per secret a workspace ever had. valid_until NULL marks the current one (at most
# one per workspace, by the partial unique index); a rotated-out secret keeps signing until
# its valid_until. The secret itself is only stored sealed (secret_box.py).
signing_secrets = Table(
    "signing_secrets",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("key_id", Text, nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("valid_until", DateTime(timezone=True)),
    Index(
        "ux_signing_secrets_current",
        "workspace_id",
        unique=True,
        postgresql_where=text("valid_until IS NULL"),
    ),
)

DELIVERY_STATUSES = ("pending", "delivered", "failed", "skipped")

# One row per (call event, number). The body is stored as sent, so every attempt and every
# redelivery carries the same bytes under the same webhook-id.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("tenant_number_id", UUID(as_uuid=True), nullable=False),
    Column("e164", Text, nullable=False),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("event_type", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("url", Text),
    Column("host", Text),
    Column("status", Text, nullable=False),
    Column("attempt_count", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True)),
    Column("retry_until", DateTime(timezone=True)),
    Column("lease_token", UUID(as_uuid=True)),
    Column("lease_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True)),
    # number_events (call events to a number's events_url) or workspace_callback (numbers
    # events to the workspace's callback_url; tenant_number_id then holds the resource id).
    Column("channel", Text, nullable=False, server_default=text("'number_events'")),
    UniqueConstraint("event_id", "tenant_number_id", name="uq_deliveries_event_number"),
    CheckConstraint(
        "status IN ('pending', 'delivered', 'failed', 'skipped')", name="ck_deliveries_status"
    ),
    Index("ix_deliveries_number_newest", "tenant_number_id", "created_at", "id"),
    Index(
        "ix_deliveries_workspace_callbacks",
        "workspace_id",
        "created_at",
        "id",
        postgresql_where=text("channel = 'workspace_callback'"),
    ),
    Index(
        "ix_deliveries_due",
        "next_attempt_at",
        postgresql_where=text("status = 'pending'"),
    ),
)

delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column(
        "delivery_id",
        UUID(as_uuid=True),
        ForeignKey("routing.deliveries.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("attempted_at", DateTime(timezone=True), nullable=False),
    Column("status_code", Integer),
    Column("latency_ms", Integer, nullable=False),
    Column("error", Text),
    Column("response_excerpt", Text),
)
