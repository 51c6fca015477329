"""livemode on wallet.wallets: test mode's purge refuses to touch a live object. The sandbox
branch adds the same column; IF NOT EXISTS makes this a no-op after it, whichever runs first.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE wallet.wallets ADD COLUMN IF NOT EXISTS livemode boolean NOT NULL DEFAULT true"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE wallet.wallets DROP COLUMN IF EXISTS livemode")
