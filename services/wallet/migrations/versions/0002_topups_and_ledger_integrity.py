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

# A wallet's balance is the sum of its ledger entries, enforced by the database on two
# independent paths. The movement code sets `balance_minor`; a trigger on every ledger insert
# adds the entry's amount to `ledger_sum_minor` (the ledger is append-only, so this running sum
# is exact). A deferred constraint trigger then requires, at COMMIT of any transaction that
# touched the wallet, that the two agree. O(1) per movement: summing the ledger at every commit
# would cost as much as the workspace has entries, under the wallet's row lock.
ADD_ENTRY_TO_LEDGER_SUM = """
CREATE FUNCTION wallet.add_entry_to_ledger_sum() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE wallet.wallets SET ledger_sum_minor = ledger_sum_minor + NEW.amount_minor
        WHERE workspace_id = NEW.workspace_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'ledger entry for workspace % has no wallet', NEW.workspace_id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$
"""
CHECK_BALANCE_MATCHES_LEDGER = """
CREATE FUNCTION wallet.check_balance_matches_ledger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    current_row wallet.wallets%ROWTYPE;
BEGIN
    SELECT * INTO current_row FROM wallet.wallets WHERE workspace_id = NEW.workspace_id;
    IF FOUND AND current_row.balance_minor <> current_row.ledger_sum_minor THEN
        RAISE EXCEPTION 'wallet % balance % differs from its ledger sum %',
            NEW.workspace_id, current_row.balance_minor, current_row.ledger_sum_minor
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
    op.add_column(
        "wallets",
        sa.Column("ledger_sum_minor", sa.BigInteger(), server_default="0", nullable=False),
        schema="wallet",
    )
    op.execute(
        "UPDATE wallet.wallets w SET ledger_sum_minor = coalesce((SELECT sum(e.amount_minor) "
        "FROM wallet.ledger_entries e WHERE e.workspace_id = w.workspace_id), 0)"
    )
    op.execute(ADD_ENTRY_TO_LEDGER_SUM)
    op.execute(CHECK_BALANCE_MATCHES_LEDGER)
    op.execute(
        "CREATE TRIGGER ledger_entries_add_to_ledger_sum AFTER INSERT ON wallet.ledger_entries "
        "FOR EACH ROW EXECUTE FUNCTION wallet.add_entry_to_ledger_sum()"
    )
    op.execute(
        "CREATE CONSTRAINT TRIGGER wallets_balance_matches_ledger AFTER INSERT OR UPDATE ON "
        "wallet.wallets DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION wallet.check_balance_matches_ledger()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER wallets_balance_matches_ledger ON wallet.wallets")
    op.execute("DROP TRIGGER ledger_entries_add_to_ledger_sum ON wallet.ledger_entries")
    op.execute("DROP FUNCTION wallet.check_balance_matches_ledger()")
    op.execute("DROP FUNCTION wallet.add_entry_to_ledger_sum()")
    op.drop_column("wallets", "ledger_sum_minor", schema="wallet")
    op.drop_index("ix_topup_callbacks_topup", table_name="topup_callbacks", schema="wallet")
    op.drop_table("topup_callbacks", schema="wallet")
    op.drop_index("ix_topups_pending_due", table_name="topups", schema="wallet")
    op.drop_index("ix_topups_workspace_newest", table_name="topups", schema="wallet")
    op.drop_table("topups", schema="wallet")
