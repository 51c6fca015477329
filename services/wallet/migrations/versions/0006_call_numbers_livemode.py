"""livemode on the call billing's number view (wallet.call_numbers), kept from the numbers.*
events: AuthorizeCall refuses a test number on the live edge, and a live number to test mode's
simulated calls.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "call_numbers",
        sa.Column("livemode", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        schema="wallet",
    )


def downgrade() -> None:
    op.drop_column("call_numbers", "livemode", schema="wallet")
