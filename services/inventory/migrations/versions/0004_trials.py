"""trials: when a trial's reminder went out, and the index the trial scheduler walks

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "tenant_numbers",
        sa.Column("trial_reminded_at", sa.DateTime(timezone=True), nullable=True),
        schema="inventory",
    )
    op.create_check_constraint(
        "ck_tenant_numbers_reminded_only_on_trial",
        "tenant_numbers",
        "trial_reminded_at IS NULL OR trial_until IS NOT NULL",
        schema="inventory",
    )
    op.create_index(
        "ix_tenant_numbers_trial_until",
        "tenant_numbers",
        ["trial_until"],
        unique=False,
        schema="inventory",
        postgresql_where=sa.text("trial_until IS NOT NULL AND status <> 'released'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_tenant_numbers_trial_until",
        table_name="tenant_numbers",
        schema="inventory",
        postgresql_where=sa.text("trial_until IS NOT NULL AND status <> 'released'"),
    )
    op.drop_constraint(
        "ck_tenant_numbers_reminded_only_on_trial", "tenant_numbers", schema="inventory"
    )
    op.drop_column("tenant_numbers", "trial_reminded_at", schema="inventory")
