"""Tables of M-Pesa top-ups and their recorded callbacks, and the queries on them.

Every state change is a conditional UPDATE on `status = 'pending'`, so a top-up settles once
however many callbacks, queries and replicas race; the reconciler claims due top-ups with
`FOR UPDATE SKIP LOCKED` and pushes their `next_check_at` forward as a lease.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CHAR,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Row,
    Table,
    Text,
    UniqueConstraint,
    select,
    text,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncConnection

from services.wallet.repository import metadata
from services.wallet.topups.domain import Topup, TopupCursor, TopupStatus

topups = Table(
    "topups",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("status", Text, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", CHAR(3), nullable=False),
    Column("phone_masked", Text, nullable=False),
    Column("phone_digest", Text, nullable=False),
    Column("callback_token_digest", Text, nullable=False),
    Column("checkout_request_id", Text),
    Column("merchant_request_id", Text),
    Column("result_code", Integer),
    Column("result_description", Text),
    Column("mpesa_receipt_number", Text),
    Column("ledger_entry_id", UUID(as_uuid=True)),
    Column("next_check_at", DateTime(timezone=True), nullable=False),
    Column("check_attempts", Integer, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
    # False: a test-mode top-up, sent to the Daraja simulator (topups/daraja_modes.py).
    Column("livemode", Boolean, nullable=False, server_default=true()),
    CheckConstraint("status IN ('pending', 'succeeded', 'failed')", name="ck_topups_status"),
    CheckConstraint(
        "amount_minor > 0 AND amount_minor % 100 = 0", name="ck_topups_whole_shillings"
    ),
    CheckConstraint(
        "(status = 'succeeded') = (ledger_entry_id IS NOT NULL)",
        name="ck_topups_succeeded_iff_credited",
    ),
    CheckConstraint("(status = 'pending') = (completed_at IS NULL)", name="ck_topups_completed_at"),
    UniqueConstraint("callback_token_digest", name="uq_topups_callback_token_digest"),
    UniqueConstraint("checkout_request_id", name="uq_topups_checkout_request_id"),
    UniqueConstraint("ledger_entry_id", name="uq_topups_ledger_entry_id"),
)
Index(
    "ix_topups_workspace_newest",
    topups.c.workspace_id,
    topups.c.created_at.desc(),
    topups.c.id.desc(),
)
Index(
    "ix_topups_pending_due",
    topups.c.next_check_at,
    postgresql_where=text("status = 'pending'"),
)

topup_callbacks = Table(
    "topup_callbacks",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("topup_id", UUID(as_uuid=True), ForeignKey("wallet.topups.id"), nullable=False),
    Column("result_code", Integer),
    Column("result_description", Text),
    Column("amount_minor", BigInteger),
    Column("mpesa_receipt_number", Text),
    Column("matches_topup", Boolean, nullable=False),
    Column("body_sha256", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
)
Index("ix_topup_callbacks_topup", topup_callbacks.c.topup_id)

_PENDING = topups.c.status == TopupStatus.PENDING.value


def _topup(row: Row[Any]) -> Topup:
    return Topup(
        id=row.id,
        workspace_id=row.workspace_id,
        status=TopupStatus(row.status),
        amount_minor=row.amount_minor,
        currency=row.currency,
        phone_masked=row.phone_masked,
        phone_digest=row.phone_digest,
        checkout_request_id=row.checkout_request_id,
        result_code=row.result_code,
        result_description=row.result_description,
        mpesa_receipt_number=row.mpesa_receipt_number,
        created_at=row.created_at,
        completed_at=row.completed_at,
        livemode=row.livemode,
    )


async def insert_topup(conn: AsyncConnection, values: dict[str, Any]) -> Topup:
    row = (await conn.execute(topups.insert().values(**values).returning(topups))).one()
    return _topup(row)


async def set_checkout(
    conn: AsyncConnection, topup_id: uuid.UUID, *, checkout_request_id: str, merchant_id: str
) -> Topup | None:
    row = (
        await conn.execute(
            update(topups)
            .where(topups.c.id == topup_id, _PENDING, topups.c.checkout_request_id.is_(None))
            .values(checkout_request_id=checkout_request_id, merchant_request_id=merchant_id)
            .returning(topups)
        )
    ).first()
    return None if row is None else _topup(row)


async def mark_failed(
    conn: AsyncConnection,
    topup_id: uuid.UUID,
    *,
    result_code: int | None,
    result_description: str,
    now: datetime,
) -> bool:
    """PENDING -> FAILED; False when another party settled it first."""
    result = await conn.execute(
        update(topups)
        .where(topups.c.id == topup_id, _PENDING)
        .values(
            status=TopupStatus.FAILED.value,
            result_code=result_code,
            result_description=result_description,
            completed_at=now,
        )
    )
    return bool(result.rowcount)


async def mark_succeeded(
    conn: AsyncConnection,
    topup_id: uuid.UUID,
    *,
    ledger_entry_id: uuid.UUID,
    result_code: int,
    result_description: str | None,
    receipt: str | None,
    now: datetime,
) -> bool:
    """PENDING -> SUCCEEDED with the credit's ledger entry."""
    result = await conn.execute(
        update(topups)
        .where(topups.c.id == topup_id, _PENDING)
        .values(
            status=TopupStatus.SUCCEEDED.value,
            ledger_entry_id=ledger_entry_id,
            result_code=result_code,
            result_description=result_description,
            mpesa_receipt_number=receipt,
            completed_at=now,
        )
    )
    return bool(result.rowcount)


async def get_topup(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, topup_id: uuid.UUID
) -> Topup | None:
    row = (
        await conn.execute(
            select(topups).where(topups.c.id == topup_id, topups.c.workspace_id == workspace_id)
        )
    ).first()
    return None if row is None else _topup(row)


async def get_topup_by_id(conn: AsyncConnection, topup_id: uuid.UUID) -> Topup | None:
    row = (await conn.execute(select(topups).where(topups.c.id == topup_id))).first()
    return None if row is None else _topup(row)


async def find_by_token_digest(conn: AsyncConnection, digest: str) -> Topup | None:
    row = (
        await conn.execute(select(topups).where(topups.c.callback_token_digest == digest))
    ).first()
    return None if row is None else _topup(row)


async def list_topups(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, after: TopupCursor | None, limit: int
) -> list[Topup]:
    t = topups
    query = select(t).where(t.c.workspace_id == workspace_id)
    if after is not None:
        query = query.where(tuple_(t.c.created_at, t.c.id) < tuple_(after.at, after.id))
    query = query.order_by(t.c.created_at.desc(), t.c.id.desc()).limit(limit)
    return [_topup(row) for row in (await conn.execute(query)).all()]


async def record_callback(conn: AsyncConnection, values: dict[str, Any]) -> None:
    await conn.execute(topup_callbacks.insert().values(**values))


async def receipt_of_matching_callback(conn: AsyncConnection, topup_id: uuid.UUID) -> str | None:
    """The receipt of the latest success callback that matched the top-up, if any."""
    c = topup_callbacks
    return await conn.scalar(
        select(c.c.mpesa_receipt_number)
        .where(c.c.topup_id == topup_id, c.c.matches_topup, c.c.result_code == 0)
        .order_by(c.c.received_at.desc())
        .limit(1)
    )


async def check_now(conn: AsyncConnection, topup_id: uuid.UUID, *, now: datetime) -> None:
    """Makes a pending top-up due for the reconciler (a callback arrived)."""
    await conn.execute(
        update(topups)
        .where(topups.c.id == topup_id, _PENDING, topups.c.next_check_at > now)
        .values(next_check_at=now)
    )


async def claim_due(
    conn: AsyncConnection, *, now: datetime, lease_until: datetime, limit: int
) -> list[tuple[Topup, int]]:
    """Pending top-ups due for a query, leased to this caller until `lease_until`: replicas
    skip rows another one has locked, and the pushed `next_check_at` keeps them away after
    this transaction commits. Returns each top-up with its attempt number."""
    due = (
        select(topups.c.id)
        .where(_PENDING, topups.c.next_check_at <= now)
        .order_by(topups.c.next_check_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    rows = (
        await conn.execute(
            update(topups)
            .where(topups.c.id.in_(due))
            .values(next_check_at=lease_until, check_attempts=topups.c.check_attempts + 1)
            .returning(topups)
        )
    ).all()
    return [(_topup(row), row.check_attempts) for row in rows]


async def reschedule(conn: AsyncConnection, topup_id: uuid.UUID, *, at: datetime) -> None:
    await conn.execute(
        update(topups).where(topups.c.id == topup_id, _PENDING).values(next_check_at=at)
    )
