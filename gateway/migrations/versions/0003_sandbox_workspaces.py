"""gateway: every workspace gets a sandbox workspace id (its test side, DESIGN.md §11)

Revision ID: 0003
Revises: 0002

Existing workspaces are backfilled with a random id; new ones get a UUIDv7 from the admin path.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "workspaces",
        sa.Column("sandbox_workspace_id", sa.UUID(), nullable=True),
        schema="gateway",
    )
    op.execute("UPDATE gateway.workspaces SET sandbox_workspace_id = gen_random_uuid()")
    op.alter_column("workspaces", "sandbox_workspace_id", nullable=False, schema="gateway")
    op.create_unique_constraint(
        "uq_workspaces_sandbox_workspace_id",
        "workspaces",
        ["sandbox_workspace_id"],
        schema="gateway",
    )


def downgrade() -> None:
    op.drop_constraint(
        "uq_workspaces_sandbox_workspace_id", "workspaces", schema="gateway", type_="unique"
    )
    op.drop_column("workspaces", "sandbox_workspace_id", schema="gateway")
