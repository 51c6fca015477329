"""routing keeps each number's status and settings (from numbers.* events)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 14:30:00

A routing row is now also this context's view of the tenant number: status (active, suspended,
released), allow_inbound / allow_outbound, and the event times that order them (now() for rows
that predate this). A release keeps the row as a tombstone (status released, URLs cleared)
instead of deleting it, so a claim handled after its release cannot bring the number back.
ResolveRoute looks rows up by e164.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECKS = {
    "ck_routings_status": "status IN ('active', 'suspended', 'released')",
    "ck_routings_released_without_urls": (
        "status <> 'released' OR (voice_callback_url IS NULL AND events_url IS NULL)"
    ),
    "ck_routings_voice_callback_url_length": "char_length(voice_callback_url) <= 2048",
    "ck_routings_events_url_length": "char_length(events_url) <= 2048",
}


def upgrade() -> None:
    op.add_column(
        "routings",
        sa.Column("status", sa.Text(), server_default="active", nullable=False),
        schema="routing",
    )
    op.add_column(
        "routings",
        sa.Column("allow_inbound", sa.Boolean(), server_default=sa.true(), nullable=False),
        schema="routing",
    )
    op.add_column(
        "routings",
        sa.Column("allow_outbound", sa.Boolean(), server_default=sa.true(), nullable=False),
        schema="routing",
    )
    op.add_column(
        "routings",
        sa.Column("held_since", sa.DateTime(timezone=True), nullable=True),
        schema="routing",
    )
    op.add_column(
        "routings",
        sa.Column(
            "status_changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        schema="routing",
    )
    op.add_column(
        "routings",
        sa.Column(
            "settings_changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        schema="routing",
    )
    op.add_column(
        "routings",
        sa.Column("status_reason", sa.Text(), nullable=True),
        schema="routing",
    )
    op.add_column(
        "routings",
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        schema="routing",
    )
    for name, condition in CHECKS.items():
        op.create_check_constraint(name, "routings", condition, schema="routing")
    op.create_index(
        "ix_routings_e164_current",
        "routings",
        ["e164"],
        unique=False,
        schema="routing",
        postgresql_where=sa.text("status <> 'released'"),
    )


def downgrade() -> None:
    op.drop_index(
        "ix_routings_e164_current",
        table_name="routings",
        schema="routing",
        postgresql_where=sa.text("status <> 'released'"),
    )
    for name in CHECKS:
        op.drop_constraint(name, "routings", schema="routing", type_="check")
    op.execute("DELETE FROM routing.routings WHERE status = 'released'")
    for column in (
        "refreshed_at",
        "status_reason",
        "settings_changed_at",
        "status_changed_at",
        "held_since",
        "allow_outbound",
        "allow_inbound",
        "status",
    ):
        op.drop_column("routings", column, schema="routing")
