"""wallet schema: wallets, the append-only ledger, outbox and processed events

Revision ID: 0001
Revises:
Create Date: 2026-11-23 02:23:49.923017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The ledger is the audit trail of every shilling: corrections are new entries, never edits.
# The database refuses UPDATE, DELETE and TRUNCATE so that no code path (or operator) can
# rewrite history by accident.
FORBID_LEDGER_CHANGE = """
CREATE FUNCTION wallet.forbid_ledger_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'wallet.ledger_entries is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("entry_type", sa.Text(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(length=3), nullable=False),
        sa.Column("balance_after_minor", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("idempotency_key", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "entry_type IN ('adjustment', 'number_rental', 'topup')",
            name="ck_ledger_entries_entry_type",
        ),
        sa.CheckConstraint("amount_minor <> 0", name="ck_ledger_entries_amount_not_zero"),
        sa.CheckConstraint(
            "balance_after_minor >= 0", name="ck_ledger_entries_balance_after_not_negative"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key", name="uq_ledger_entries_idempotency_key"),
        schema="wallet",
    )
    op.create_index(
        "ix_ledger_entries_workspace_newest",
        "ledger_entries",
        ["workspace_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        unique=False,
        schema="wallet",
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
        schema="wallet",
    )
    op.create_index(
        "ix_outbox_unpublished",
        "outbox",
        ["created_at"],
        unique=False,
        schema="wallet",
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
        schema="wallet",
    )
    op.create_table(
        "wallets",
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("currency", sa.CHAR(length=3), server_default="KES", nullable=False),
        sa.Column("balance_minor", sa.BigInteger(), nullable=False),
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
        sa.CheckConstraint("balance_minor >= 0", name="ck_wallets_balance_not_negative"),
        sa.PrimaryKeyConstraint("workspace_id"),
        schema="wallet",
    )
    op.execute(FORBID_LEDGER_CHANGE)
    op.execute(
        "CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON "
        "wallet.ledger_entries FOR EACH ROW EXECUTE FUNCTION wallet.forbid_ledger_change()"
    )
    op.execute(
        "CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON "
        "wallet.ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION wallet.forbid_ledger_change()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER ledger_entries_no_truncate ON wallet.ledger_entries")
    op.execute("DROP TRIGGER ledger_entries_append_only ON wallet.ledger_entries")
    op.execute("DROP FUNCTION wallet.forbid_ledger_change()")
    op.drop_table("wallets", schema="wallet")
    op.drop_table("processed_events", schema="wallet")
    op.drop_index(
        "ix_outbox_unpublished",
        table_name="outbox",
        schema="wallet",
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.drop_table("outbox", schema="wallet")
    op.drop_index(
        "ix_ledger_entries_workspace_newest", table_name="ledger_entries", schema="wallet"
    )
    op.drop_table("ledger_entries", schema="wallet")
