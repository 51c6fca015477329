"""The workspace's webhook signing secret: created on first need, rotated on request, kept
sealed at rest. Which secrets sign a request is decided here.

Rules: a workspace has at most one current secret (valid_until NULL, a partial unique index).
A rotation gives the current one `valid_until = now + overlap` (24 h) and ends any older
overlap at once, so at most two secrets sign, and a second rotation drops the oldest
(the way to get rid of a leaked secret quickly). Creating and rotating for one workspace is
serialised by a transaction-scoped advisory lock.

A secret created on first need (the first delivery or voice callback of a workspace that never
rotated) is never shown: the customer gets a secret by calling POST /v1/webhook-secret/rotate,
whose answer is the only place any secret appears.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.ids import new_id
from services.routing.deliveries.secret_box import Sealed, SecretBox, new_secret_bytes
from services.routing.deliveries.tables import signing_secrets

OVERLAP = timedelta(hours=24)


@dataclass(frozen=True)
class Rotation:
    secret: bytes
    created_at: datetime
    previous_valid_until: datetime | None


async def _lock_workspace(conn: AsyncConnection, workspace_id: uuid.UUID) -> None:
    key = f"routing.signing_secrets:{workspace_id}"
    await conn.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))


async def _insert_current(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, secret: bytes, now: datetime, box: SecretBox
) -> bool:
    sealed = box.seal(secret, workspace_id=workspace_id)
    inserted = await conn.execute(
        insert(signing_secrets)
        .values(
            id=new_id(),
            workspace_id=workspace_id,
            key_id=sealed.key_id,
            nonce=sealed.nonce,
            ciphertext=sealed.ciphertext,
            created_at=now,
        )
        .on_conflict_do_nothing(
            index_elements=["workspace_id"], index_where=text("valid_until IS NULL")
        )
        .returning(signing_secrets.c.id)
    )
    return inserted.first() is not None


async def secrets_in_force(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, now: datetime, box: SecretBox
) -> list[bytes]:
    """Every secret that signs a request sent now, the current one first; creates the
    workspace's first secret if it has none. Runs inside the caller's transaction."""
    s = signing_secrets.c
    query = (
        select(s.key_id, s.nonce, s.ciphertext, s.valid_until)
        .where(s.workspace_id == workspace_id, or_(s.valid_until.is_(None), s.valid_until > now))
        .order_by(s.valid_until.desc().nulls_first())
    )
    rows = (await conn.execute(query)).all()
    if not rows:
        await _lock_workspace(conn, workspace_id)
        await _insert_current(
            conn, workspace_id=workspace_id, secret=new_secret_bytes(), now=now, box=box
        )
        rows = (await conn.execute(query)).all()
    return [
        box.open(Sealed(r.key_id, r.nonce, r.ciphertext), workspace_id=workspace_id) for r in rows
    ]


async def rotate(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, now: datetime, box: SecretBox
) -> Rotation:
    """Makes a new current secret; the previous one signs beside it for OVERLAP."""
    s = signing_secrets.c
    await _lock_workspace(conn, workspace_id)
    await conn.execute(
        update(signing_secrets)
        .where(s.workspace_id == workspace_id, s.valid_until > now)
        .values(valid_until=now)
    )
    previous = (
        await conn.execute(
            update(signing_secrets)
            .where(s.workspace_id == workspace_id, s.valid_until.is_(None))
            .values(valid_until=now + OVERLAP)
            .returning(s.valid_until)
        )
    ).first()
    secret = new_secret_bytes()
    await _insert_current(conn, workspace_id=workspace_id, secret=secret, now=now, box=box)
    return Rotation(secret, now, previous.valid_until if previous else None)
