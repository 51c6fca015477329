"""Queries of VerifyCredential: the one-round-trip lookup that also takes the attempt (the
throttle, decided by the database before any hash is computed, so every replica and every
concurrent request agrees), clearing on success, and hash upgrades. Each is one statement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
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
    or_,
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
    retry_after: timedelta | None  # set while the username is blocked
    # The attempt this verification took: the username's failure count including it, or None
    # when it was not admitted (the username is blocked; no hash may be computed).
    attempt_failures: int | None


@lru_cache(maxsize=8)
def _verification_lookup(policy: ThrottlePolicy) -> Select[Any]:
    """Built once per policy: on the verification hot path, building the statement cost more
    than running it. The attempt (a data-modifying CTE) counts this verification as a failure
    up front unless the username is blocked; a success clears the count afterwards. Concurrent
    attempts queue on the username's row, so each sees the count the previous one left: N
    guesses at once are admitted exactly as N guesses one after another would be."""
    asked = select(bindparam("username", type_=Text).label("username")).subquery("asked")
    now = func.clock_timestamp()
    attempt = _take_attempt(policy).cte("attempt")
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
        n.disabled,
        n.livemode,
        n.status_changed_at,
        n.settings_changed_at,
        # The statement's snapshot shows the row as it was before this attempt.
        case((f.blocked_until > now, f.blocked_until - now), else_=None).label("retry_after"),
        select(attempt.c.failures).scalar_subquery().label("attempt_failures"),
    ).select_from(
        asked.outerjoin(sip_credentials, c.username == asked.c.username)
        .outerjoin(tenant_numbers, n.tenant_number_id == c.tenant_number_id)
        .outerjoin(verify_failures, f.username == asked.c.username)
    )


def _take_attempt(policy: ThrottlePolicy) -> Any:
    """Counts one attempt atomically unless the username is blocked right now; past the free
    ones it blocks the username for a doubling delay. Returns the count, or no row if blocked."""
    now = func.clock_timestamp()
    forgotten = f.last_failed_at < now - seconds_interval(policy.forget_after_seconds)
    failures = case((forgotten, 1), else_=f.failures + 1)
    statement = insert(verify_failures).values(
        username=bindparam("username", type_=Text),
        failures=1,
        last_failed_at=now,
        blocked_until=_blocked_until(literal(1), policy),
    )
    return statement.on_conflict_do_update(
        index_elements=[f.username],
        set_={
            "failures": failures,
            "last_failed_at": now,
            "blocked_until": _blocked_until(failures, policy),
        },
        where=or_(f.blocked_until.is_(None), f.blocked_until <= now),
    ).returning(f.failures)


async def find_for_verification(
    conn: AsyncConnection, username: str, policy: ThrottlePolicy
) -> VerificationLookup:
    """One round trip: takes the attempt and reads the credential, its number's view and
    whether the username is blocked (each part absent when there is none)."""
    row = (await conn.execute(_verification_lookup(policy), {"username": username})).one()
    number = None
    if row.number_id is not None:
        number = NumberView(
            tenant_number_id=row.number_id,
            workspace_id=row.number_workspace_id,
            e164=row.number_e164,
            status=row.number_status,
            allow_inbound=row.allow_inbound,
            allow_outbound=row.allow_outbound,
            disabled=row.disabled,
            livemode=row.livemode,
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
        retry_after=row.retry_after,
        attempt_failures=row.attempt_failures,
    )


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
