"""Tables of the gateway schema and the queries on them (SQLAlchemy Core)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    CHAR,
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Interval,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.outbox import outbox_table, processed_events_table

SCHEMA = "gateway"
metadata = MetaData(schema=SCHEMA)

workspaces = Table(
    "workspaces",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", Text, nullable=False),
    Column("email", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # The workspace's test side: the tenant id sk_test_ keys act as (DESIGN.md §11).
    Column("sandbox_workspace_id", UUID(as_uuid=True), nullable=False),
    CheckConstraint("char_length(name) BETWEEN 1 AND 200", name="ck_workspaces_name_length"),
    UniqueConstraint("sandbox_workspace_id", name="uq_workspaces_sandbox_workspace_id"),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column(
        "workspace_id",
        UUID(as_uuid=True),
        ForeignKey(workspaces.c.id, name="fk_api_keys_workspace_id"),
        nullable=False,
        index=True,
    ),
    # SHA-256 hex of the whole key; the key itself is never stored.
    Column("key_hash", CHAR(64), nullable=False),
    Column("key_prefix", Text, nullable=False),
    Column("mode", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("revoked_at", DateTime(timezone=True)),
    Column("last_used_at", DateTime(timezone=True)),
    # A label its creator chose in the console (migration 0004); None for operator keys.
    Column("name", Text),
    CheckConstraint("mode IN ('live', 'test')", name="ck_api_keys_mode"),
    CheckConstraint("key_hash ~ '^[0-9a-f]{64}$'", name="ck_api_keys_key_hash_hex"),
    CheckConstraint("key_prefix LIKE 'sk\\_' || mode || '\\_%'", name="ck_api_keys_prefix_mode"),
    UniqueConstraint("key_hash", name="uq_api_keys_key_hash"),
)

idempotency_records = Table(
    "idempotency_records",
    metadata,
    Column("workspace_id", UUID(as_uuid=True), primary_key=True),
    Column("key", Text, primary_key=True),
    # Identifies the request holding an in-progress record, so only it may complete or drop it.
    Column("claim_id", UUID(as_uuid=True), nullable=False),
    Column("method", Text, nullable=False),
    Column("path", Text, nullable=False),
    Column("request_hash", CHAR(64), nullable=False),
    Column("state", Text, nullable=False),
    Column("status_code", Integer),
    Column("response_body", LargeBinary),
    Column("response_headers", JSONB),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("state IN ('in_progress', 'completed')", name="ck_idempotency_state"),
    CheckConstraint("char_length(key) BETWEEN 1 AND 255", name="ck_idempotency_key_length"),
    CheckConstraint(
        "state <> 'completed' OR (status_code IS NOT NULL AND response_body IS NOT NULL)",
        name="ck_idempotency_completed_has_response",
    ),
    Index("ix_idempotency_records_expires_at", "expires_at"),
)

# Requests admitted per rate-limit bucket and fixed window, summed over every replica
# (gateway/rate_limits.py). `bucket` is a hash, never a key or an address; `window_start` is
# epoch seconds. Rows of ended windows are purged.
rate_limit_counts = Table(
    "rate_limit_counts",
    metadata,
    Column("bucket", Text, primary_key=True),
    Column("window_start", BigInteger, primary_key=True),
    Column("count", BigInteger, nullable=False),
    CheckConstraint("count >= 0", name="ck_rate_limit_counts_count"),
)

outbox = outbox_table(metadata)
processed_events = processed_events_table(metadata)

IDEMPOTENCY_TTL = timedelta(hours=24)


@dataclass(frozen=True)
class WorkspaceRow:
    id: uuid.UUID
    name: str
    email: str | None
    created_at: datetime
    sandbox_workspace_id: uuid.UUID


@dataclass(frozen=True)
class ApiKeyRow:
    id: uuid.UUID
    workspace_id: uuid.UUID
    key_prefix: str
    mode: str
    created_at: datetime
    name: str | None = None


@dataclass(frozen=True)
class ActiveKey:
    """What authentication needs to know about a key that is not revoked."""

    api_key_id: uuid.UUID
    workspace_id: uuid.UUID
    sandbox_workspace_id: uuid.UUID
    mode: str


@dataclass(frozen=True)
class IdempotencyRecord:
    workspace_id: uuid.UUID
    key: str
    claim_id: uuid.UUID
    method: str
    path: str
    request_hash: str
    state: str
    status_code: int | None
    response_body: bytes | None
    response_headers: dict[str, str] | None


def _workspace(row: Any) -> WorkspaceRow:
    return WorkspaceRow(
        id=row.id,
        name=row.name,
        email=row.email,
        created_at=row.created_at,
        sandbox_workspace_id=row.sandbox_workspace_id,
    )


async def insert_workspace(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    sandbox_workspace_id: uuid.UUID,
    name: str,
    email: str | None,
) -> WorkspaceRow:
    row = (
        await conn.execute(
            workspaces.insert()
            .values(
                id=workspace_id,
                sandbox_workspace_id=sandbox_workspace_id,
                name=name,
                email=email,
            )
            .returning(*workspaces.c)
        )
    ).one()
    return _workspace(row)


async def get_workspace(conn: AsyncConnection, workspace_id: uuid.UUID) -> WorkspaceRow | None:
    row = (await conn.execute(select(workspaces).where(workspaces.c.id == workspace_id))).first()
    return None if row is None else _workspace(row)


async def update_workspace_email(
    conn: AsyncConnection, workspace_id: uuid.UUID, email: str | None
) -> WorkspaceRow | None:
    """Sets the contact email; None when the workspace does not exist."""
    row = (
        await conn.execute(
            update(workspaces)
            .where(workspaces.c.id == workspace_id)
            .values(email=email)
            .returning(*workspaces.c)
        )
    ).first()
    return None if row is None else _workspace(row)


async def insert_api_key(
    conn: AsyncConnection,
    *,
    key_id: uuid.UUID,
    workspace_id: uuid.UUID,
    key_hash: str,
    key_prefix: str,
    mode: str,
    name: str | None = None,
) -> ApiKeyRow | None:
    """Inserts a key for an existing workspace; None when the workspace does not exist.

    INSERT ... SELECT makes "the workspace exists" and "the key is added" one statement.
    """
    source = select(
        literal(key_id, UUID(as_uuid=True)),
        workspaces.c.id,
        literal(key_hash, CHAR(64)),
        literal(key_prefix, Text),
        literal(mode, Text),
        literal(name, Text),
    ).where(workspaces.c.id == workspace_id)
    row = (
        await conn.execute(
            api_keys.insert()
            .from_select(["id", "workspace_id", "key_hash", "key_prefix", "mode", "name"], source)
            .returning(*api_keys.c)
        )
    ).first()
    if row is None:
        return None
    return ApiKeyRow(
        id=row.id,
        workspace_id=row.workspace_id,
        key_prefix=row.key_prefix,
        mode=row.mode,
        created_at=row.created_at,
        name=row.name,
    )


async def find_active_key(conn: AsyncConnection, key_hash: str) -> ActiveKey | None:
    """The non-revoked key with this hash; None when unknown or revoked. A read only."""
    row = (
        await conn.execute(
            select(
                api_keys.c.id,
                api_keys.c.workspace_id,
                api_keys.c.mode,
                workspaces.c.sandbox_workspace_id,
            )
            .join_from(api_keys, workspaces, workspaces.c.id == api_keys.c.workspace_id)
            .where(api_keys.c.key_hash == key_hash, api_keys.c.revoked_at.is_(None))
        )
    ).first()
    if row is None:
        return None
    return ActiveKey(
        api_key_id=row.id,
        workspace_id=row.workspace_id,
        sandbox_workspace_id=row.sandbox_workspace_id,
        mode=row.mode,
    )


async def mark_key_used(conn: AsyncConnection, api_key_id: uuid.UUID) -> None:
    await conn.execute(
        update(api_keys).where(api_keys.c.id == api_key_id).values(last_used_at=func.now())
    )


def _record(row: Any) -> IdempotencyRecord:
    return IdempotencyRecord(
        workspace_id=row.workspace_id,
        key=row.key,
        claim_id=row.claim_id,
        method=row.method,
        path=row.path,
        request_hash=row.request_hash,
        state=row.state,
        status_code=row.status_code,
        response_body=row.response_body,
        response_headers=row.response_headers,
    )


async def claim_idempotency_key(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    key: str,
    claim_id: uuid.UUID,
    method: str,
    path: str,
    request_hash: str,
    lease: timedelta,
) -> IdempotencyRecord:
    """Claims (workspace, key) for this request, or returns the record that already holds it.

    The returned record's claim_id equals ours when the claim succeeded. An expired record, or
    an in-progress one for the same request whose holder has been silent longer than `lease`,
    is taken over in the same statement, so two concurrent retries cannot both win.
    """
    t = idempotency_records
    candidate = insert(t).values(
        workspace_id=workspace_id,
        key=key,
        claim_id=claim_id,
        method=method,
        path=path,
        request_hash=request_hash,
        state="in_progress",
        created_at=func.now(),
        expires_at=func.now() + literal(IDEMPOTENCY_TTL, Interval()),
    )
    excluded = candidate.excluded
    statement = candidate.on_conflict_do_update(
        index_elements=[t.c.workspace_id, t.c.key],
        set_={
            "claim_id": excluded.claim_id,
            "method": excluded.method,
            "path": excluded.path,
            "request_hash": excluded.request_hash,
            "state": "in_progress",
            "status_code": None,
            "response_body": None,
            "response_headers": None,
            "created_at": excluded.created_at,
            "expires_at": excluded.expires_at,
        },
        where=or_(
            t.c.expires_at <= func.now(),
            (t.c.state == "in_progress")
            & (t.c.created_at < func.now() - literal(lease, Interval()))
            & (t.c.request_hash == excluded.request_hash)
            & (t.c.method == excluded.method)
            & (t.c.path == excluded.path),
        ),
    ).returning(*t.c)
    row = (await conn.execute(statement)).first()
    if row is not None:
        return _record(row)
    # The conflicting row is locked by the ON CONFLICT clause until we commit, so it is there.
    existing = (
        await conn.execute(select(t).where(t.c.workspace_id == workspace_id, t.c.key == key))
    ).one()
    return _record(existing)


async def complete_idempotency_key(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    key: str,
    claim_id: uuid.UUID,
    status_code: int,
    response_body: bytes,
    response_headers: dict[str, str],
) -> bool:
    t = idempotency_records
    result = await conn.execute(
        update(t)
        .where(
            t.c.workspace_id == workspace_id,
            t.c.key == key,
            t.c.claim_id == claim_id,
            t.c.state == "in_progress",
        )
        .values(
            state="completed",
            status_code=status_code,
            response_body=response_body,
            response_headers=response_headers,
        )
    )
    return bool(result.rowcount)


async def release_idempotency_key(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, key: str, claim_id: uuid.UUID
) -> bool:
    t = idempotency_records
    result = await conn.execute(
        delete(t).where(t.c.workspace_id == workspace_id, t.c.key == key, t.c.claim_id == claim_id)
    )
    return bool(result.rowcount)


async def delete_expired_idempotency_records(conn: AsyncConnection, *, batch: int) -> int:
    """Deletes up to `batch` expired records; returns how many."""
    t = idempotency_records
    expired = (
        select(t.c.workspace_id, t.c.key)
        .where(t.c.expires_at <= func.now())
        .limit(batch)
        .with_for_update(skip_locked=True)
        .subquery()
    )
    result = await conn.execute(
        delete(t).where(
            t.c.workspace_id == expired.c.workspace_id,
            t.c.key == expired.c.key,
        )
    )
    return int(result.rowcount or 0)
