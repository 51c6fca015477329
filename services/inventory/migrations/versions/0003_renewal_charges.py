"""renewals: renewal_charges (paid and unpaid months) and the due-date index

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 14:20:00.000000
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
        "renewal_charges",
        sa.Column("tenant_number_id", sa.UUID(), nullable=False),
        sa.Column("period", sa.Text(), nullable=False),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(length=3), server_default="KES", nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("ledger_entry_id", sa.UUID(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'", name="ck_renewal_charges_period_shape"
        ),
        sa.CheckConstraint("status IN ('paid', 'unpaid')", name="ck_renewal_charges_status"),
        sa.CheckConstraint("amount_minor > 0", name="ck_renewal_charges_amount_positive"),
        sa.CheckConstraint(
            "(status = 'paid') = (ledger_entry_id IS NOT NULL AND paid_at IS NOT NULL)",
            name="ck_renewal_charges_paid_has_entry",
        ),
        sa.ForeignKeyConstraint(["tenant_number_id"], ["inventory.tenant_numbers.id"]),
        sa.PrimaryKeyConstraint("tenant_number_id", "period"),
        schema="inventory",
    )
    op.create_index(
        "ix_renewal_charges_unpaid",
        "renewal_charges",
        ["workspace_id", "period"],
        unique=False,
        schema="inventory",
        postgresql_where=sa.text("status = 'unpaid'"),
    )
    op.create_index(
        "ix_tenant_numbers_next_renewal_at",
        "tenant_numbers",
        ["next_renewal_at"],
        unique=False,
        schema="inventory",
        postgresql_where=sa.text("next_renewal_at IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_tenant_numbers_next_renewal_at",
        table_name="tenant_numbers",
        schema="inventory",
        postgresql_where=sa.text("next_renewal_at IS NOT NULL"),
    )
    op.drop_index(
        "ix_renewal_charges_unpaid",
        table_name="renewal_charges",
        schema="inventory",
        postgresql_where=sa.text("status = 'unpaid'"),
    )
    op.drop_table("renewal_charges", schema="inventory")
