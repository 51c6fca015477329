"""Tables of the credentials schema and the queries on them (SQLAlchemy Core)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import CheckConstraint, Column, DateTime, MetaData, Table, Text, func, select
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.outbox import outbox_table, processed_events_table

SCHEMA = "credentials"
metadata = MetaData(schema=SCHEMA)

sip_credentials = Table(
    "sip_credentials",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_number_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("username", Text, nullable=False, unique=True),
    Column("label", Text, nullable=False, server_default=""),
    # Argon2id PHC string; the password itself is never stored.
    Column("password_hash", Text, nullable=False),
    Column("status", Text, nullable=False, server_default="active"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("revoked_at", DateTime(timezone=True)),
    CheckConstraint("status IN ('active', 'revoked')", name="ck_sip_credentials_status"),
)
outbox = outbox_table(metadata)
processed_events = processed_events_table(metadata)


@dataclass(frozen=True)
class CredentialRow:
    id: uuid.UUID
    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    username: str
    label: str
    status: str
    created_at: datetime


async def list_credentials(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
) -> list[CredentialRow]:
    c = sip_credentials.c
    rows = await conn.execute(
        select(
            c.id, c.tenant_number_id, c.workspace_id, c.username, c.label, c.status, c.created_at
        )
        .where(c.workspace_id == workspace_id, c.tenant_number_id == tenant_number_id)
        .order_by(c.created_at, c.id)
    )
    return [CredentialRow(**row._mapping) for row in rows]
