"""gateway: console users, memberships with roles, server-side sessions, password-reset tokens,
invitations and the sign-in throttle (gateway/users/tables.py)

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

_ROLE_CHECK = "role IN ('owner', 'developer', 'billing', 'viewer')"
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("name", sa.Text()), schema="gateway")
    op.create_table(
        "users",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, nullable=False, server_default=sa.func.now()),
        sa.Column("password_changed_at", _TS, nullable=False),
        sa.UniqueConstraint("email", name="uq_users_email"),
        sa.CheckConstraint("email = lower(email)", name="ck_users_email_lower"),
        sa.CheckConstraint(
            "password_hash LIKE '$argon2id$%'", name="ck_users_password_hash_argon2id"
        ),
        schema="gateway",
    )
    op.create_table(
        "memberships",
        sa.Column(
            "workspace_id",
            sa.UUID(),
            sa.ForeignKey("gateway.workspaces.id", name="fk_memberships_workspace_id"),
            primary_key=True,
        ),
        sa.Column(
            "user_id",
            sa.UUID(),
            sa.ForeignKey("gateway.users.id", name="fk_memberships_user_id"),
            primary_key=True,
        ),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("created_at", _TS, nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint(_ROLE_CHECK, name="ck_memberships_role"),
        schema="gateway",
    )
    op.create_index("ix_memberships_user_id", "memberships", ["user_id"], schema="gateway")
    op.create_table(
        "console_sessions",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column("token_hash", sa.CHAR(64), nullable=False),
        sa.Column(
            "user_id",
            sa.UUID(),
            sa.ForeignKey("gateway.users.id", name="fk_console_sessions_user_id"),
            nullable=False,
        ),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("last_seen_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        sa.Column("revoked_at", _TS),
        sa.UniqueConstraint("token_hash", name="uq_console_sessions_token_hash"),
        sa.CheckConstraint(
            "token_hash ~ '^[0-9a-f]{64}$'", name="ck_console_sessions_token_hash_hex"
        ),
        schema="gateway",
    )
    op.create_index(
        "ix_console_sessions_user_id", "console_sessions", ["user_id"], schema="gateway"
    )
    op.create_table(
        "password_resets",
        sa.Column("token_hash", sa.CHAR(64), primary_key=True),
        sa.Column(
            "user_id",
            sa.UUID(),
            sa.ForeignKey("gateway.users.id", name="fk_password_resets_user_id"),
            nullable=False,
        ),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        sa.Column("used_at", _TS),
        sa.CheckConstraint(
            "token_hash ~ '^[0-9a-f]{64}$'", name="ck_password_resets_token_hash_hex"
        ),
        schema="gateway",
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.UUID(), primary_key=True),
        sa.Column(
            "workspace_id",
            sa.UUID(),
            sa.ForeignKey("gateway.workspaces.id", name="fk_invitations_workspace_id"),
            nullable=False,
        ),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("token_hash", sa.CHAR(64), nullable=False),
        sa.Column("invited_by", sa.UUID(), nullable=False),
        sa.Column("created_at", _TS, nullable=False),
        sa.Column("expires_at", _TS, nullable=False),
        sa.Column("accepted_at", _TS),
        sa.UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
        sa.CheckConstraint(_ROLE_CHECK, name="ck_invitations_role"),
        sa.CheckConstraint("email = lower(email)", name="ck_invitations_email_lower"),
        schema="gateway",
    )
    op.create_table(
        "signin_failures",
        sa.Column("bucket", sa.Text(), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", _TS, nullable=False),
        sa.Column("blocked_until", _TS),
        sa.CheckConstraint("failures > 0", name="ck_signin_failures_positive"),
        schema="gateway",
    )


def downgrade() -> None:
    for table in (
        "signin_failures",
        "invitations",
        "password_resets",
        "console_sessions",
        "memberships",
        "users",
    ):
        op.drop_table(table, schema="gateway")
    op.drop_column("api_keys", "name", schema="gateway")
