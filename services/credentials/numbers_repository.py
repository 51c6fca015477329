"""Queries on this context's view of tenant numbers (`tenant_numbers`), and the per-number
lock that serialises changes to it with credential issuing."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, Row, cast, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.credentials.domain import NumberStatus, NumberView
from services.credentials.repository import tenant_numbers

n = tenant_numbers.c

# Namespace of this context's advisory locks (the first key of pg_advisory_xact_lock(int, int)).
_NUMBER_LOCK_SPACE = 0x43524544  # "CRED"


async def lock_number(conn: AsyncConnection, tenant_number_id: uuid.UUID) -> None:
    """Serialises, until commit, every transaction that changes credentials en masse or the
    view of one number: issuing a credential and the number's release cannot interleave."""
    key = int.from_bytes(tenant_number_id.bytes[12:], "big", signed=True)
    await conn.execute(
        select(
            func.pg_advisory_xact_lock(
                cast(literal(_NUMBER_LOCK_SPACE), Integer), cast(literal(key), Integer)
            )
        )
    )


def _number_view(row: Row[Any]) -> NumberView:
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
    )


async def find_number(conn: AsyncConnection, tenant_number_id: uuid.UUID) -> NumberView | None:
    row = (
        await conn.execute(select(tenant_numbers).where(n.tenant_number_id == tenant_number_id))
    ).first()
    return _number_view(row) if row is not None else None


async def insert_number_if_absent(conn: AsyncConnection, view: NumberView) -> bool:
    result = await conn.execute(
        insert(tenant_numbers)
        .values(
            tenant_number_id=view.tenant_number_id,
            workspace_id=view.workspace_id,
            e164=view.e164,
            status=view.status,
            allow_inbound=view.allow_inbound,
            allow_outbound=view.allow_outbound,
            disabled=view.disabled,
            livemode=view.livemode,
            status_changed_at=view.status_changed_at,
            settings_changed_at=view.settings_changed_at,
        )
        .on_conflict_do_nothing()
        .returning(n.tenant_number_id)
    )
    return result.first() is not None


async def store_refreshed_number(conn: AsyncConnection, view: NumberView) -> None:
    """Writes the state just read from inventory (the truth as of now), keeping the latest
    event times seen so that older events still look old."""
    statement = insert(tenant_numbers).values(
        tenant_number_id=view.tenant_number_id,
        workspace_id=view.workspace_id,
        e164=view.e164,
        status=view.status,
        allow_inbound=view.allow_inbound,
        allow_outbound=view.allow_outbound,
        disabled=view.disabled,
        livemode=view.livemode,
        status_changed_at=view.status_changed_at,
        settings_changed_at=view.settings_changed_at,
        refreshed_at=func.clock_timestamp(),
    )
    excluded = statement.excluded
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=[n.tenant_number_id],
            set_={
                "status": excluded.status,
                "allow_inbound": excluded.allow_inbound,
                "allow_outbound": excluded.allow_outbound,
                "disabled": excluded.disabled,
                "livemode": excluded.livemode,
                "e164": excluded.e164,
                "status_changed_at": func.greatest(n.status_changed_at, excluded.status_changed_at),
                "settings_changed_at": func.greatest(
                    n.settings_changed_at, excluded.settings_changed_at
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
        update(tenant_numbers)
        .where(
            n.tenant_number_id == tenant_number_id,
            n.status == from_status.value,
            n.status_changed_at <= at,
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
        update(tenant_numbers)
        .where(
            n.tenant_number_id == tenant_number_id,
            n.status != NumberStatus.RELEASED.value,
            n.settings_changed_at <= at,
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
    statement = insert(tenant_numbers).values(
        tenant_number_id=view.tenant_number_id,
        workspace_id=view.workspace_id,
        e164=view.e164,
        status=NumberStatus.RELEASED.value,
        allow_inbound=view.allow_inbound,
        allow_outbound=view.allow_outbound,
        livemode=view.livemode,
        status_changed_at=view.status_changed_at,
        settings_changed_at=view.settings_changed_at,
    )
    await conn.execute(
        statement.on_conflict_do_update(
            index_elements=[n.tenant_number_id],
            set_={
                "status": NumberStatus.RELEASED.value,
                "status_changed_at": func.greatest(
                    n.status_changed_at, statement.excluded.status_changed_at
                ),
                "updated_at": func.clock_timestamp(),
            },
        )
    )
