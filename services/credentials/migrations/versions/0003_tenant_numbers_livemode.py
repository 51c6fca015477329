"""livemode on credentials.tenant_numbers: test mode's purge refuses to touch a live object.
The sandbox branch adds the same column; IF NOT EXISTS makes this a no-op after it, whichever
runs first.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE credentials.tenant_numbers "
        "ADD COLUMN IF NOT EXISTS livemode boolean NOT NULL DEFAULT true"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE credentials.tenant_numbers DROP COLUMN IF EXISTS livemode")
