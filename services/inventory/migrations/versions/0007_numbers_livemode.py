"""livemode on inventory.numbers: test mode's purge refuses to touch a live object. The sandbox
branch adds the same column; IF NOT EXISTS makes this a no-op after it, whichever runs first.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE inventory.numbers "
        "ADD COLUMN IF NOT EXISTS livemode boolean NOT NULL DEFAULT true"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE inventory.numbers DROP COLUMN IF EXISTS livemode")
