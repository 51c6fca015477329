"""wallet schema: call billing (reservations on wallets, call records, the number view)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 15:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CALL_STATUSES = "'authorized', 'completed', 'failed', 'expired', 'refused'"


def upgrade() -> None:
    # Money held for calls in progress. Every reservation is a conditional UPDATE requiring
    # balance_minor - reserved_minor >= amount; the CHECK backs it up.
    op.add_column(
        "wallets",
        sa.Column("reserved_minor", sa.BigInteger(), server_default="0", nullable=False),
        schema="wallet",
    )
    op.create_check_constraint(
        "ck_wallets_reserved_within_balance",
        "wallets",
        "reserved_minor >= 0 AND reserved_minor <= balance_minor",
        schema="wallet",
    )
    op.drop_constraint("ck_ledger_entries_entry_type", "ledger_entries", schema="wallet")
    op.create_check_constraint(
        "ck_ledger_entries_entry_type",
        "ledger_entries",
        "entry_type IN ('adjustment', 'number_rental', 'topup', 'call_usage')",
        schema="wallet",
    )
    op.create_table(
        "call_numbers",
        sa.Column("tenant_number_id", sa.UUID(), nullable=False),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("e164", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("allow_inbound", sa.Boolean(), nullable=False),
        sa.Column("allow_outbound", sa.Boolean(), nullable=False),
        sa.Column("inbound_per_min_minor", sa.BigInteger(), nullable=False),
        sa.Column("outbound_per_min_minor", sa.BigInteger(), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("settings_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'released')", name="ck_call_numbers_status"
        ),
        sa.PrimaryKeyConstraint("tenant_number_id"),
        schema="wallet",
    )
    op.create_index("ix_call_numbers_e164", "call_numbers", ["e164"], schema="wallet")
    op.create_table(
        "calls",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("call_id", sa.Text(), nullable=False),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("tenant_number_id", sa.UUID(), nullable=False),
        sa.Column("e164", sa.Text(), nullable=False),
        sa.Column("direction", sa.Text(), nullable=False),
        sa.Column("from_number", sa.Text(), nullable=False),
        sa.Column("to_number", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column("rate_per_min_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(length=3), server_default="KES", nullable=False),
        sa.Column("max_duration_seconds", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("reserved_minor", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("authorized_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("billable_seconds", sa.BigInteger(), nullable=True),
        sa.Column("cost_minor", sa.BigInteger(), nullable=True),
        sa.Column("charged_minor", sa.BigInteger(), nullable=True),
        sa.Column("ledger_entry_id", sa.UUID(), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(f"status IN ({CALL_STATUSES})", name="ck_calls_status"),
        sa.CheckConstraint("direction IN ('inbound', 'outbound')", name="ck_calls_direction"),
        sa.CheckConstraint(
            "reserved_minor >= 0 AND (status = 'authorized' OR reserved_minor = 0)",
            name="ck_calls_reserved_only_while_authorized",
        ),
        sa.CheckConstraint(
            "(status = 'refused') = (refusal_reason IS NOT NULL)", name="ck_calls_refusal_reason"
        ),
        sa.PrimaryKeyConstraint("id"),
        # Exactly once per call: one record per call id, and one usage entry per record.
        sa.UniqueConstraint("call_id", name="uq_calls_call_id"),
        sa.UniqueConstraint("ledger_entry_id", name="uq_calls_ledger_entry_id"),
        schema="wallet",
    )
    op.create_index(
        "ix_calls_workspace_newest",
        "calls",
        [
            "workspace_id",
            sa.literal_column("authorized_at DESC"),
            sa.literal_column("id DESC"),
        ],
        schema="wallet",
    )
    op.create_index(
        "ix_calls_authorized_expiry",
        "calls",
        ["expires_at"],
        schema="wallet",
        postgresql_where=sa.text("status = 'authorized'"),
    )


def downgrade() -> None:
    op.drop_index("ix_calls_authorized_expiry", table_name="calls", schema="wallet")
    op.drop_index("ix_calls_workspace_newest", table_name="calls", schema="wallet")
    op.drop_table("calls", schema="wallet")
    op.drop_index("ix_call_numbers_e164", table_name="call_numbers", schema="wallet")
    op.drop_table("call_numbers", schema="wallet")
    op.drop_constraint("ck_ledger_entries_entry_type", "ledger_entries", schema="wallet")
    op.create_check_constraint(
        "ck_ledger_entries_entry_type",
        "ledger_entries",
        "entry_type IN ('adjustment', 'number_rental', 'topup')",
        schema="wallet",
    )
    op.drop_constraint("ck_wallets_reserved_within_balance", "wallets", schema="wallet")
    op.drop_column("wallets", "reserved_minor", schema="wallet")
