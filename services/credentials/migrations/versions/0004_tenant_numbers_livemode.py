"""livemode on credentials.tenant_numbers, kept from the numbers events: a test credential may
not register on the live SIP edge, and test mode's purge refuses to touch a live object.

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
        "ALTER TABLE credentials.tenant_numbers ADD COLUMN livemode boolean NOT NULL DEFAULT true"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE credentials.tenant_numbers DROP COLUMN livemode")
