"""seed 002: a workspace can turn a number off (disabled) without giving it up

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 17:50:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A switch beside status, not a status: suspension (unpaid rental) and disabling (the
    # workspace's choice) are cleared by different people, and each must not clear the other.
    op.add_column(
        "tenant_numbers",
        sa.Column("disabled", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        schema="inventory",
    )


def downgrade() -> None:
    op.drop_column("tenant_numbers", "disabled", schema="inventory")
