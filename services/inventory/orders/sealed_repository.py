"""Storage of an order's sealed personal data: registration values and documents (always
sealed by personal_data.OrderDataBox before they get here)."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.inventory.orders.personal_data import SealedValue
from services.inventory.orders.repository import AttachmentRow, attachments, registration_values


async def sealed_values(conn: AsyncConnection, order_id: uuid.UUID) -> dict[str, SealedValue]:
    rows = await conn.execute(
        select(registration_values).where(registration_values.c.order_id == order_id)
    )
    return {row.name: SealedValue(row.nonce, row.ciphertext) for row in rows}


async def put_values(
    conn: AsyncConnection, order_id: uuid.UUID, values: dict[str, SealedValue | None]
) -> None:
    """Upserts sealed values; None removes one."""
    removed = [name for name, value in values.items() if value is None]
    if removed:
        await conn.execute(
            delete(registration_values).where(
                registration_values.c.order_id == order_id, registration_values.c.name.in_(removed)
            )
        )
    for name, value in values.items():
        if value is None:
            continue
        statement = pg_insert(registration_values).values(
            order_id=order_id, name=name, nonce=value.nonce, ciphertext=value.ciphertext
        )
        await conn.execute(
            statement.on_conflict_do_update(
                index_elements=["order_id", "name"],
                set_={
                    "nonce": statement.excluded.nonce,
                    "ciphertext": statement.excluded.ciphertext,
                },
            )
        )


async def list_attachments(conn: AsyncConnection, order_id: uuid.UUID) -> list[AttachmentRow]:
    a = attachments.c
    rows = await conn.execute(
        select(a.id, a.order_id, a.document_type, a.content_type, a.size_bytes, a.created_at)
        .where(a.order_id == order_id)
        .order_by(a.created_at, a.id)
    )
    return [AttachmentRow(**row._mapping) for row in rows]


async def insert_attachment(conn: AsyncConnection, row: AttachmentRow, sealed: SealedValue) -> None:
    await conn.execute(
        insert(attachments).values(
            id=row.id,
            order_id=row.order_id,
            document_type=row.document_type,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            nonce=sealed.nonce,
            ciphertext=sealed.ciphertext,
            created_at=row.created_at,
        )
    )
