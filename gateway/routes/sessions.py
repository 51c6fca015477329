"""Console accounts: sign up, sign in, the current session, sign out, password reset.

These routes take no API key: they are how a browser gets (or ends) its session cookie. A
new session's token is only in the Set-Cookie header; responses carry `Cache-Control:
no-store`. Use cases: gateway/users/accounts.py.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from fastapi import Request, Response

from gateway.routes import PublicRouter
from gateway.schemas.console import (
    PasswordResetConfirmation,
    PasswordResetRequest,
    Session,
    SignIn,
    SignUp,
    session_view,
)
from gateway.users import accounts
from gateway.users.mail import console_link
from gateway.users.session_auth import (
    Console,
    clear_session_cookie,
    console_of,
    ensure_csrf,
    session_user,
    set_session_cookie,
)
from gateway.users.tokens import csrf_token_for

log = logging.getLogger(__name__)

users_router = PublicRouter(prefix="/v1/users", tags=["users"])
router = PublicRouter(prefix="/v1/sessions", tags=["sessions"])
resets_router = PublicRouter(prefix="/v1/password-resets", tags=["sessions"])


def _signed_in(response: Response, console: Console, signed: accounts.SignedIn) -> Session:
    set_session_cookie(response, console, signed.session_token)
    response.headers["Cache-Control"] = "no-store"
    return session_view(signed.user, signed.memberships, csrf_token_for(signed.session_token))


@users_router.post(
    "",
    response_model=Session,
    status_code=201,
    operation_id="signUp",
    summary="Create an account, its first workspace (you are its owner) and a session",
    responses={
        400: {"description": "validation_failed: a field is missing or invalid"},
        409: {"description": "email_taken: an account with this email exists"},
    },
)
async def sign_up(request: Request, response: Response, body: SignUp) -> Session:
    console = console_of(request)
    signed = await accounts.sign_up(
        engine=console.engine,
        hashing=console.hashing,
        now=console.clock(),
        policy=console.sessions,
        email=body.email,
        password=body.password,
        workspace_name=body.workspace_name,
    )
    return _signed_in(response, console, signed)


@router.post(
    "",
    response_model=Session,
    status_code=201,
    operation_id="signIn",
    summary="Sign in with email and password; sets the session cookie",
    responses={
        401: {"description": "invalid_credentials"},
        429: {"description": "rate_limited (Retry-After)"},
    },
)
async def sign_in(request: Request, response: Response, body: SignIn) -> Session:
    console = console_of(request)
    client = request.client
    signed = await accounts.sign_in(
        engine=console.engine,
        hashing=console.hashing,
        now=console.clock(),
        policy=console.sessions,
        throttle=console.throttle,
        throttle_secret=console.throttle_secret,
        email=body.email,
        password=body.password,
        address=client.host if client else "unknown",
    )
    return _signed_in(response, console, signed)


@router.get(
    "/current",
    response_model=Session,
    operation_id="getSession",
    summary="Who is signed in, their workspaces and roles, and the CSRF token",
    responses={401: {"description": "authentication_required"}},
)
async def get_session(request: Request, response: Response) -> Session:
    console = console_of(request)
    token, user_id = await session_user(request)
    user, memberships = await accounts.describe_user(engine=console.engine, user_id=user_id)
    response.headers["Cache-Control"] = "no-store"
    return session_view(user, memberships, csrf_token_for(token))


@router.delete(
    "/current",
    status_code=204,
    operation_id="signOut",
    summary="End this session on the server and clear its cookie",
    responses={
        401: {"description": "authentication_required"},
        403: {"description": "csrf_failed"},
    },
)
async def sign_out(request: Request) -> Response:
    console = console_of(request)
    token, _user_id = await session_user(request)
    ensure_csrf(request, token)
    await accounts.sign_out(engine=console.engine, token=token, now=console.clock())
    response = Response(status_code=204)
    clear_session_cookie(response, console)
    return response


@resets_router.post(
    "",
    status_code=202,
    response_class=Response,
    operation_id="requestPasswordReset",
    summary="Email a single-use password reset link (202 whether or not the account exists)",
)
async def request_password_reset(request: Request, body: PasswordResetRequest) -> Response:
    console = console_of(request)
    link = await accounts.request_password_reset(
        engine=console.engine,
        now=console.clock(),
        valid_for=timedelta(seconds=console.reset_seconds),
        email=body.email,
    )
    if link is not None:
        await console.mailer.send_password_reset(
            to=link.email,
            link=console_link(console.link_base_url, "reset", link.token),
            valid_for_seconds=console.reset_seconds,
        )
    return Response(status_code=202)


@resets_router.post(
    "/confirm",
    status_code=204,
    operation_id="confirmPasswordReset",
    summary="Set a new password with the emailed token; ends every session of the account",
    responses={400: {"description": "invalid_reset_token, validation_failed"}},
)
async def confirm_password_reset(request: Request, body: PasswordResetConfirmation) -> Response:
    console = console_of(request)
    await accounts.confirm_password_reset(
        engine=console.engine,
        hashing=console.hashing,
        now=console.clock(),
        token=body.token,
        password=body.password,
    )
    return Response(status_code=204)
