"""Operator administration of API keys: list, revoke, rotate (admin gRPC, `sautikit api-key`).

A revocation is announced with PostgreSQL NOTIFY on `REVOCATION_CHANNEL` in the revoking
transaction, so it is delivered exactly when it commits; every gateway replica listens
(key_revocations.py) and drops the key from its authentication cache at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.api_keys import issue_key
from gateway.repository import api_keys, insert_api_key
from platform_common.errors import NotFound
from platform_common.ids import new_id
from platform_common.uow import UnitOfWork

REVOCATION_CHANNEL = "gateway_api_key_revoked"
k = api_keys.c


class ApiKeyNotFound(NotFound):
    default_code = "api_key_not_found"


@dataclass(frozen=True)
class ApiKeyInfo:
    """A key as operators see it: never its secret or hash."""

    id: uuid.UUID
    workspace_id: uuid.UUID
    key_prefix: str
    mode: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


@dataclass(frozen=True)
class RotatedKey:
    key: str  # shown once
    issued: ApiKeyInfo
    revoked: ApiKeyInfo


_INFO_COLUMNS = (
    k.id,
    k.workspace_id,
    k.key_prefix,
    k.mode,
    k.created_at,
    k.revoked_at,
    k.last_used_at,
)


def _info(row) -> ApiKeyInfo:  # type: ignore[no-untyped-def]
    return ApiKeyInfo(**{c.name: getattr(row, c.name) for c in _INFO_COLUMNS})


async def list_api_keys(*, uow: UnitOfWork, workspace_id: uuid.UUID) -> list[ApiKeyInfo]:
    async with uow.one_statement():
        rows = await uow.conn.execute(
            select(*_INFO_COLUMNS)
            .where(k.workspace_id == workspace_id)
            .order_by(k.created_at.desc(), k.id.desc())
        )
        return [_info(row) for row in rows]


async def _revoke(conn: AsyncConnection, workspace_id: uuid.UUID, key_id: uuid.UUID) -> ApiKeyInfo:
    """Revokes (once: a second revoke keeps the first time) and announces it on commit."""
    row = (
        await conn.execute(
            update(api_keys)
            .where(k.id == key_id, k.workspace_id == workspace_id)
            .values(revoked_at=func.coalesce(k.revoked_at, func.now()))
            .returning(*_INFO_COLUMNS, k.key_hash)
        )
    ).first()
    if row is None:
        raise ApiKeyNotFound("no such API key in this workspace")
    await conn.execute(
        text("SELECT pg_notify(:channel, :key_hash)"),
        {"channel": REVOCATION_CHANNEL, "key_hash": row.key_hash.strip()},
    )
    return _info(row)


async def revoke_api_key(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, key_id: uuid.UUID
) -> ApiKeyInfo:
    async with uow:
        revoked = await _revoke(uow.conn, workspace_id, key_id)
        await uow.commit()
    return revoked


async def rotate_api_key(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, key_id: uuid.UUID
) -> RotatedKey:
    """A new key of the same mode; the old one revoked in the same transaction."""
    async with uow:
        revoked = await _revoke(uow.conn, workspace_id, key_id)
        issued = issue_key(revoked.mode)
        row = await insert_api_key(
            uow.conn,
            key_id=new_id(),
            workspace_id=workspace_id,
            key_hash=issued.key_hash,
            key_prefix=issued.key_prefix,
            mode=issued.mode,
        )
        assert row is not None  # the workspace exists: it holds the revoked key
        await uow.commit()
    return RotatedKey(
        key=issued.key,
        issued=ApiKeyInfo(
            id=row.id,
            workspace_id=row.workspace_id,
            key_prefix=row.key_prefix,
            mode=row.mode,
            created_at=row.created_at,
            revoked_at=None,
            last_used_at=None,
        ),
        revoked=revoked,
    )
