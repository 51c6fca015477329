"""Tables of the credentials schema, and the queries on credentials (SQLAlchemy Core). The
queries of verification and of the numbers view live beside it.

Passwords never reach this module: only Argon2id PHC strings do (a CHECK constraint refuses
anything else in the hash columns).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ColumnElement,
    DateTime,
    Float,
    Index,
    Integer,
    Interval,
    MetaData,
    Row,
    Table,
    Text,
    and_,
    case,
    cast,
    delete,
    func,
    literal_column,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.outbox import outbox_table, processed_events_table
from services.credentials.domain import ThrottlePolicy

SCHEMA = "credentials"
metadata = MetaData(schema=SCHEMA)

sip_credentials = Table(
    "sip_credentials",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_number_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("e164", Text, nullable=False),
    Column("username", Text, nullable=False, unique=True),
    Column("label", Text, nullable=False, server_default=""),
    # Argon2id PHC string; cleared when the credential is revoked. The password itself is
    # never stored.
    Column("password_hash", Text),
    # The hash from before the last rotation, and until when it still verifies.
    Column("previous_password_hash", Text),
    Column("previous_valid_until", DateTime(timezone=True)),
    Column("status", Text, nullable=False, server_default="active"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("rotated_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("status IN ('active', 'revoked')", name="ck_sip_credentials_status"),
    CheckConstraint(
        "(status = 'revoked') = (revoked_at IS NOT NULL)", name="ck_sip_credentials_revoked_at"
    ),
    CheckConstraint(
        "status = 'revoked' OR password_hash IS NOT NULL", name="ck_sip_credentials_active_hash"
    ),
    CheckConstraint("password_hash LIKE '$argon2id$%'", name="ck_sip_credentials_argon2id"),
    CheckConstraint(
        "previous_password_hash LIKE '$argon2id$%'", name="ck_sip_credentials_previous_argon2id"
    ),
    CheckConstraint(
        "(previous_password_hash IS NULL) = (previous_valid_until IS NULL)",
        name="ck_sip_credentials_previous_pair",
    ),
    CheckConstraint("username ~ '^[a-z][a-z0-9]{15,63}$'", name="ck_sip_credentials_username"),
    CheckConstraint("char_length(label) <= 100", name="ck_sip_credentials_label"),
)

# This context's view of each tenant number, fed by inventory's events.
tenant_numbers = Table(
    "tenant_numbers",
    metadata,
    Column("tenant_number_id", UUID(as_uuid=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("e164", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("allow_inbound", Boolean, nullable=False),
    Column("allow_outbound", Boolean, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="false"),
    # False for a test-pool number (test mode), from the numbers.* events (migration 0004).
    Column("livemode", Boolean, nullable=False, server_default=true()),
    # Times of the events (or re-reads) the status and the settings come from.
    Column("status_changed_at", DateTime(timezone=True), nullable=False),
    Column("settings_changed_at", DateTime(timezone=True), nullable=False),
    Column("refreshed_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(
        "status IN ('active', 'suspended', 'released')", name="ck_tenant_numbers_status"
    ),
)

# Recent failed verifications per username (known or not), for throttling.
verify_failures = Table(
    "verify_failures",
    metadata,
    Column("username", Text, primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failed_at", DateTime(timezone=True), nullable=False),
    Column("blocked_until", DateTime(timezone=True)),
    CheckConstraint("failures > 0", name="ck_verify_failures_positive"),
    Index("ix_verify_failures_last_failed_at", "last_failed_at"),
)

outbox = outbox_table(metadata)
processed_events = processed_events_table(metadata)

c = sip_credentials.c
f = verify_failures.c


@dataclass(frozen=True)
class CredentialRow:
    id: uuid.UUID
    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    username: str
    label: str
    status: str
    created_at: datetime
    rotated_at: datetime | None
    revoked_at: datetime | None
    previous_password_valid_until: datetime | None


def seconds_interval(amount: float | ColumnElement[Any]) -> ColumnElement[Any]:
    """An SQL interval of `amount` seconds (a number or a numeric expression)."""
    return cast(amount, Float) * literal_column("interval '1 second'", Interval)


def _credential_columns() -> tuple[ColumnElement[Any], ...]:
    return (
        c.id,
        c.tenant_number_id,
        c.workspace_id,
        c.e164,
        c.username,
        c.label,
        c.status,
        c.created_at,
        c.rotated_at,
        c.revoked_at,
        # Past grace windows are not worth showing (the maintenance job clears them later).
        case(
            (c.previous_valid_until > func.clock_timestamp(), c.previous_valid_until),
            else_=None,
        ).label("previous_password_valid_until"),
    )


def _credential(row: Row[Any]) -> CredentialRow:
    return CredentialRow(**row._mapping)


# --- Credentials ---------------------------------------------------------------------------


async def count_active(conn: AsyncConnection, tenant_number_id: uuid.UUID) -> int:
    result = await conn.execute(
        select(func.count())
        .select_from(sip_credentials)
        .where(c.tenant_number_id == tenant_number_id, c.status == "active")
    )
    return int(result.scalar_one())


async def insert_credential(
    conn: AsyncConnection,
    *,
    credential_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    workspace_id: uuid.UUID,
    e164: str,
    username: str,
    label: str,
    password_hash: str,
) -> CredentialRow:
    result = await conn.execute(
        insert(sip_credentials)
        .values(
            id=credential_id,
            tenant_number_id=tenant_number_id,
            workspace_id=workspace_id,
            e164=e164,
            username=username,
            label=label,
            password_hash=password_hash,
            status="active",
        )
        .returning(*_credential_columns())
    )
    return _credential(result.one())


def _owned(
    workspace_id: uuid.UUID, tenant_number_id: uuid.UUID, credential_id: uuid.UUID
) -> ColumnElement[bool]:
    return and_(
        c.id == credential_id,
        c.workspace_id == workspace_id,
        c.tenant_number_id == tenant_number_id,
    )


async def find_credential(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    credential_id: uuid.UUID,
) -> CredentialRow | None:
    row = (
        await conn.execute(
            select(*_credential_columns()).where(
                _owned(workspace_id, tenant_number_id, credential_id)
            )
        )
    ).first()
    return _credential(row) if row is not None else None


async def list_credentials(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
) -> list[CredentialRow]:
    rows = await conn.execute(
        select(*_credential_columns())
        .where(c.workspace_id == workspace_id, c.tenant_number_id == tenant_number_id)
        .order_by(c.created_at, c.id)
    )
    return [_credential(row) for row in rows]


async def replace_password_hash(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    credential_id: uuid.UUID,
    password_hash: str,
    grace_seconds: int,
) -> CredentialRow | None:
    """Rotation, only of an active credential (None otherwise). With a grace period the old
    hash keeps verifying until then; the grace clock is the database's."""
    keep_previous = grace_seconds > 0
    valid_until = func.clock_timestamp() + seconds_interval(grace_seconds)
    result = await conn.execute(
        update(sip_credentials)
        .where(_owned(workspace_id, tenant_number_id, credential_id), c.status == "active")
        .values(
            previous_password_hash=c.password_hash if keep_previous else None,
            previous_valid_until=valid_until if keep_previous else None,
            password_hash=password_hash,
            rotated_at=func.clock_timestamp(),
            updated_at=func.clock_timestamp(),
        )
        .returning(*_credential_columns())
    )
    row = result.first()
    return _credential(row) if row is not None else None


_REVOKED_VALUES = {
    "status": "revoked",
    "password_hash": None,
    "previous_password_hash": None,
    "previous_valid_until": None,
    "revoked_at": func.clock_timestamp(),
    "updated_at": func.clock_timestamp(),
}


async def revoke_credential(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    credential_id: uuid.UUID,
) -> CredentialRow | None:
    """active -> revoked, dropping the hashes; None when not active (or not found)."""
    result = await conn.execute(
        update(sip_credentials)
        .where(_owned(workspace_id, tenant_number_id, credential_id), c.status == "active")
        .values(**_REVOKED_VALUES)
        .returning(*_credential_columns())
    )
    row = result.first()
    return _credential(row) if row is not None else None


async def revoke_all_for_number(
    conn: AsyncConnection, tenant_number_id: uuid.UUID
) -> list[CredentialRow]:
    result = await conn.execute(
        update(sip_credentials)
        .where(c.tenant_number_id == tenant_number_id, c.status == "active")
        .values(**_REVOKED_VALUES)
        .returning(*_credential_columns())
    )
    return [_credential(row) for row in result]


# --- Maintenance ---------------------------------------------------------------------------


async def drop_expired_previous_hashes(conn: AsyncConnection) -> int:
    result = await conn.execute(
        update(sip_credentials)
        .where(c.previous_valid_until <= func.clock_timestamp())
        .values(previous_password_hash=None, previous_valid_until=None)
    )
    return int(result.rowcount)


async def forget_old_failures(conn: AsyncConnection, policy: ThrottlePolicy) -> int:
    now = func.clock_timestamp()
    result = await conn.execute(
        delete(verify_failures).where(
            f.last_failed_at < now - seconds_interval(policy.forget_after_seconds),
            (f.blocked_until.is_(None)) | (f.blocked_until < now),
        )
    )
    return int(result.rowcount)
