"""Tables of the routing schema and the queries on them (SQLAlchemy Core)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    MetaData,
    Table,
    Text,
    delete,
    func,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.outbox import outbox_table, processed_events_table

SCHEMA = "routing"
metadata = MetaData(schema=SCHEMA)

routings = Table(
    "routings",
    metadata,
    Column("tenant_number_id", UUID(as_uuid=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("e164", Text, nullable=False),
    Column("voice_callback_url", Text),
    Column("events_url", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # This context's view of the tenant number, kept from numbers.* events (number_view.py).
    Column("status", Text, nullable=False, server_default="active"),
    Column("status_reason", Text),
    Column("allow_inbound", Boolean, nullable=False, server_default=true()),
    Column("allow_outbound", Boolean, nullable=False, server_default=true()),
    Column("held_since", DateTime(timezone=True)),  # the claim's time: newest holding of an e164
    Column(
        "status_changed_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=func.now(),
    ),
    Column(
        "settings_changed_at",
        DateTime(timezone=True),
        nullable=False,
        server_default=func.now(),
    ),
    Column("refreshed_at", DateTime(timezone=True)),
    CheckConstraint("status IN ('active', 'suspended', 'released')", name="ck_routings_status"),
    CheckConstraint(
        "status <> 'released' OR (voice_callback_url IS NULL AND events_url IS NULL)",
        name="ck_routings_released_without_urls",
    ),
    CheckConstraint(
        "char_length(voice_callback_url) <= 2048", name="ck_routings_voice_callback_url_length"
    ),
    CheckConstraint("char_length(events_url) <= 2048", name="ck_routings_events_url_length"),
    Index("ix_routings_e164_current", "e164", postgresql_where=text("status <> 'released'")),
)
outbox = outbox_table(metadata)
processed_events = processed_events_table(metadata)


@dataclass(frozen=True)
class RoutingRow:
    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    voice_callback_url: str | None
    events_url: str | None
    updated_at: datetime


async def get_routing(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
) -> RoutingRow | None:
    row = (
        await conn.execute(
            select(routings).where(
                routings.c.tenant_number_id == tenant_number_id,
                routings.c.workspace_id == workspace_id,
            )
        )
    ).first()
    if row is None:
        return None
    return RoutingRow(
        tenant_number_id=row.tenant_number_id,
        workspace_id=row.workspace_id,
        e164=row.e164,
        voice_callback_url=row.voice_callback_url,
        events_url=row.events_url,
        updated_at=row.updated_at,
    )


async def create_empty_routing(
    conn: AsyncConnection, *, tenant_number_id: uuid.UUID, workspace_id: uuid.UUID, e164: str
) -> bool:
    """Inserts an empty routing; False when the number already had one."""
    result = await conn.execute(
        insert(routings)
        .values(tenant_number_id=tenant_number_id, workspace_id=workspace_id, e164=e164)
        .on_conflict_do_nothing()
        .returning(routings.c.tenant_number_id)
    )
    return result.first() is not None


async def delete_routing(conn: AsyncConnection, *, tenant_number_id: uuid.UUID) -> bool:
    result = await conn.execute(
        delete(routings).where(routings.c.tenant_number_id == tenant_number_id)
    )
    return bool(result.rowcount)
