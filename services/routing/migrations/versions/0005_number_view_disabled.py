"""seed 002: this context's number view follows the workspace's on/off switch (disabled)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 17:55:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Ordered with allow_inbound / allow_outbound by settings_changed_at (numbers.updated).
    op.add_column(
        "routings",
        sa.Column("disabled", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        schema="routing",
    )


def downgrade() -> None:
    op.drop_column("routings", "disabled", schema="routing")
