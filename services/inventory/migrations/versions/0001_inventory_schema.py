"""inventory schema: the numbers pool, outbox and processed_events

Generated with alembic autogenerate, then edited: the updated_at trigger below is not part of
the SQLAlchemy metadata. Search indexes and tenant_numbers come with the claim saga (0002).

Revision ID: 0001
Revises:
Create Date: 2026-11-23 02:24:42.884284
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
        "numbers",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("e164", sa.Text(), nullable=False),
        sa.Column("country", sa.CHAR(length=2), server_default="KE", nullable=False),
        sa.Column("number_type", sa.Text(), nullable=False),
        sa.Column("capabilities", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("monthly_price_minor", sa.BigInteger(), nullable=False),
        sa.Column("inbound_per_min_minor", sa.BigInteger(), nullable=False),
        sa.Column("outbound_per_min_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.CHAR(length=3), server_default="KES", nullable=False),
        sa.Column("state", sa.Text(), server_default="available", nullable=False),
        sa.Column("reserved_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_id", sa.UUID(), nullable=True),
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
        sa.CheckConstraint(
            "cardinality(capabilities) > 0 AND capabilities <@ ARRAY['voice', 'sms']::text[]",
            name="ck_numbers_capabilities",
        ),
        sa.CheckConstraint("currency = 'KES'", name="ck_numbers_currency"),
        sa.CheckConstraint("e164 ~ '^\\+[1-9][0-9]{1,14}$'", name="ck_numbers_e164_shape"),
        sa.CheckConstraint(
            "number_type IN ('mobile', 'fixed_line', 'toll_free')", name="ck_numbers_number_type"
        ),
        sa.CheckConstraint(
            "state <> 'reserved' OR (reserved_until IS NOT NULL AND claim_id IS NOT NULL)",
            name="ck_numbers_reservation_complete",
        ),
        sa.CheckConstraint(
            "state IN ('available', 'reserved', 'assigned', 'released')", name="ck_numbers_state"
        ),
        sa.CheckConstraint(
            "inbound_per_min_minor >= 0", name="ck_numbers_inbound_price_not_negative"
        ),
        sa.CheckConstraint("monthly_price_minor > 0", name="ck_numbers_monthly_price_positive"),
        sa.CheckConstraint(
            "outbound_per_min_minor >= 0", name="ck_numbers_outbound_price_not_negative"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("e164", name="uq_numbers_e164"),
        schema="inventory",
    )
    # Every UPDATE stamps updated_at, whatever query forgets to set it.
    op.execute(
        """
        CREATE FUNCTION inventory.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END;
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER numbers_set_updated_at BEFORE UPDATE ON inventory.numbers
        FOR EACH ROW EXECUTE FUNCTION inventory.set_updated_at()
        """
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
        schema="inventory",
    )
    op.create_index(
        "ix_outbox_unpublished",
        "outbox",
        ["created_at"],
        unique=False,
        schema="inventory",
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
        schema="inventory",
    )


def downgrade() -> None:
    op.drop_table("processed_events", schema="inventory")
    op.drop_index(
        "ix_outbox_unpublished",
        table_name="outbox",
        schema="inventory",
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.drop_table("outbox", schema="inventory")
    op.execute("DROP TRIGGER numbers_set_updated_at ON inventory.numbers")
    op.drop_table("numbers", schema="inventory")
    op.execute("DROP FUNCTION inventory.set_updated_at()")
