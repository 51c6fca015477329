"""routing deliveries: signing secrets, deliveries and their attempts, voice callback log

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signing_secrets",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("key_id", sa.Text(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        schema="routing",
    )
    op.create_index(
        "ux_signing_secrets_current",
        "signing_secrets",
        ["workspace_id"],
        unique=True,
        schema="routing",
        postgresql_where=sa.text("valid_until IS NULL"),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("tenant_number_id", sa.UUID(), nullable=False),
        sa.Column("e164", sa.Text(), nullable=False),
        sa.Column("event_id", sa.UUID(), nullable=False),
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("host", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("attempt_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retry_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lease_token", sa.UUID(), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("event_id", "tenant_number_id", name="uq_deliveries_event_number"),
        sa.CheckConstraint(
            "status IN ('pending', 'delivered', 'failed', 'skipped')", name="ck_deliveries_status"
        ),
        schema="routing",
    )
    op.create_index(
        "ix_deliveries_number_newest",
        "deliveries",
        ["tenant_number_id", "created_at", "id"],
        schema="routing",
    )
    op.create_index(
        "ix_deliveries_due",
        "deliveries",
        ["next_attempt_at"],
        schema="routing",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "delivery_attempts",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column(
            "delivery_id",
            sa.UUID(),
            sa.ForeignKey("routing.deliveries.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("response_excerpt", sa.Text(), nullable=True),
        schema="routing",
    )
    op.create_index(
        "ix_routing_delivery_attempts_delivery_id",
        "delivery_attempts",
        ["delivery_id"],
        schema="routing",
    )
    op.create_table(
        "voice_callback_invocations",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("tenant_number_id", sa.UUID(), nullable=False),
        sa.Column("e164", sa.Text(), nullable=False),
        sa.Column("call_id", sa.Text(), nullable=False),
        sa.Column("step", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("invoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("response_excerpt", sa.Text(), nullable=True),
        sa.Column("action_count", sa.Integer(), server_default=sa.text("0"), nullable=False),
        schema="routing",
    )
    op.create_index(
        "ix_routing_voice_callback_invocations_tenant_number_id",
        "voice_callback_invocations",
        ["tenant_number_id"],
        schema="routing",
    )


def downgrade() -> None:
    op.drop_table("voice_callback_invocations", schema="routing")
    op.drop_table("delivery_attempts", schema="routing")
    op.drop_table("deliveries", schema="routing")
    op.drop_table("signing_secrets", schema="routing")
