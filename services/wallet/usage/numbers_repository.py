"""The wallet's view of tenant numbers (`call_numbers`): what AuthorizeCall needs to know of
a number (holder, status, allowed directions, rates), kept from inventory's numbers.* events.
Changes to one number are serialised by a per-number advisory lock."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    Row,
    Table,
    Text,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.wallet.repository import metadata
from services.wallet.usage.domain import NumberStatus, NumberView

call_numbers = Table(
    "call_numbers",
    metadata,
    Column("tenant_number_id", UUID(as_uuid=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("e164", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("allow_inbound", Boolean, nullable=False),
    Column("allow_outbound", Boolean, nullable=False),
    Column("inbound_per_min_minor", BigInteger, nullable=False),
    Column("outbound_per_min_minor", BigInteger, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default="false"),
    # False for a test-pool number (test mode), from the numbers.* events.
    Column("livemode", Boolean, nullable=False, server_default=true()),
    Column("status_changed_at", DateTime(timezone=True), nullable=False),
    Column("settings_changed_at", DateTime(timezone=True), nullable=False),
    Column("refreshed_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
Index("ix_call_numbers_e164", call_numbers.c.e164)

c = call_numbers.c
_LOCK_SPACE = 0x43414C4C  # "CALL"


async def lock_number(conn: AsyncConnection, tenant_number_id: uuid.UUID) -> None:
    """Serialises, until commit, every change to the view of one number."""
    key = int.from_bytes(tenant_number_id.bytes[12:], "big", signed=True)
    await conn.execute(
        select(
            func.pg_advisory_xact_lock(
                cast(literal(_LOCK_SPACE), Integer), cast(literal(key), Integer)
            )
        )
    )


def _view(row: Row[Any]) -> NumberView:
    return NumberView(
        tenant_number_id=row.tenant_number_id,
        workspace_id=row.workspace_id,
        e164=row.e164,
        status=row.status,
        allow_inbound=row.allow_inbound,
        allow_outbound=row.allow_outbound,
        inbound_per_min_minor=row.inbound_per_min_minor,
        outbound_per_min_minor=row.outbound_per_min_minor,
        disabled=row.disabled,
        livemode=row.livemode,
        status_changed_at=row.status_changed_at,
        settings_changed_at=row.settings_changed_at,
    )


async def find_number(conn: AsyncConnection, tenant_number_id: uuid.UUID) -> NumberView | None:
    row = (
        await conn.execute(select(call_numbers).where(c.tenant_number_id == tenant_number_id))
    ).first()
    return _view(row) if row is not None else None


# Built once: AuthorizeCall runs it on every call, and building a select per call costs more
# CPU than the database spends answering it (SQLAlchemy caches the compiled form by its key).
_HOLDER_OF = (
    select(call_numbers)
    .where(c.e164 == bindparam("e164"))
    .order_by(
        case((c.status == NumberStatus.RELEASED.value, 1), else_=0),
        c.status_changed_at.desc(),
    )
    .limit(1)
)


async def holder_of(conn: AsyncConnection, e164: str) -> NumberView | None:
    """The holding that carries calls on this E.164: one not released if any (the newest
    claim), else the most recently released one."""
    row = (await conn.execute(_HOLDER_OF, {"e164": e164})).first()
    return _view(row) if row is not None else None


def _values(view: NumberView) -> dict[str, Any]:
    return {
        "tenant_number_id": view.tenant_number_id,
        "workspace_id": view.workspace_id,
        "e164": view.e164,
        "status": view.status,
        "allow_inbound": view.allow_inbound,
        "allow_outbound": view.allow_outbound,
        "inbound_per_min_minor": view.inbound_per_min_minor,
        "outbound_per_min_minor": view.outbound_per_min_minor,
        "disabled": view.disabled,
        "livemode": view.livemode,
        "status_changed_at": view.status_changed_at,
        "settings_changed_at": view.settings_changed_at,
    }


async def insert_number_if_absent(conn: AsyncConnection, view: NumberView) -> bool:
    result = await conn.execute(
        insert(call_numbers)
        .values(**_values(view))
        .on_conflict_do_nothing()
        .returning(c.tenant_number_id)
    )
    return result.first() is not None


async def store_refreshed_number(conn: AsyncConnection, view: NumberView) -> None:
    """Writes the state just read from inventory (the truth as of now), keeping the latest
    event times seen so that older events still look old."""
    statement = insert(call_numbers).values(**_values(view), refreshed_at=func.clock_timestamp())
    excluded = statement.excluded
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=[c.tenant_number_id],
            set_={
                "status": excluded.status,
                "allow_inbound": excluded.allow_inbound,
                "allow_outbound": excluded.allow_outbound,
                "inbound_per_min_minor": excluded.inbound_per_min_minor,
                "outbound_per_min_minor": excluded.outbound_per_min_minor,
                "disabled": excluded.disabled,
                "livemode": excluded.livemode,
                "e164": excluded.e164,
                "status_changed_at": func.greatest(c.status_changed_at, excluded.status_changed_at),
                "settings_changed_at": func.greatest(
                    c.settings_changed_at, excluded.settings_changed_at
                ),
                "refreshed_at": func.clock_timestamp(),
                "updated_at": func.clock_timestamp(),
            },
        )
    )


async def set_number_status(
    conn: AsyncConnection,
    *,
    tenant_number_id: uuid.UUID,
    from_status: NumberStatus,
    to_status: NumberStatus,
    at: datetime,
) -> bool:
    """One status step, only from the expected status and never back in time."""
    result = await conn.execute(
        update(call_numbers)
        .where(
            c.tenant_number_id == tenant_number_id,
            c.status == from_status.value,
            c.status_changed_at <= at,
        )
        .values(status=to_status.value, status_changed_at=at, updated_at=func.clock_timestamp())
    )
    return bool(result.rowcount)


async def set_number_settings(
    conn: AsyncConnection,
    *,
    tenant_number_id: uuid.UUID,
    allow_inbound: bool,
    allow_outbound: bool,
    disabled: bool,
    at: datetime,
) -> bool:
    result = await conn.execute(
        update(call_numbers)
        .where(
            c.tenant_number_id == tenant_number_id,
            c.status != NumberStatus.RELEASED.value,
            c.settings_changed_at <= at,
        )
        .values(
            allow_inbound=allow_inbound,
            allow_outbound=allow_outbound,
            disabled=disabled,
            settings_changed_at=at,
            updated_at=func.clock_timestamp(),
        )
    )
    return bool(result.rowcount)


async def mark_number_released(conn: AsyncConnection, view: NumberView) -> None:
    """Released is final, whatever was known before (or nothing)."""
    statement = insert(call_numbers).values(**_values(view))
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=[c.tenant_number_id],
            set_={
                "status": NumberStatus.RELEASED.value,
                "status_changed_at": func.greatest(
                    c.status_changed_at, statement.excluded.status_changed_at
                ),
                "updated_at": func.clock_timestamp(),
            },
        )
    )
