"""livemode on routing.routings: test mode's purge refuses to touch a live object. The sandbox
branch adds the same column; IF NOT EXISTS makes this a no-op after it, whichever runs first.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE routing.routings "
        "ADD COLUMN IF NOT EXISTS livemode boolean NOT NULL DEFAULT true"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE routing.routings DROP COLUMN IF EXISTS livemode")
