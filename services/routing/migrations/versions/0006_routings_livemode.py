"""livemode on routing.routings, kept from the numbers events: a test number may not take calls
on the live edge, and test mode's purge refuses to touch a live object.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE routing.routings ADD COLUMN livemode boolean NOT NULL DEFAULT true")


def downgrade() -> None:
    op.execute("ALTER TABLE routing.routings DROP COLUMN livemode")
