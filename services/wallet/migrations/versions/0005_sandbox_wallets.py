"""test mode: wallets and top-ups carry livemode (sandbox wallets, simulator top-ups)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 18:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("wallets", "topups"):
        op.add_column(
            table,
            sa.Column("livemode", sa.Boolean(), server_default=sa.text("true"), nullable=False),
            schema="wallet",
        )


def downgrade() -> None:
    for table in ("wallets", "topups"):
        op.drop_column(table, "livemode", schema="wallet")
