"""Queries of VerifyCredential: the one-round-trip lookup, failure counting (the throttle,
computed by the database so every replica agrees) and hash upgrades. Each is one statement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    bindparam,
    case,
    delete,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from services.credentials.domain import NumberView, ThrottlePolicy
from services.credentials.repository import (
    seconds_interval,
    sip_credentials,
    tenant_numbers,
    verify_failures,
)

c = sip_credentials.c
n = tenant_numbers.c
f = verify_failures.c

# --- Verification --------------------------------------------------------------------------


@dataclass(frozen=True)
class VerificationLookup:
    """Everything a verification needs, read in one round trip."""

    credential_id: uuid.UUID | None
    tenant_number_id: uuid.UUID | None
    workspace_id: uuid.UUID | None
    e164: str | None
    status: str | None
    password_hash: str | None
    previous_hash: str | None  # only while its grace window is open
    number: NumberView | None
    has_failures: bool
    retry_after: timedelta | None  # set while the username is blocked


def _verification_lookup() -> Select[Any]:
    asked = select(bindparam("username", type_=Text).label("username")).subquery("asked")
    now = func.clock_timestamp()
    return select(
        c.id,
        c.tenant_number_id,
        c.workspace_id,
        c.e164,
        c.status,
        c.password_hash,
        case((c.previous_valid_until > now, c.previous_password_hash), else_=None).label(
            "previous_hash"
        ),
        n.tenant_number_id.label("number_id"),
        n.workspace_id.label("number_workspace_id"),
        n.e164.label("number_e164"),
        n.status.label("number_status"),
        n.allow_inbound,
        n.allow_outbound,
        n.status_changed_at,
        n.settings_changed_at,
        f.username.label("failed_username"),
        case((f.blocked_until > now, f.blocked_until - now), else_=None).label("retry_after"),
    ).select_from(
        asked.outerjoin(sip_credentials, c.username == asked.c.username)
        .outerjoin(tenant_numbers, n.tenant_number_id == c.tenant_number_id)
        .outerjoin(verify_failures, f.username == asked.c.username)
    )


# Built once: on the verification hot path, building the statement cost more than running it.
_VERIFICATION_LOOKUP = _verification_lookup()


async def find_for_verification(conn: AsyncConnection, username: str) -> VerificationLookup:
    """One round trip: the credential, its number's view and the username's failures (each
    part absent when there is none)."""
    row = (await conn.execute(_VERIFICATION_LOOKUP, {"username": username})).one()
    number = None
    if row.number_id is not None:
        number = NumberView(
            tenant_number_id=row.number_id,
            workspace_id=row.number_workspace_id,
            e164=row.number_e164,
            status=row.number_status,
            allow_inbound=row.allow_inbound,
            allow_outbound=row.allow_outbound,
            status_changed_at=row.status_changed_at,
            settings_changed_at=row.settings_changed_at,
        )
    return VerificationLookup(
        credential_id=row.id,
        tenant_number_id=row.tenant_number_id,
        workspace_id=row.workspace_id,
        e164=row.e164,
        status=row.status,
        password_hash=row.password_hash,
        previous_hash=row.previous_hash,
        number=number,
        has_failures=row.failed_username is not None,
        retry_after=row.retry_after,
    )


async def record_failure(conn: AsyncConnection, username: str, policy: ThrottlePolicy) -> int:
    """Counts one failure atomically and, past the free ones, blocks the username for a
    doubling delay. Returns the failure count."""
    now = func.clock_timestamp()
    forgotten = f.last_failed_at < now - seconds_interval(policy.forget_after_seconds)
    failures = case((forgotten, 1), else_=f.failures + 1)
    statement = insert(verify_failures).values(
        username=username,
        failures=1,
        last_failed_at=now,
        blocked_until=_blocked_until(literal(1), policy),
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[f.username],
        set_={
            "failures": failures,
            "last_failed_at": now,
            "blocked_until": _blocked_until(failures, policy),
        },
    ).returning(f.failures)
    return int((await conn.execute(upsert)).scalar_one())


def _blocked_until(failures: ColumnElement[Any], policy: ThrottlePolicy) -> ColumnElement[Any]:
    extra = failures - policy.free_failures
    delay = func.least(
        policy.max_delay_seconds,
        policy.base_delay_seconds * func.power(2.0, func.least(extra - 1, 30)),
    )
    return case(
        (extra > 0, func.clock_timestamp() + seconds_interval(delay)),
        else_=None,
    )


async def clear_failures(conn: AsyncConnection, username: str) -> None:
    await conn.execute(delete(verify_failures).where(f.username == username))


async def upgrade_hash(
    conn: AsyncConnection, *, credential_id: uuid.UUID, old_hash: str, new_hash: str
) -> bool:
    """Replaces the hash only if it is still the one verified (a rotation may have won)."""
    result = await conn.execute(
        update(sip_credentials)
        .where(c.id == credential_id, c.password_hash == old_hash, c.status == "active")
        .values(password_hash=new_hash, updated_at=func.clock_timestamp())
    )
    return bool(result.rowcount)
