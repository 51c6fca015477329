"""Tables of console users, memberships, sessions, reset tokens, invitations and sign-in
throttling (schema `gateway`). Every token is stored as its SHA-256 only."""

from __future__ import annotations

from sqlalchemy import (
    CHAR,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import UUID

from gateway.repository import metadata, workspaces

ROLES = ("owner", "developer", "billing", "viewer")
_ROLE_CHECK = "role IN ('owner', 'developer', 'billing', 'viewer')"

users = Table(
    "users",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    # Stored lower-cased, so the unique constraint is case-insensitive.
    Column("email", Text, nullable=False),
    # Argon2id PHC string (platform_common/passwords.py), never the password.
    Column("password_hash", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("email", name="uq_users_email"),
    CheckConstraint("email = lower(email)", name="ck_users_email_lower"),
    CheckConstraint("password_hash LIKE '$argon2id$%'", name="ck_users_password_hash_argon2id"),
)

memberships = Table(
    "memberships",
    metadata,
    Column(
        "workspace_id",
        UUID(as_uuid=True),
        ForeignKey(workspaces.c.id, name="fk_memberships_workspace_id"),
        primary_key=True,
    ),
    Column(
        "user_id",
        UUID(as_uuid=True),
        ForeignKey("gateway.users.id", name="fk_memberships_user_id"),
        primary_key=True,
    ),
    Column("role", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(_ROLE_CHECK, name="ck_memberships_role"),
    Index("ix_memberships_user_id", "user_id"),
)

console_sessions = Table(
    "console_sessions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    # SHA-256 hex of the cookie's token; the token itself is never stored.
    Column("token_hash", CHAR(64), nullable=False),
    Column(
        "user_id",
        UUID(as_uuid=True),
        ForeignKey("gateway.users.id", name="fk_console_sessions_user_id"),
        nullable=False,
    ),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    UniqueConstraint("token_hash", name="uq_console_sessions_token_hash"),
    CheckConstraint("token_hash ~ '^[0-9a-f]{64}$'", name="ck_console_sessions_token_hash_hex"),
    Index("ix_console_sessions_user_id", "user_id"),
)

password_resets = Table(
    "password_resets",
    metadata,
    Column("token_hash", CHAR(64), primary_key=True),
    Column(
        "user_id",
        UUID(as_uuid=True),
        ForeignKey("gateway.users.id", name="fk_password_resets_user_id"),
        nullable=False,
    ),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
    CheckConstraint("token_hash ~ '^[0-9a-f]{64}$'", name="ck_password_resets_token_hash_hex"),
)

invitations = Table(
    "invitations",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column(
        "workspace_id",
        UUID(as_uuid=True),
        ForeignKey(workspaces.c.id, name="fk_invitations_workspace_id"),
        nullable=False,
    ),
    Column("email", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("token_hash", CHAR(64), nullable=False),
    Column("invited_by", UUID(as_uuid=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("accepted_at", DateTime(timezone=True)),
    UniqueConstraint("token_hash", name="uq_invitations_token_hash"),
    CheckConstraint(_ROLE_CHECK, name="ck_invitations_role"),
    CheckConstraint("email = lower(email)", name="ck_invitations_email_lower"),
)

# Recent failed sign-ins per bucket (an HMAC of an email or of an address, never either in
# clear), the same doubling-delay throttle as SIP credentials' verify_failures.
signin_failures = Table(
    "signin_failures",
    metadata,
    Column("bucket", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failed_at", DateTime(timezone=True), nullable=False),
    Column("blocked_until", DateTime(timezone=True)),
    CheckConstraint("failures > 0", name="ck_signin_failures_positive"),
)
