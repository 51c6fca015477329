"""Customers manage their own API keys (the console's API-keys page, or any owner/developer
key): create (the key shown once), list active keys by prefix and last use, revoke. Keys
belong to the workspace W whatever the request's mode; revocation is the operator's
(key_admin.py), so it reaches every replica's cache the same way."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway import key_admin, repository
from gateway.api_keys import issue_key
from gateway.problems import ApiProblem
from platform_common.ids import new_id, parse_uuid
from platform_common.paging import decode_token, encode_token
from platform_common.uow import unit_of_work_factory

k = repository.api_keys.c
MAX_NAME_CHARS = 100


@dataclass(frozen=True)
class CustomerKey:
    id: uuid.UUID
    prefix: str
    mode: str
    name: str | None
    created_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class KeyPage:
    data: list[CustomerKey]
    next_cursor: str | None


API_KEY_NOT_FOUND = ApiProblem(404, "api_key_not_found", "No such API key in this workspace")


def clean_key_name(name: str | None) -> str | None:
    if name is None:
        return None
    cleaned = name.strip()
    if not cleaned.isprintable():
        raise ApiProblem(400, "validation_failed", "name: must not contain control characters")
    return cleaned or None


async def create_key(
    *, engine: AsyncEngine, workspace_id: uuid.UUID, mode: str, name: str | None
) -> tuple[CustomerKey, str]:
    """The new key's row and the key itself (for the response only)."""
    issued = issue_key(mode)
    async with engine.begin() as conn:
        row = await repository.insert_api_key(
            conn,
            key_id=new_id(),
            workspace_id=workspace_id,
            key_hash=issued.key_hash,
            key_prefix=issued.key_prefix,
            mode=issued.mode,
            name=clean_key_name(name),
        )
    assert row is not None  # the principal's workspace exists
    key = CustomerKey(row.id, row.key_prefix, row.mode, row.name, row.created_at, None)
    return key, issued.key


async def list_keys(
    *, engine: AsyncEngine, workspace_id: uuid.UUID, limit: int, cursor: str | None
) -> KeyPage:
    """Active keys, newest first (UUIDv7 ids are time-ordered, so the id is the position)."""
    statement = (
        select(k.id, k.key_prefix, k.mode, k.name, k.created_at, k.last_used_at)
        .where(k.workspace_id == workspace_id, k.revoked_at.is_(None))
        .order_by(k.id.desc())
        .limit(limit + 1)
    )
    if cursor:
        after = parse_uuid(decode_token(cursor) or "")
        if after is None:
            raise ApiProblem(400, "validation_failed", "cursor: is not a cursor this API returned")
        statement = statement.where(k.id < after)
    async with engine.connect() as conn:
        rows = list(await conn.execute(statement))
    keys = [
        CustomerKey(r.id, r.key_prefix, r.mode, r.name, r.created_at, r.last_used_at)
        for r in rows[:limit]
    ]
    more = len(rows) > limit
    return KeyPage(keys, encode_token(str(keys[-1].id)) if more and keys else None)


async def revoke_key(*, engine: AsyncEngine, workspace_id: uuid.UUID, key_id: str) -> None:
    """Another workspace's key (or no key) is 404, as the rest of the API answers."""
    parsed = parse_uuid(key_id)
    if parsed is None:
        raise API_KEY_NOT_FOUND
    try:
        await key_admin.revoke_api_key(
            uow=unit_of_work_factory(engine, repository.outbox)(),
            workspace_id=workspace_id,
            key_id=parsed,
        )
    except key_admin.ApiKeyNotFound:
        raise API_KEY_NOT_FOUND from None
