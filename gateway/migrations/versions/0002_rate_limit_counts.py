"""gateway schema: rate-limit counts shared by the replicas (gateway/rate_limits.py)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_counts",
        sa.Column("bucket", sa.Text(), nullable=False),
        sa.Column("window_start", sa.BigInteger(), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("count >= 0", name="ck_rate_limit_counts_count"),
        sa.PrimaryKeyConstraint("bucket", "window_start"),
        schema="gateway",
    )


def downgrade() -> None:
    op.drop_table("rate_limit_counts", schema="gateway")
