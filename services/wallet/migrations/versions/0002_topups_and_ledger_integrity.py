"""wallet schema: M-Pesa top-ups, their recorded callbacks, and the ledger-sum invariant

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 14:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A wallet's balance is the sum of its ledger entries, checked by the database at COMMIT of
# every transaction that touches a wallet row or appends an entry. Deferred, because a
# movement updates the wallet and appends its entry in one statement whose parts run in an
# order SQL does not define; at COMMIT both are there.
CHECK_BALANCE_MATCHES_LEDGER = """
CREATE FUNCTION wallet.check_balance_matches_ledger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    balance bigint;
    total bigint;
BEGIN
    SELECT w.balance_minor INTO balance FROM wallet.wallets w
        WHERE w.workspace_id = NEW.workspace_id;
    SELECT coalesce(sum(e.amount_minor), 0) INTO total FROM wallet.ledger_entries e
        WHERE e.workspace_id = NEW.workspace_id;
    IF coalesce(balance, 0) <> total THEN
        RAISE EXCEPTION 'wallet % balance % differs from its ledger sum %',
            NEW.workspace_id, coalesce(balance, 0), total
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "topups",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(length=3), nullable=False),
        sa.Column("phone_masked", sa.Text(), nullable=False),
        sa.Column("phone_digest", sa.Text(), nullable=False),
        sa.Column("callback_token_digest", sa.Text(), nullable=False),
        sa.Column("checkout_request_id", sa.Text(), nullable=True),
        sa.Column("merchant_request_id", sa.Text(), nullable=True),
        sa.Column("result_code", sa.Integer(), nullable=True),
        sa.Column("result_description", sa.Text(), nullable=True),
        sa.Column("mpesa_receipt_number", sa.Text(), nullable=True),
        sa.Column("ledger_entry_id", sa.UUID(), nullable=True),
        sa.Column("next_check_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("check_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="ck_topups_status"),
        sa.CheckConstraint(
            "amount_minor > 0 AND amount_minor % 100 = 0", name="ck_topups_whole_shillings"
        ),
        sa.CheckConstraint(
            "(status = 'succeeded') = (ledger_entry_id IS NOT NULL)",
            name="ck_topups_succeeded_iff_credited",
        ),
        sa.CheckConstraint(
            "(status = 'pending') = (completed_at IS NULL)", name="ck_topups_completed_at"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("callback_token_digest", name="uq_topups_callback_token_digest"),
        sa.UniqueConstraint("checkout_request_id", name="uq_topups_checkout_request_id"),
        sa.UniqueConstraint("ledger_entry_id", name="uq_topups_ledger_entry_id"),
        schema="wallet",
    )
    op.create_index(
        "ix_topups_workspace_newest",
        "topups",
        ["workspace_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
        schema="wallet",
    )
    op.create_index(
        "ix_topups_pending_due",
        "topups",
        ["next_check_at"],
        schema="wallet",
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_table(
        "topup_callbacks",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("topup_id", sa.UUID(), nullable=False),
        sa.Column("result_code", sa.Integer(), nullable=True),
        sa.Column("result_description", sa.Text(), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("mpesa_receipt_number", sa.Text(), nullable=True),
        sa.Column("matches_topup", sa.Boolean(), nullable=False),
        sa.Column("body_sha256", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["topup_id"], ["wallet.topups.id"]),
        sa.PrimaryKeyConstraint("id"),
        schema="wallet",
    )
    op.create_index("ix_topup_callbacks_topup", "topup_callbacks", ["topup_id"], schema="wallet")
    op.execute(CHECK_BALANCE_MATCHES_LEDGER)
    op.execute(
        "CREATE CONSTRAINT TRIGGER wallets_balance_matches_ledger AFTER INSERT OR UPDATE ON "
        "wallet.wallets DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION wallet.check_balance_matches_ledger()"
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER ledger_entries_sum_matches_balance AFTER INSERT ON "
        "wallet.ledger_entries DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION wallet.check_balance_matches_ledger()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER ledger_entries_sum_matches_balance ON wallet.ledger_entries")
    op.execute("DROP TRIGGER wallets_balance_matches_ledger ON wallet.wallets")
    op.execute("DROP FUNCTION wallet.check_balance_matches_ledger()")
    op.drop_index("ix_topup_callbacks_topup", table_name="topup_callbacks", schema="wallet")
    op.drop_table("topup_callbacks", schema="wallet")
    op.drop_index("ix_topups_pending_due", table_name="topups", schema="wallet")
    op.drop_index("ix_topups_workspace_newest", table_name="topups", schema="wallet")
    op.drop_table("topups", schema="wallet")
