"""Tables of the routing schema and the queries on them (SQLAlchemy Core). A routing row is
both the number's URLs and this context's view of the holding (status, settings); a released
holding stays as a tombstone without URLs so late events cannot revive it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    Row,
    Table,
    Text,
    cast,
    false,
    func,
    literal,
    select,
    text,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.outbox import outbox_table, processed_events_table
from services.routing.domain import NumberStatus, NumberView

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
    Column("disabled", Boolean, nullable=False, server_default=false()),
    # False for a test-pool number (test mode), from the numbers.* events.
    Column("livemode", Boolean, nullable=False, server_default=true()),
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


r = routings.c

# Namespace of this context's advisory locks (the first key of pg_advisory_xact_lock(int, int)).
_NUMBER_LOCK_SPACE = 0x524F5554  # "ROUT"


@dataclass(frozen=True)
class RoutingRow:
    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    voice_callback_url: str | None
    events_url: str | None
    updated_at: datetime
    status: str
    allow_inbound: bool
    allow_outbound: bool
    disabled: bool = False
    livemode: bool = True


def _routing(row: Row[Any]) -> RoutingRow:
    return RoutingRow(
        tenant_number_id=row.tenant_number_id,
        workspace_id=row.workspace_id,
        e164=row.e164,
        voice_callback_url=row.voice_callback_url,
        events_url=row.events_url,
        updated_at=row.updated_at,
        status=row.status,
        allow_inbound=row.allow_inbound,
        allow_outbound=row.allow_outbound,
        disabled=row.disabled,
        livemode=row.livemode,
    )


def _view(row: Row[Any]) -> NumberView:
    return NumberView(
        tenant_number_id=row.tenant_number_id,
        workspace_id=row.workspace_id,
        e164=row.e164,
        status=row.status,
        allow_inbound=row.allow_inbound,
        allow_outbound=row.allow_outbound,
        disabled=row.disabled,
        livemode=row.livemode,
        status_changed_at=row.status_changed_at,
        settings_changed_at=row.settings_changed_at,
        held_since=row.held_since,
        status_reason=row.status_reason,
    )


async def lock_number(conn: AsyncConnection, tenant_number_id: uuid.UUID) -> None:
    """Serialises, until commit, every transaction that changes the view of one number (the
    row may not exist yet, so a row lock cannot do it)."""
    key = int.from_bytes(tenant_number_id.bytes[12:], "big", signed=True)
    await conn.execute(
        select(
            func.pg_advisory_xact_lock(
                cast(literal(_NUMBER_LOCK_SPACE), Integer), cast(literal(key), Integer)
            )
        )
    )


async def find_view(conn: AsyncConnection, tenant_number_id: uuid.UUID) -> NumberView | None:
    row = (
        await conn.execute(select(routings).where(r.tenant_number_id == tenant_number_id))
    ).first()
    return _view(row) if row is not None else None


def _values(view: NumberView) -> dict[str, Any]:
    return {
        "tenant_number_id": view.tenant_number_id,
        "workspace_id": view.workspace_id,
        "e164": view.e164,
        "status": view.status,
        "allow_inbound": view.allow_inbound,
        "allow_outbound": view.allow_outbound,
        "disabled": view.disabled,
        "livemode": view.livemode,
        "status_changed_at": view.status_changed_at,
        "settings_changed_at": view.settings_changed_at,
        "held_since": view.held_since,
        "status_reason": view.status_reason,
    }


async def insert_claimed(conn: AsyncConnection, view: NumberView) -> None:
    """A new holding with an empty routing. Already known (from a re-read or a release) wins,
    except that the claim's own time is when the holding began (a re-read's claimed_at may
    differ slightly; the claim event always has the last word, whatever the order)."""
    statement = insert(routings).values(**_values(view))
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=[r.tenant_number_id],
            set_={"held_since": statement.excluded.held_since},
        )
    )


async def store_refreshed(conn: AsyncConnection, view: NumberView) -> None:
    """Writes the state just read from inventory (the truth as of now), keeping the latest
    event times seen so that older events still look old. Released clears the URLs."""
    statement = insert(routings).values(**_values(view), refreshed_at=func.clock_timestamp())
    excluded = statement.excluded
    released = view.status == NumberStatus.RELEASED
    changes: dict[str, Any] = {
        "status": excluded.status,
        "status_reason": excluded.status_reason,
        "allow_inbound": excluded.allow_inbound,
        "allow_outbound": excluded.allow_outbound,
        "disabled": excluded.disabled,
        "livemode": excluded.livemode,
        "e164": excluded.e164,
        "held_since": func.coalesce(r.held_since, excluded.held_since),
        "status_changed_at": func.greatest(r.status_changed_at, excluded.status_changed_at),
        "settings_changed_at": func.greatest(r.settings_changed_at, excluded.settings_changed_at),
        "refreshed_at": func.clock_timestamp(),
        "updated_at": func.clock_timestamp(),
    }
    if released:
        changes |= {"voice_callback_url": None, "events_url": None}
    await conn.execute(
        statement.on_conflict_do_update(index_elements=[r.tenant_number_id], set_=changes)
    )


async def set_status(
    conn: AsyncConnection,
    *,
    tenant_number_id: uuid.UUID,
    from_status: NumberStatus,
    to_status: NumberStatus,
    at: datetime,
    reason: str | None,
) -> bool:
    """One status step, only from the expected status and never back in time."""
    result = await conn.execute(
        update(routings)
        .where(
            r.tenant_number_id == tenant_number_id,
            r.status == from_status.value,
            r.status_changed_at <= at,
        )
        .values(
            status=to_status.value,
            status_reason=reason,
            status_changed_at=at,
            updated_at=func.clock_timestamp(),
        )
    )
    return bool(result.rowcount)


async def set_settings(
    conn: AsyncConnection,
    *,
    tenant_number_id: uuid.UUID,
    allow_inbound: bool,
    allow_outbound: bool,
    disabled: bool,
    at: datetime,
) -> bool:
    result = await conn.execute(
        update(routings)
        .where(
            r.tenant_number_id == tenant_number_id,
            r.status != NumberStatus.RELEASED.value,
            r.settings_changed_at <= at,
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


async def mark_released(conn: AsyncConnection, view: NumberView) -> None:
    """Released is final, whatever was known before (or nothing): the URLs go with it."""
    statement = insert(routings).values(**(_values(view) | {"status": NumberStatus.RELEASED.value}))
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=[r.tenant_number_id],
            set_={
                "status": NumberStatus.RELEASED.value,
                "status_reason": None,
                "allow_inbound": False,
                "allow_outbound": False,
                "voice_callback_url": None,
                "events_url": None,
                "status_changed_at": func.greatest(
                    r.status_changed_at, statement.excluded.status_changed_at
                ),
                "updated_at": func.clock_timestamp(),
            },
        )
    )


async def get_routing(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, tenant_number_id: uuid.UUID
) -> RoutingRow | None:
    row = (
        await conn.execute(
            select(routings).where(
                r.tenant_number_id == tenant_number_id, r.workspace_id == workspace_id
            )
        )
    ).first()
    return _routing(row) if row is not None else None


async def update_urls(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID,
    tenant_number_id: uuid.UUID,
    changes: dict[str, str | None],
) -> RoutingRow | None:
    """Sets or clears URLs in one conditional statement: only the workspace's own holding, and
    never a released one. None when no row qualified."""
    row = (
        await conn.execute(
            update(routings)
            .where(
                r.tenant_number_id == tenant_number_id,
                r.workspace_id == workspace_id,
                r.status != NumberStatus.RELEASED.value,
            )
            .values(**changes, updated_at=func.clock_timestamp())
            .returning(*routings.c)
        )
    ).first()
    return _routing(row) if row is not None else None


async def resolve(conn: AsyncConnection, e164: str) -> RoutingRow | None:
    """The current holding of a number: a non-released one (the newest, should a release not be
    heard yet), else the most recently released."""
    current = (
        await conn.execute(
            select(routings)
            .where(r.e164 == e164, r.status != NumberStatus.RELEASED.value)
            .order_by(r.held_since.desc().nulls_last(), r.status_changed_at.desc())
            .limit(1)
        )
    ).first()
    if current is not None:
        return _routing(current)
    released = (
        await conn.execute(
            select(routings).where(r.e164 == e164).order_by(r.status_changed_at.desc()).limit(1)
        )
    ).first()
    return _routing(released) if released is not None else None
