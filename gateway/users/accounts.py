"""Console accounts: sign-up, sign-in (throttled), sessions, sign-out and password reset.

Each use case is one transaction; a bad input is refused before anything is written. Times
come from the caller (the app's clock), so tests move time instead of waiting.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from gateway import usecases as workspace_usecases
from gateway.problems import ApiProblem, FieldError, validation_failed
from gateway.users import repository
from gateway.users.repository import Membership, UserRow
from gateway.users.tokens import new_token, token_hash
from platform_common.errors import InvalidArgument
from platform_common.ids import new_id
from platform_common.passwords import PasswordHashing, ThrottlePolicy

log = logging.getLogger(__name__)

PASSWORD_MIN_CHARS = 12
PASSWORD_MAX_CHARS = 128


@dataclass(frozen=True)
class SignedIn:
    """A user with a fresh session: `session_token` goes into the cookie and nowhere else."""

    user: UserRow
    memberships: list[Membership]
    session_token: str


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta
    lifetime: timedelta


def clean_email(email: str, field: str = "email") -> str:
    """Trimmed and lower-cased; 400 naming the field when it is not an address."""
    try:
        cleaned = workspace_usecases.clean_email(email)
    except InvalidArgument:
        cleaned = None
    if cleaned is None:
        raise validation_failed(field, "must be an email address")
    return cleaned.lower()


def check_password(password: str, field: str = "password") -> str:
    if not PASSWORD_MIN_CHARS <= len(password) <= PASSWORD_MAX_CHARS:
        raise validation_failed(
            field, f"must be {PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters"
        )
    return password


def clean_workspace_name(name: str) -> str:
    try:
        return workspace_usecases.clean_name(name)
    except InvalidArgument as exc:
        message = exc.violations[0].description if exc.violations else str(exc)
        raise ApiProblem(
            400,
            "validation_failed",
            f"workspace_name: {message}",
            errors=[FieldError("workspace_name", message)],
        ) from None


async def start_session(
    conn: AsyncConnection, *, user_id: uuid.UUID, now: datetime, policy: SessionPolicy
) -> str:
    token = new_token()
    await repository.insert_session(
        conn,
        session_id=new_id(),
        token_hash=token_hash(token),
        user_id=user_id,
        now=now,
        lifetime=policy.lifetime,
    )
    return token


async def sign_up(
    *,
    engine: AsyncEngine,
    hashing: PasswordHashing,
    now: datetime,
    policy: SessionPolicy,
    email: str,
    password: str,
    workspace_name: str,
) -> SignedIn:
    """A user, their workspace (through the operator's create-workspace step: sandbox and all),
    an owner membership and a session, in one transaction."""
    email = clean_email(email)
    check_password(password)
    name = clean_workspace_name(workspace_name)
    password_hash = await hashing.hash(password)
    user_id = new_id()
    async with engine.begin() as conn:
        if not await repository.insert_user(
            conn, user_id=user_id, email=email, password_hash=password_hash, now=now
        ):
            raise ApiProblem(409, "email_taken", "An account with this email already exists")
        workspace = await workspace_usecases.add_workspace(conn, name=name, email=email)
        await repository.add_membership(
            conn, workspace_id=workspace.id, user_id=user_id, role="owner", now=now
        )
        token = await start_session(conn, user_id=user_id, now=now, policy=policy)
        memberships = await repository.list_memberships(conn, user_id)
    return SignedIn(UserRow(user_id, email, password_hash), memberships, token)


def throttle_bucket(kind: str, value: str, secret: bytes) -> str:
    """An HMAC names the bucket, so the table holds no email or address in clear."""
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest}"


INVALID_CREDENTIALS = ApiProblem(401, "invalid_credentials", "Wrong email or password")


async def sign_in(
    *,
    engine: AsyncEngine,
    hashing: PasswordHashing,
    now: datetime,
    policy: SessionPolicy,
    throttle: ThrottlePolicy,
    throttle_secret: bytes,
    email: str,
    password: str,
    address: str,
) -> SignedIn:
    """The same 401 for an unknown email and a wrong password (and the same cost: a decoy
    hash); failures count per email and per source address, and past the free ones each
    bucket is refused (429) for a doubling delay, decided by the database before hashing."""
    email = email.strip().lower()
    if not email or len(password) > PASSWORD_MAX_CHARS or len(email) > 254:
        raise INVALID_CREDENTIALS
    buckets = [
        throttle_bucket("email", email, throttle_secret),
        throttle_bucket("address", address, throttle_secret),
    ]
    async with engine.begin() as conn:
        refused: list[timedelta] = []
        for bucket in buckets:
            taken = await repository.take_signin_attempt(
                conn, bucket=bucket, now=now, policy=throttle
            )
            if taken is None:
                refused.append(
                    await repository.blocked_for(conn, bucket=bucket, now=now)
                    or timedelta(seconds=throttle.base_delay_seconds)
                )
        user = await repository.find_user_by_email(conn, email)
    if refused:
        wait = max(1, int(max(refused).total_seconds() + 0.999))
        log.warning("console sign-in throttled")
        raise ApiProblem(
            429,
            "rate_limited",
            f"Too many failed sign-ins. Retry after {wait} s.",
            headers={"Retry-After": str(wait)},
        )
    if user is None:
        await hashing.verify_decoy(password)
        raise INVALID_CREDENTIALS
    if not await hashing.verify(user.password_hash, password):
        raise INVALID_CREDENTIALS
    upgraded = await hashing.hash(password) if hashing.needs_rehash(user.password_hash) else None
    async with engine.begin() as conn:
        for bucket in buckets:
            await repository.clear_signin_failures(conn, bucket=bucket)
        if upgraded is not None:
            await repository.set_password_hash(
                conn, user_id=user.id, old_hash=user.password_hash, new_hash=upgraded, now=now
            )
        token = await start_session(conn, user_id=user.id, now=now, policy=policy)
        memberships = await repository.list_memberships(conn, user.id)
    return SignedIn(user, memberships, token)


async def session_user(
    *, engine: AsyncEngine, token: str, now: datetime, policy: SessionPolicy
) -> uuid.UUID | None:
    """The user of a live session token (marking it seen), None otherwise."""
    async with engine.begin() as conn:
        return await repository.touch_session(
            conn, token_hash=token_hash(token), now=now, idle=policy.idle
        )


async def describe_user(
    *, engine: AsyncEngine, user_id: uuid.UUID
) -> tuple[UserRow, list[Membership]]:
    async with engine.connect() as conn:
        user = await repository.get_user(conn, user_id)
        memberships = await repository.list_memberships(conn, user_id)
    assert user is not None  # a session's user is never deleted
    return user, memberships


async def sign_out(*, engine: AsyncEngine, token: str, now: datetime) -> None:
    async with engine.begin() as conn:
        await repository.revoke_session(conn, token_hash=token_hash(token), now=now)


@dataclass(frozen=True)
class ResetLink:
    """Who to email and the token for the link: in memory and in the email only."""

    email: str
    token: str


async def request_password_reset(
    *, engine: AsyncEngine, now: datetime, valid_for: timedelta, email: str
) -> ResetLink | None:
    """A single-use token for a known email; None (and nothing written) otherwise. The caller
    answers 202 either way, so the answer tells nobody whether an account exists."""
    try:
        email = clean_email(email)
    except ApiProblem:
        return None
    async with engine.begin() as conn:
        user = await repository.find_user_by_email(conn, email)
        if user is None:
            return None
        token = new_token()
        await repository.insert_password_reset(
            conn, token_hash=token_hash(token), user_id=user.id, now=now, valid_for=valid_for
        )
    return ResetLink(email=user.email, token=token)


INVALID_RESET_TOKEN = ApiProblem(
    400,
    "invalid_reset_token",
    "This reset link is unknown, used or expired; ask for a new one",
    errors=[FieldError("token", "is unknown, used or expired")],
)


async def confirm_password_reset(
    *, engine: AsyncEngine, hashing: PasswordHashing, now: datetime, token: str, password: str
) -> None:
    """Spends the token, sets the password and ends every session of the user, atomically."""
    check_password(password)
    if not token or len(token) > 128:
        raise INVALID_RESET_TOKEN
    new_hash = await hashing.hash(password)
    async with engine.begin() as conn:
        user_id = await repository.use_password_reset(conn, token_hash=token_hash(token), now=now)
        if user_id is None:
            raise INVALID_RESET_TOKEN
        await repository.set_password_hash(
            conn, user_id=user_id, old_hash=None, new_hash=new_hash, now=now
        )
        await repository.revoke_user_sessions(conn, user_id=user_id, now=now)


async def ensure_member_account(
    *,
    engine: AsyncEngine,
    hashing: PasswordHashing,
    now: datetime,
    email: str,
    password: str,
    workspace_id: uuid.UUID,
    role: str,
) -> bool:
    """Creates the account (if the email has none) and its membership of an existing
    workspace; False when the account already existed (its password is left alone). For
    `make run`'s demo user: operators invite people through the API instead."""
    email = clean_email(email)
    check_password(password)
    password_hash = await hashing.hash(password)
    async with engine.begin() as conn:
        created = await repository.insert_user(
            conn, user_id=new_id(), email=email, password_hash=password_hash, now=now
        )
        user = await repository.find_user_by_email(conn, email)
        assert user is not None
        await repository.add_membership(
            conn, workspace_id=workspace_id, user_id=user.id, role=role, now=now
        )
    return created
