"""claims and tenant numbers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 03:05:04.908621
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Trigram indexes answer "contains" and "ends_with" searches on a million numbers.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # Byte-order collation so LIKE 'prefix%' uses the btree whatever the server's locale.
    op.alter_column(
        "numbers", "e164", type_=sa.Text(collation="C"), existing_nullable=False, schema="inventory"
    )
    op.create_table(
        "tenant_numbers",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("number_id", sa.UUID(), nullable=False),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("e164", sa.Text(), nullable=False),
        sa.Column("claim_id", sa.UUID(), nullable=False),
        sa.Column("status", sa.Text(), server_default="active", nullable=False),
        sa.Column("monthly_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(length=3), server_default="KES", nullable=False),
        sa.Column("allow_inbound", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("allow_outbound", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("ledger_entry_id", sa.UUID(), nullable=True),
        sa.Column(
            "claimed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("next_renewal_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("suspended_reason", sa.Text(), nullable=True),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("trial_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(status = 'released') = (released_at IS NOT NULL)",
            name="ck_tenant_numbers_released_at",
        ),
        sa.CheckConstraint(
            "status IN ('active', 'suspended', 'released')", name="ck_tenant_numbers_status"
        ),
        sa.CheckConstraint("monthly_price_minor > 0", name="ck_tenant_numbers_price_positive"),
        sa.ForeignKeyConstraint(
            ["number_id"],
            ["inventory.numbers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", name="uq_tenant_numbers_claim_id"),
        schema="inventory",
    )
    op.create_index(
        "ix_tenant_numbers_workspace",
        "tenant_numbers",
        ["workspace_id", "claimed_at", "id"],
        unique=False,
        schema="inventory",
    )
    op.create_index(
        "uq_tenant_numbers_one_holder",
        "tenant_numbers",
        ["number_id"],
        unique=True,
        schema="inventory",
        postgresql_where=sa.text("status <> 'released'"),
    )
    op.add_column(
        "numbers", sa.Column("reserved_for", sa.UUID(), nullable=True), schema="inventory"
    )
    op.create_index(
        "ix_numbers_available_e164",
        "numbers",
        ["e164"],
        unique=False,
        schema="inventory",
        postgresql_where=sa.text("state = 'available'"),
    )
    op.create_index(
        "ix_numbers_available_e164_trgm",
        "numbers",
        ["e164"],
        unique=False,
        schema="inventory",
        postgresql_using="gin",
        postgresql_ops={"e164": "gin_trgm_ops"},
        postgresql_where=sa.text("state = 'available'"),
    )
    op.create_index(
        "ix_numbers_reserved_until",
        "numbers",
        ["reserved_until"],
        unique=False,
        schema="inventory",
        postgresql_where=sa.text("state = 'reserved'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_numbers_reserved_until",
        table_name="numbers",
        schema="inventory",
        postgresql_where=sa.text("state = 'reserved'"),
    )
    op.drop_index(
        "ix_numbers_available_e164_trgm",
        table_name="numbers",
        schema="inventory",
        postgresql_using="gin",
        postgresql_ops={"e164": "gin_trgm_ops"},
        postgresql_where=sa.text("state = 'available'"),
    )
    op.drop_index(
        "ix_numbers_available_e164",
        table_name="numbers",
        schema="inventory",
        postgresql_where=sa.text("state = 'available'"),
    )
    op.drop_column("numbers", "reserved_for", schema="inventory")
    op.alter_column("numbers", "e164", type_=sa.Text(), existing_nullable=False, schema="inventory")
    op.drop_index(
        "uq_tenant_numbers_one_holder",
        table_name="tenant_numbers",
        schema="inventory",
        postgresql_where=sa.text("status <> 'released'"),
    )
    op.drop_index("ix_tenant_numbers_workspace", table_name="tenant_numbers", schema="inventory")
    op.drop_table("tenant_numbers", schema="inventory")
