"""number orders: orders holding a number, their sealed registration values and documents,
and the versions of the requirements document

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 15:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = "'draft', 'submitted', 'in_review', 'completed', 'rejected', 'expired', 'cancelled'"
OPEN = "'draft', 'submitted', 'in_review'"


def upgrade() -> None:
    op.create_table(
        "order_requirement_versions",
        sa.Column("version", sa.Integer(), primary_key=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column(
            "loaded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("version > 0", name="ck_order_requirement_versions_positive"),
        schema="inventory",
    )
    op.create_table(
        "number_orders",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column("workspace_id", sa.UUID(), nullable=False),
        sa.Column("number_id", sa.UUID(), sa.ForeignKey("inventory.numbers.id"), nullable=False),
        sa.Column("e164", sa.Text(), nullable=False),
        sa.Column("country", sa.CHAR(2), nullable=False),
        sa.Column("number_type", sa.Text(), nullable=False),
        # The claim id the order reserves the number under; approval charges under it.
        sa.Column("claim_id", sa.UUID(), nullable=False, unique=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("registration_type", sa.Text()),
        sa.Column("requirements_version", sa.Integer(), nullable=False),
        sa.Column("monthly_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(3), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True)),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        sa.Column("reviewer_note", sa.Text()),
        sa.Column("version", sa.BigInteger(), nullable=False, server_default="1"),
        sa.Column("tenant_number_id", sa.UUID()),
        # The order's data key, sealed with the configured key `data_key_id`. NULL once shredded.
        sa.Column("data_key_id", sa.Text()),
        sa.Column("data_key_nonce", sa.LargeBinary()),
        sa.Column("data_key_sealed", sa.LargeBinary()),
        sa.Column("erase_after", sa.DateTime(timezone=True)),
        sa.Column("erased_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint(f"status IN ({STATUSES})", name="ck_number_orders_status"),
        sa.CheckConstraint("monthly_price_minor > 0", name="ck_number_orders_price_positive"),
        sa.CheckConstraint(
            "status <> 'completed' OR tenant_number_id IS NOT NULL",
            name="ck_number_orders_completed_has_number",
        ),
        sa.CheckConstraint(
            "erased_at IS NULL OR data_key_sealed IS NULL", name="ck_number_orders_erased_keyless"
        ),
        schema="inventory",
    )
    # The database refuses a second open order for one number, whatever the code does.
    op.create_index(
        "uq_number_orders_open_number",
        "number_orders",
        ["number_id"],
        unique=True,
        schema="inventory",
        postgresql_where=sa.text(f"status IN ({OPEN})"),
    )
    op.create_index(
        "ix_number_orders_workspace",
        "number_orders",
        ["workspace_id", sa.text("created_at DESC"), sa.text("id DESC")],
        schema="inventory",
    )
    op.create_index(
        "ix_number_orders_hold_ends",
        "number_orders",
        ["expires_at"],
        schema="inventory",
        postgresql_where=sa.text("status IN ('draft', 'submitted')"),
    )
    op.create_index(
        "ix_number_orders_erase_after",
        "number_orders",
        ["erase_after"],
        schema="inventory",
        postgresql_where=sa.text("erased_at IS NULL AND erase_after IS NOT NULL"),
    )
    op.create_table(
        "order_registration_values",
        sa.Column(
            "order_id",
            sa.UUID(),
            sa.ForeignKey("inventory.number_orders.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("name", sa.Text(), primary_key=True),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        schema="inventory",
    )
    op.create_table(
        "order_attachments",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column(
            "order_id",
            sa.UUID(),
            sa.ForeignKey("inventory.number_orders.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("document_type", sa.Text(), nullable=False),
        sa.Column("content_type", sa.Text(), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("size_bytes > 0", name="ck_order_attachments_size_positive"),
        schema="inventory",
    )


def downgrade() -> None:
    op.drop_table("order_attachments", schema="inventory")
    op.drop_table("order_registration_values", schema="inventory")
    op.drop_table("number_orders", schema="inventory")
    op.drop_table("order_requirement_versions", schema="inventory")
