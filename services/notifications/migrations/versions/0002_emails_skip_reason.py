"""emails.skip_reason: why a `skipped` email was not sent ("test_mode": a sandbox's event, test
mode never emails; "no_email_address").

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "emails", sa.Column("skip_reason", sa.Text(), nullable=True), schema="notifications"
    )


def downgrade() -> None:
    op.drop_column("emails", "skip_reason", schema="notifications")
