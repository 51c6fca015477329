"""gateway schema: workspaces, API keys (hashes only), idempotency records, outbox

Revision ID: 0001
Revises:
Create Date: 2026-11-23 02:25:11.968481

Generated with alembic autogenerate against a scratch database, then edited: tables in
dependency order, named constraints. Keep it matching gateway/repository.py.
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
        "workspaces",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("char_length(name) BETWEEN 1 AND 200", name="ck_workspaces_name_length"),
        sa.PrimaryKeyConstraint("id"),
        schema="gateway",
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("key_hash", sa.CHAR(length=64), nullable=False),
        sa.Column("key_prefix", sa.Text(), nullable=False),
        sa.Column("mode", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("key_hash ~ '^[0-9a-f]{64}$'", name="ck_api_keys_key_hash_hex"),
        sa.CheckConstraint("mode IN ('live', 'test')", name="ck_api_keys_mode"),
        sa.CheckConstraint(
            "key_prefix LIKE 'sk\\_' || mode || '\\_%'", name="ck_api_keys_prefix_mode"
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"], ["gateway.workspaces.id"], name="fk_api_keys_workspace_id"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
        schema="gateway",
    )
    op.create_index(
        op.f("ix_gateway_api_keys_workspace_id"),
        "api_keys",
        ["workspace_id"],
        unique=False,
        schema="gateway",
    )
    op.create_table(
        "idempotency_records",
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("claim_id", sa.UUID(), nullable=False),
        sa.Column("method", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("request_hash", sa.CHAR(length=64), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("response_headers", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state <> 'completed' OR (status_code IS NOT NULL AND response_body IS NOT NULL)",
            name="ck_idempotency_completed_has_response",
        ),
        sa.CheckConstraint("state IN ('in_progress', 'completed')", name="ck_idempotency_state"),
        sa.CheckConstraint("char_length(key) BETWEEN 1 AND 255", name="ck_idempotency_key_length"),
        sa.PrimaryKeyConstraint("workspace_id", "key"),
        schema="gateway",
    )
    op.create_index(
        "ix_idempotency_records_expires_at",
        "idempotency_records",
        ["expires_at"],
        unique=False,
        schema="gateway",
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
        schema="gateway",
    )
    op.create_index(
        "ix_outbox_unpublished",
        "outbox",
        ["created_at"],
        unique=False,
        schema="gateway",
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
        schema="gateway",
    )


def downgrade() -> None:
    op.drop_table("processed_events", schema="gateway")
    op.drop_index(
        "ix_outbox_unpublished",
        table_name="outbox",
        schema="gateway",
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.drop_table("outbox", schema="gateway")
    op.drop_index(
        "ix_idempotency_records_expires_at", table_name="idempotency_records", schema="gateway"
    )
    op.drop_table("idempotency_records", schema="gateway")
    op.drop_index(op.f("ix_gateway_api_keys_workspace_id"), table_name="api_keys", schema="gateway")
    op.drop_table("api_keys", schema="gateway")
    op.drop_table("workspaces", schema="gateway")
