"""Queries on the console tables (SQLAlchemy Core). Times are parameters (the app's clock), so
tests move time instead of waiting."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from gateway.repository import workspaces
from gateway.users.tables import (
    console_sessions,
    invitations,
    memberships,
    password_resets,
    signin_failures,
    users,
)
from platform_common.passwords import ThrottlePolicy

s = console_sessions.c
m = memberships.c
u = users.c


@dataclass(frozen=True)
class UserRow:
    id: uuid.UUID
    email: str
    password_hash: str


@dataclass(frozen=True)
class Membership:
    workspace_id: uuid.UUID
    sandbox_workspace_id: uuid.UUID
    name: str
    role: str
    created_at: datetime


async def insert_user(
    conn: AsyncConnection, *, user_id: uuid.UUID, email: str, password_hash: str, now: datetime
) -> bool:
    """False when the email is taken (the unique constraint decides, not a prior read)."""
    row = (
        await conn.execute(
            insert(users)
            .values(
                id=user_id,
                email=email,
                password_hash=password_hash,
                created_at=now,
                password_changed_at=now,
            )
            .on_conflict_do_nothing(constraint="uq_users_email")
            .returning(u.id)
        )
    ).first()
    return row is not None


async def find_user_by_email(conn: AsyncConnection, email: str) -> UserRow | None:
    row = (
        await conn.execute(select(u.id, u.email, u.password_hash).where(u.email == email))
    ).first()
    return None if row is None else UserRow(row.id, row.email, row.password_hash)


async def get_user(conn: AsyncConnection, user_id: uuid.UUID) -> UserRow | None:
    row = (
        await conn.execute(select(u.id, u.email, u.password_hash).where(u.id == user_id))
    ).first()
    return None if row is None else UserRow(row.id, row.email, row.password_hash)


async def set_password_hash(
    conn: AsyncConnection, *, user_id: uuid.UUID, old_hash: str | None, new_hash: str, now: datetime
) -> bool:
    """Replaces the hash; with `old_hash`, only if it is still the one verified (a rehash
    must not undo a reset that won the race)."""
    statement = update(users).where(u.id == user_id)
    if old_hash is not None:
        statement = statement.where(u.password_hash == old_hash)
    result = await conn.execute(statement.values(password_hash=new_hash, password_changed_at=now))
    return bool(result.rowcount)


async def add_membership(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, user_id: uuid.UUID, role: str, now: datetime
) -> bool:
    """False when the user is already a member (their role is left as it is)."""
    row = (
        await conn.execute(
            insert(memberships)
            .values(workspace_id=workspace_id, user_id=user_id, role=role, created_at=now)
            .on_conflict_do_nothing()
            .returning(m.user_id)
        )
    ).first()
    return row is not None


def _memberships_of(user_id: uuid.UUID) -> Any:
    return (
        select(
            m.workspace_id,
            workspaces.c.sandbox_workspace_id,
            workspaces.c.name,
            m.role,
            m.created_at,
        )
        .join_from(memberships, workspaces, workspaces.c.id == m.workspace_id)
        .where(m.user_id == user_id)
    )


def _membership(row: Any) -> Membership:
    return Membership(
        workspace_id=row.workspace_id,
        sandbox_workspace_id=row.sandbox_workspace_id,
        name=row.name,
        role=row.role,
        created_at=row.created_at,
    )


async def list_memberships(conn: AsyncConnection, user_id: uuid.UUID) -> list[Membership]:
    """Oldest first: the first one is the user's default workspace (seed 002)."""
    rows = await conn.execute(_memberships_of(user_id).order_by(m.created_at, m.workspace_id))
    return [_membership(row) for row in rows]


async def find_membership(
    conn: AsyncConnection, user_id: uuid.UUID, workspace_id: uuid.UUID | None
) -> Membership | None:
    """The user's membership of that workspace, or (None named) their oldest one."""
    statement = _memberships_of(user_id).order_by(m.created_at, m.workspace_id).limit(1)
    if workspace_id is not None:
        statement = statement.where(m.workspace_id == workspace_id)
    row = (await conn.execute(statement)).first()
    return None if row is None else _membership(row)


# --- Sessions ----------------------------------------------------------------------------


async def insert_session(
    conn: AsyncConnection,
    *,
    session_id: uuid.UUID,
    token_hash: str,
    user_id: uuid.UUID,
    now: datetime,
    lifetime: timedelta,
) -> None:
    await conn.execute(
        console_sessions.insert().values(
            id=session_id,
            token_hash=token_hash,
            user_id=user_id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
        )
    )


async def touch_session(
    conn: AsyncConnection, *, token_hash: str, now: datetime, idle: timedelta
) -> uuid.UUID | None:
    """The user of a live session (not revoked, not past its absolute lifetime, not idle
    longer than `idle`), marking it seen now; None otherwise. One statement, so a session
    revoked by another replica a moment ago is refused here."""
    row = (
        await conn.execute(
            update(console_sessions)
            .where(
                s.token_hash == token_hash,
                s.revoked_at.is_(None),
                s.expires_at > now,
                s.last_seen_at > now - idle,
            )
            .values(last_seen_at=func.greatest(s.last_seen_at, now))
            .returning(s.user_id)
        )
    ).first()
    return None if row is None else row.user_id


async def revoke_session(conn: AsyncConnection, *, token_hash: str, now: datetime) -> None:
    await conn.execute(
        update(console_sessions)
        .where(s.token_hash == token_hash, s.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_user_sessions(conn: AsyncConnection, *, user_id: uuid.UUID, now: datetime) -> int:
    result = await conn.execute(
        update(console_sessions)
        .where(s.user_id == user_id, s.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount or 0)


# --- Password resets ---------------------------------------------------------------------


async def insert_password_reset(
    conn: AsyncConnection,
    *,
    token_hash: str,
    user_id: uuid.UUID,
    now: datetime,
    valid_for: timedelta,
) -> None:
    await conn.execute(
        password_resets.insert().values(
            token_hash=token_hash, user_id=user_id, created_at=now, expires_at=now + valid_for
        )
    )


async def use_password_reset(
    conn: AsyncConnection, *, token_hash: str, now: datetime
) -> uuid.UUID | None:
    """Spends an unused, unexpired token (at most once, however many requests race); returns
    its user or None."""
    r = password_resets.c
    row = (
        await conn.execute(
            update(password_resets)
            .where(r.token_hash == token_hash, r.used_at.is_(None), r.expires_at > now)
            .values(used_at=now)
            .returning(r.user_id)
        )
    ).first()
    return None if row is None else row.user_id


# --- Sign-in throttle --------------------------------------------------------------------


async def take_signin_attempt(
    conn: AsyncConnection, *, bucket: str, now: datetime, policy: ThrottlePolicy
) -> int | None:
    """Counts one attempt against `bucket` unless it is blocked now (then None). Past the free
    failures, each one blocks the bucket for base * 2^(extra - 1) seconds, at most max: the SIP
    credentials formula (ThrottlePolicy). A success clears the bucket afterwards."""
    f = signin_failures.c
    forget = timedelta(seconds=policy.forget_after_seconds)
    statement = insert(signin_failures).values(
        bucket=bucket, failures=1, last_failed_at=now, blocked_until=_blocked(1, now, policy)
    )
    counted = case((f.last_failed_at < now - forget, literal(1)), else_=f.failures + 1)
    extra = counted - policy.free_failures
    delay_seconds = func.least(
        policy.max_delay_seconds,
        policy.base_delay_seconds * func.power(2.0, func.least(extra - 1, 30)),
    )
    blocked = case(
        (extra > 0, literal(now) + func.make_interval(0, 0, 0, 0, 0, 0, delay_seconds)),
        else_=None,
    )
    row = (
        await conn.execute(
            statement.on_conflict_do_update(
                index_elements=[f.bucket],
                set_={"failures": counted, "last_failed_at": now, "blocked_until": blocked},
                where=(f.blocked_until.is_(None)) | (f.blocked_until <= now),
            ).returning(f.failures)
        )
    ).first()
    return None if row is None else int(row.failures)


def _blocked(failures: int, now: datetime, policy: ThrottlePolicy) -> datetime | None:
    extra = failures - policy.free_failures
    if extra <= 0:
        return None
    delay = min(policy.max_delay_seconds, policy.base_delay_seconds * 2 ** min(extra - 1, 30))
    return now + timedelta(seconds=delay)


async def blocked_for(conn: AsyncConnection, *, bucket: str, now: datetime) -> timedelta | None:
    f = signin_failures.c
    until = (
        await conn.execute(select(f.blocked_until).where(f.bucket == bucket))
    ).scalar_one_or_none()
    return None if until is None or until <= now else until - now


async def clear_signin_failures(conn: AsyncConnection, *, bucket: str) -> None:
    await conn.execute(signin_failures.delete().where(signin_failures.c.bucket == bucket))


# --- Invitations -------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationRow:
    id: uuid.UUID
    workspace_id: uuid.UUID
    email: str
    role: str
    expires_at: datetime


async def insert_invitation(
    conn: AsyncConnection,
    *,
    invitation_id: uuid.UUID,
    workspace_id: uuid.UUID,
    email: str,
    role: str,
    token_hash: str,
    invited_by: uuid.UUID,
    now: datetime,
    valid_for: timedelta,
) -> InvitationRow:
    row = (
        await conn.execute(
            invitations.insert()
            .values(
                id=invitation_id,
                workspace_id=workspace_id,
                email=email,
                role=role,
                token_hash=token_hash,
                invited_by=invited_by,
                created_at=now,
                expires_at=now + valid_for,
            )
            .returning(*invitations.c)
        )
    ).one()
    return InvitationRow(row.id, row.workspace_id, row.email, row.role, row.expires_at)


async def accept_invitation(
    conn: AsyncConnection, *, token_hash: str, now: datetime
) -> InvitationRow | None:
    """Spends an open invitation at most once; None for unknown, used or expired."""
    i = invitations.c
    row = (
        await conn.execute(
            update(invitations)
            .where(i.token_hash == token_hash, i.accepted_at.is_(None), i.expires_at > now)
            .values(accepted_at=now)
            .returning(*invitations.c)
        )
    ).first()
    return (
        None
        if row is None
        else InvitationRow(row.id, row.workspace_id, row.email, row.role, row.expires_at)
    )


# --- Members -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    user_id: uuid.UUID
    email: str
    role: str
    created_at: datetime


async def list_members(conn: AsyncConnection, workspace_id: uuid.UUID) -> list[MemberRow]:
    rows = await conn.execute(
        select(m.user_id, u.email, m.role, m.created_at)
        .join_from(memberships, users, u.id == m.user_id)
        .where(m.workspace_id == workspace_id)
        .order_by(m.created_at, m.user_id)
    )
    return [MemberRow(r.user_id, r.email, r.role, r.created_at) for r in rows]


async def lock_owners(conn: AsyncConnection, workspace_id: uuid.UUID) -> list[uuid.UUID]:
    """The workspace's owners, their rows locked until commit: two owners demoting each other
    at once queue here, so the second sees the first's change and the last owner stays."""
    rows = await conn.execute(
        select(m.user_id).where(m.workspace_id == workspace_id, m.role == "owner").with_for_update()
    )
    return [r.user_id for r in rows]


async def set_member_role(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, user_id: uuid.UUID, role: str
) -> MemberRow | None:
    row = (
        await conn.execute(
            update(memberships)
            .where(m.workspace_id == workspace_id, m.user_id == user_id)
            .values(role=role)
            .returning(m.user_id, m.role, m.created_at)
        )
    ).first()
    if row is None:
        return None
    user = await get_user(conn, user_id)
    assert user is not None
    return MemberRow(row.user_id, user.email, row.role, row.created_at)


async def delete_member(
    conn: AsyncConnection, *, workspace_id: uuid.UUID, user_id: uuid.UUID
) -> bool:
    result = await conn.execute(
        memberships.delete().where(m.workspace_id == workspace_id, m.user_id == user_id)
    )
    return bool(result.rowcount)
