"""Tables and queries of number orders (SQLAlchemy Core). Every status change is one
conditional UPDATE on the order's current status: the database decides every race. The
number's hold lives in hold_repository.py, sealed values and documents in sealed_repository.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import CHAR, UUID
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.sealing import Sealed
from services.inventory.orders.domain import OrderStatus
from services.inventory.repository import metadata, numbers

requirement_versions = Table(
    "order_requirement_versions",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("document", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

number_orders = Table(
    "number_orders",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("number_id", UUID(as_uuid=True), ForeignKey(numbers.c.id), nullable=False),
    Column("e164", Text, nullable=False),
    Column("country", CHAR(2), nullable=False),
    Column("number_type", Text, nullable=False),
    Column("claim_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("status", Text, nullable=False),
    Column("status_reason", Text, nullable=False),
    Column("registration_type", Text),
    Column("requirements_version", Integer, nullable=False),
    Column("monthly_price_minor", BigInteger, nullable=False),
    Column("currency", CHAR(3), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),
    Column("reviewer_note", Text),
    Column("version", BigInteger, nullable=False, server_default="1"),
    Column("tenant_number_id", UUID(as_uuid=True)),
    Column("data_key_id", Text),
    Column("data_key_nonce", LargeBinary),
    Column("data_key_sealed", LargeBinary),
    Column("erase_after", DateTime(timezone=True)),
    Column("erased_at", DateTime(timezone=True)),
    # One open order per number, whatever the code does.
    Index(
        "uq_number_orders_open_number",
        "number_id",
        unique=True,
        postgresql_where=text("status IN ('draft', 'submitted', 'in_review')"),
    ),
    Index("ix_number_orders_workspace", "workspace_id", text("created_at DESC"), text("id DESC")),
    Index(
        "ix_number_orders_hold_ends",
        "expires_at",
        postgresql_where=text("status IN ('draft', 'submitted')"),
    ),
    Index(
        "ix_number_orders_erase_after",
        "erase_after",
        postgresql_where=text("erased_at IS NULL AND erase_after IS NOT NULL"),
    ),
)

registration_values = Table(
    "order_registration_values",
    metadata,
    Column(
        "order_id",
        UUID(as_uuid=True),
        ForeignKey(number_orders.c.id, ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("name", Text, primary_key=True),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
)

attachments = Table(
    "order_attachments",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column(
        "order_id",
        UUID(as_uuid=True),
        ForeignKey(number_orders.c.id, ondelete="CASCADE"),
        nullable=False,
    ),
    Column("document_type", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("nonce", LargeBinary, nullable=False),
    Column("ciphertext", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_inventory_order_attachments_order_id", "order_id"),
)

o = number_orders.c
n = numbers.c


@dataclass(frozen=True)
class OrderRow:
    id: uuid.UUID
    workspace_id: uuid.UUID
    number_id: uuid.UUID
    e164: str
    country: str
    number_type: str
    claim_id: uuid.UUID
    status: str
    status_reason: str
    registration_type: str | None
    requirements_version: int
    monthly_price_minor: int
    currency: str
    expires_at: datetime
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    ended_at: datetime | None
    reviewer_note: str | None
    version: int
    tenant_number_id: uuid.UUID | None
    data_key_id: str | None
    data_key_nonce: bytes | None
    data_key_sealed: bytes | None
    erase_after: datetime | None
    erased_at: datetime | None

    @property
    def sealed_data_key(self) -> Sealed | None:
        if self.data_key_id is None or self.data_key_nonce is None or self.data_key_sealed is None:
            return None
        return Sealed(self.data_key_id, self.data_key_nonce, self.data_key_sealed)


@dataclass(frozen=True)
class AttachmentRow:
    id: uuid.UUID
    order_id: uuid.UUID
    document_type: str
    content_type: str
    size_bytes: int
    created_at: datetime


# --- Requirements ------------------------------------------------------------------------


async def current_requirements(conn: AsyncConnection) -> tuple[int, str] | None:
    row = (
        await conn.execute(
            select(requirement_versions.c.version, requirement_versions.c.document)
            .order_by(requirement_versions.c.version.desc())
            .limit(1)
        )
    ).first()
    return (row.version, row.document) if row else None


async def insert_requirements(
    conn: AsyncConnection, *, version: int, document: str, source: str
) -> bool:
    """Stores a version only if it is newer than every stored one (one statement: two
    concurrent loads cannot both win); False otherwise."""
    result = await conn.execute(
        text(
            "INSERT INTO inventory.order_requirement_versions (version, document, source)"
            " SELECT :version, :document, :source WHERE :version >"
            " (SELECT coalesce(max(version), 0) FROM inventory.order_requirement_versions)"
            " ON CONFLICT (version) DO NOTHING"
        ),
        {"version": version, "document": document, "source": source},
    )
    return bool(result.rowcount)


# --- Orders ------------------------------------------------------------------------------


async def insert_order(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(insert(number_orders).values(**values))


async def find_order(
    conn: AsyncConnection,
    *,
    order_id: uuid.UUID,
    workspace_id: uuid.UUID | None,
    for_update: bool = False,
) -> OrderRow | None:
    """workspace_id None: operator (any workspace)."""
    query = select(number_orders).where(o.id == order_id)
    if workspace_id is not None:
        query = query.where(o.workspace_id == workspace_id)
    if for_update:
        query = query.with_for_update()
    row = (await conn.execute(query)).first()
    return OrderRow(**row._mapping) if row else None


async def list_orders(
    conn: AsyncConnection,
    *,
    workspace_id: uuid.UUID | None,
    status: OrderStatus | None,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[OrderRow]:
    query = select(number_orders)
    if workspace_id is not None:
        query = query.where(o.workspace_id == workspace_id)
    if status is not None:
        query = query.where(o.status == status.value)
    if before is not None:
        query = query.where(
            or_(o.created_at < before[0], and_(o.created_at == before[0], o.id < before[1]))
        )
    query = query.order_by(o.created_at.desc(), o.id.desc()).limit(limit + 1)
    return [OrderRow(**row._mapping) for row in await conn.execute(query)]


async def change_status(
    conn: AsyncConnection,
    *,
    order_id: uuid.UUID,
    from_statuses: Sequence[OrderStatus],
    to: OrderStatus,
    reason: str,
    now: datetime,
    extra: dict[str, Any] | None = None,
) -> OrderRow | None:
    """One transition, only from the given statuses; the order after it, or None."""
    values: dict[str, Any] = {
        "status": to.value,
        "status_reason": reason,
        "updated_at": now,
        "version": o.version + 1,
        **(extra or {}),
    }
    row = (
        await conn.execute(
            update(number_orders)
            .where(o.id == order_id, o.status.in_([s.value for s in from_statuses]))
            .values(**values)
            .returning(*number_orders.c)
        )
    ).first()
    return OrderRow(**row._mapping) if row else None


async def touch(
    conn: AsyncConnection, *, order_id: uuid.UUID, now: datetime, **values: Any
) -> OrderRow:
    """A change that keeps the status (registration, documents, notes): a new version."""
    row = (
        await conn.execute(
            update(number_orders)
            .where(o.id == order_id)
            .values(updated_at=now, version=o.version + 1, **values)
            .returning(*number_orders.c)
        )
    ).one()
    return OrderRow(**row._mapping)


async def hold_ended(conn: AsyncConnection, *, now: datetime, limit: int) -> list[OrderRow]:
    """Draft and submitted orders whose hold is over, locked; rows another sweeper holds are
    skipped (replicas share the work)."""
    query = (
        select(number_orders)
        .where(
            o.status.in_([OrderStatus.DRAFT.value, OrderStatus.SUBMITTED.value]),
            o.expires_at <= now,
        )
        .order_by(o.expires_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return [OrderRow(**row._mapping) for row in await conn.execute(query)]


async def shred_due(conn: AsyncConnection, *, now: datetime, limit: int) -> list[uuid.UUID]:
    """Crypto-shreds orders whose retention is over: drops the sealed data key, the sealed
    values and documents, in one statement per table; returns the orders shredded."""
    due = (
        select(o.id)
        .where(o.erased_at.is_(None), o.erase_after.is_not(None), o.erase_after <= now)
        .order_by(o.erase_after)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    rows = await conn.execute(
        update(number_orders)
        .where(o.id.in_(select(due.c.id)))
        .values(
            data_key_id=None,
            data_key_nonce=None,
            data_key_sealed=None,
            erased_at=now,
            updated_at=now,
            version=o.version + 1,
        )
        .returning(o.id)
    )
    ids = [row.id for row in rows]
    if ids:
        await conn.execute(
            delete(registration_values).where(registration_values.c.order_id.in_(ids))
        )
        await conn.execute(delete(attachments).where(attachments.c.order_id.in_(ids)))
    return ids


async def awaiting_payment(conn: AsyncConnection, *, workspace_id: uuid.UUID) -> list[uuid.UUID]:
    """The workspace's approved orders whose first month could not be paid yet."""
    rows = await conn.execute(
        select(o.id)
        .where(
            o.workspace_id == workspace_id,
            o.status == OrderStatus.SUBMITTED.value,
            o.status_reason == "payment_refused",
        )
        .order_by(o.submitted_at, o.id)
    )
    return [row.id for row in rows]
