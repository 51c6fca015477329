"""workspace callbacks: a workspace's callback_url for numbers events, and a channel column on
deliveries (workspace callbacks share the delivery log and worker with call events)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspace_callbacks",
        sa.Column("workspace_id", sa.UUID(), primary_key=True),
        sa.Column("callback_url", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        schema="routing",
    )
    # number_events: a call event to a number's events_url (tenant_number_id is that number);
    # workspace_callback: a numbers event to the workspace's callback_url (tenant_number_id
    # holds the resource the event is about: the order or the tenant number).
    op.add_column(
        "deliveries",
        sa.Column("channel", sa.Text(), nullable=False, server_default="number_events"),
        schema="routing",
    )
    op.create_check_constraint(
        "ck_deliveries_channel",
        "deliveries",
        "channel IN ('number_events', 'workspace_callback')",
        schema="routing",
    )
    op.create_index(
        "ix_deliveries_workspace_callbacks",
        "deliveries",
        ["workspace_id", "created_at", "id"],
        schema="routing",
        postgresql_where=sa.text("channel = 'workspace_callback'"),
    )


def downgrade() -> None:
    op.drop_index("ix_deliveries_workspace_callbacks", table_name="deliveries", schema="routing")
    op.drop_constraint("ck_deliveries_channel", "deliveries", schema="routing")
    op.drop_column("deliveries", "channel", schema="routing")
    op.drop_table("workspace_callbacks", schema="routing")
