"""The console's way into the API: the `sautikit_session` cookie, its CSRF check, and which
workspace and mode a session request acts on (console-contract).

- The cookie holds an opaque token; the server keeps only its SHA-256 (console_sessions) and
  checks it on every request, so a sign-out or a password reset ends the session on every
  replica at once (nothing is cached).
- Every unsafe method must carry `X-CSRF-Token` (the session's, tokens.py) and, when the
  browser sends `Origin`, come from the gateway's own origin or a GATEWAY_CONSOLE_ORIGINS one.
- Workspace: the one the tenant-context headers name, else the user's oldest membership; one
  the user is not a member of is 404 workspace_not_found (its existence is never revealed).
- Mode: `Sautikit-Mode: test` acts on the workspace's sandbox, as an sk_test_ key would.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request, Response
from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.api_keys import Principal
from gateway.problems import ApiProblem, FieldError
from gateway.users import accounts, repository
from gateway.users.mail import ConsoleMailer
from gateway.users.tokens import MAX_TOKEN_CHARS, csrf_matches
from platform_common.passwords import PasswordHashing, ThrottlePolicy

SESSION_COOKIE = "sautikit_session"
CSRF_HEADER = "X-CSRF-Token"
MODE_HEADER = "Sautikit-Mode"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Console:
    """What the console's routes and authentication share (app.state.console). `clock` is
    replaced by tests to move time."""

    engine: AsyncEngine
    hashing: PasswordHashing
    sessions: accounts.SessionPolicy
    throttle: ThrottlePolicy
    throttle_secret: bytes
    cookie_secure: bool
    allowed_origins: frozenset[str]
    mailer: ConsoleMailer
    # The origin of emailed links (GatewaySettings.console_link_base_url), never a header's.
    link_base_url: str
    reset_seconds: float
    invitation_seconds: float
    clock: Callable[[], datetime] = utc_now


def console_of(request: Request) -> Console:
    console: Console = request.app.state.console
    return console


def session_token_of(request: Request) -> str | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    return token


SESSION_ENDED = ApiProblem(401, "authentication_required", "No session, or it ended: sign in again")


async def session_user(request: Request) -> tuple[str, uuid.UUID]:
    """The request's session token and user; 401 authentication_required without a live one."""
    token = session_token_of(request)
    if token is None:
        raise SESSION_ENDED
    console = console_of(request)
    user_id = await accounts.session_user(
        engine=console.engine, token=token, now=console.clock(), policy=console.sessions
    )
    if user_id is None:
        raise SESSION_ENDED
    return token, user_id


def own_origin(request: Request) -> str:
    """scheme://host[:port] as this gateway was addressed."""
    host = request.headers.get("host", "")
    return f"{request.url.scheme}://{host}".lower()


def ensure_csrf(request: Request, session_token: str) -> None:
    """403 csrf_failed for an unsafe request without the session's token or from a foreign
    origin. Safe methods change nothing, so they need neither."""
    if request.method not in UNSAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if not sent or not csrf_matches(session_token, sent):
        raise ApiProblem(
            403, "csrf_failed", f"{CSRF_HEADER} is missing or not this session's token"
        )
    origin = request.headers.get("origin")
    if origin is not None:
        origin = origin.strip().rstrip("/").lower()
        if origin != own_origin(request) and origin not in console_of(request).allowed_origins:
            raise ApiProblem(403, "csrf_failed", "Origin is not allowed to change anything")


def requested_mode(request: Request) -> bool:
    """True for live (no header, or `live`), False for `test`; 400 naming the header else."""
    mode = request.headers.get(MODE_HEADER)
    if mode is None or mode.strip().lower() == "live":
        return True
    if mode.strip().lower() == "test":
        return False
    raise ApiProblem(
        400,
        "validation_failed",
        f"{MODE_HEADER}: must be live or test",
        errors=[FieldError(MODE_HEADER, "must be live or test")],
    )


async def session_principal(request: Request, named_workspace: uuid.UUID | None) -> Principal:
    """The principal of a console session request (see the module docstring)."""
    session_token, user_id = await session_user(request)
    ensure_csrf(request, session_token)
    livemode = requested_mode(request)
    console = console_of(request)
    async with console.engine.connect() as conn:
        membership = await repository.find_membership(conn, user_id, named_workspace)
    if membership is None:
        raise ApiProblem(404, "workspace_not_found", "No such workspace")
    return Principal(
        workspace_id=(membership.workspace_id if livemode else membership.sandbox_workspace_id),
        api_key_id=None,
        mode="live" if livemode else "test",
        organization_id=membership.workspace_id,
        livemode=livemode,
        role=membership.role,
        user_id=user_id,
    )


def set_session_cookie(response: Response, console: Console, token: str) -> None:
    """HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site posts), Secure
    unless configured off for plain-http development; it lasts the session's lifetime."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(console.sessions.lifetime.total_seconds()),
        path="/",
        secure=console.cookie_secure,
        httponly=True,
        samesite="lax",
    )


def clear_session_cookie(response: Response, console: Console) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=console.cookie_secure, httponly=True, samesite="lax"
    )
