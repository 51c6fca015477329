"""The public HTTP application: `create_app(settings)` wires middleware, error handlers, routes
and the clients they use. Tests call it with their own settings and extra routers."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from typing import Any

import grpc
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.routing import Match

from gateway import repository
from gateway.api_keys import Authenticator, database_lookup
from gateway.body_guards import BodyGuard
from gateway.clients import Upstreams
from gateway.console import install_console
from gateway.docs import install_docs
from gateway.error_map import problem_for
from gateway.field_messages import detail_of, from_pydantic
from gateway.health import HealthChecker
from gateway.idempotency import IdempotencyRecorder, IdempotencyStore, IdempotentReplay
from gateway.key_revocations import listen_for_revocations
from gateway.middleware import BodyLimit, RepairEntityMangledQuery, RequestContext
from gateway.problems import ApiProblem, FieldError, problem_response
from gateway.rate_limit_middleware import RateLimit, rate_limits_from
from gateway.rate_limits import SharedWindowCounter
from gateway.routes import (
    api_keys,
    callbacks,
    calls,
    credentials,
    deliveries,
    health,
    members,
    numbers,
    orders,
    outbound_webhooks,
    routing,
    sessions,
    test_mode,
    topups,
    wallet,
    webhook_secrets,
)
from gateway.settings import GatewaySettings
from gateway.users.accounts import SessionPolicy
from gateway.users.mail import ConsoleMailer
from gateway.users.notifications_mailer import NotificationsMailer
from gateway.users.session_auth import Console
from platform_common.db import create_engine
from platform_common.errors import RemoteError
from platform_common.nats_link import NatsLink
from platform_common.passwords import PasswordHashing
from platform_common.retention import RetentionPolicy, RetentionPurger

log = logging.getLogger(__name__)

# Starlette raises these for requests no route handles; the codes are part of the API.
_HTTP_CODES = {
    400: ("bad_request", "The request could not be read"),
    401: ("authentication_required", "Authentication is required"),
    403: ("forbidden", "Not allowed"),
    404: ("not_found", "No such resource"),
    405: ("method_not_allowed", "This method is not allowed on this resource"),
    406: ("not_acceptable", "Cannot produce a response in an acceptable format"),
    413: ("payload_too_large", "The request body is too large"),
    415: ("unsupported_media_type", "Unsupported content type"),
}


def field_name(loc: Sequence[Any]) -> str:
    """A pydantic error location as the client knows it: ("body", "items", 0, "name") ->
    "items[0].name"; ("query", "limit") -> "limit"."""
    parts = list(loc)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie"} and len(parts) > 1:
        parts = parts[1:]
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += ("." if name else "") + str(part)
    return name or "body"


async def _on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    for error in errors:
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "malformed")
            position = error["loc"][-1] if error.get("loc") else "?"
            invalid = [FieldError("body", f"must be valid JSON ({reason} at position {position})")]
            return problem_response(
                ApiProblem(400, "invalid_json", detail_of(invalid), errors=invalid)
            )
    field_errors = [from_pydantic(e, field_name(e.get("loc", ()))) for e in errors]
    return problem_response(
        ApiProblem(400, "validation_failed", detail_of(field_errors), errors=field_errors)
    )


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code, detail = _HTTP_CODES.get(exc.status_code, ("http_error", "The request failed"))
    if exc.status_code == 413 and exc.detail:
        detail = str(exc.detail)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem_response(ApiProblem(exc.status_code, code, detail, headers=headers))


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at this path. Starlette's 405 names only the first
    route that matched the path, and FastAPI makes one route per method. Runs only on 405."""
    allowed = []
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


async def _on_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc)


async def _on_remote_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, grpc.aio.AioRpcError):
        exc = RemoteError.from_rpc_error(exc)
    assert isinstance(exc, RemoteError)
    problem = problem_for(exc)
    if problem.status >= 500:
        log.warning(
            "upstream call failed",
            extra={"grpc_code": exc.status.name, "reason": exc.reason, "error": exc.message},
        )
    return problem_response(problem)


async def _on_replay(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, IdempotentReplay)
    return exc.response()


def throttle_secret(settings: GatewaySettings) -> bytes:
    """Keys the HMAC naming sign-in throttle buckets; shared by every replica, like the rate
    limits' (the same secret, or one derived from the database URL they all share)."""
    seed = settings.rate_limit_secret or settings.database_url
    return hashlib.sha256(b"sautikit-signin-throttle:" + seed.encode()).digest()


def create_app(
    settings: GatewaySettings,
    *,
    extra_routers: Sequence[APIRouter] = (),
    mailer: ConsoleMailer | None = None,
) -> FastAPI:
    """Builds the public API. Connections open lazily; the lifespan starts the NATS link and
    the idempotency purge and closes everything on shutdown. `mailer` replaces the console's
    emails through the notifications service (tests)."""
    engine = create_engine(settings.database_url)
    hashing = PasswordHashing(settings.hash_parameters, workers=settings.hash_workers)
    console_mailer = mailer or NotificationsMailer(
        settings.notifications_addr,
        timeout_seconds=settings.upstream_timeout_seconds,
    )
    nats = NatsLink(settings.nats_url, name="gateway")
    upstreams = Upstreams(
        settings.upstream_addresses, timeout_seconds=settings.upstream_timeout_seconds
    )
    idempotency = IdempotencyStore(engine, lease_seconds=settings.idempotency_lease_seconds)
    rate_counter = SharedWindowCounter(
        engine,
        window_seconds=settings.rate_limit_window_seconds,
        sync_interval_seconds=settings.rate_limit_sync_seconds,
    )
    # The gateway's own outbox and processed_events, purged like every service's.
    retention = RetentionPurger(
        engine=engine,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        policy=RetentionPolicy.from_env(),
    )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        nats.start()
        purge = asyncio.create_task(
            idempotency.purge_forever(settings.idempotency_purge_interval_seconds),
            name="idempotency-purge",
        )
        revocations = asyncio.create_task(
            listen_for_revocations(
                settings.database_url,
                app.state.authenticator,
                listening=app.state.revocations_listening,
            ),
            name="api-key-revocations",
        )
        background = [
            asyncio.create_task(rate_counter.run(), name="rate-limit-sync"),
            asyncio.create_task(retention.run(), name="event-retention"),
        ]
        try:
            yield
        finally:
            purge.cancel()
            revocations.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await purge
            with contextlib.suppress(asyncio.CancelledError):
                await revocations
            for task in background:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await upstreams.close()
            await console_mailer.close()
            await hashing.close()
            await nats.close()
            await engine.dispose()

    app = FastAPI(
        title="Sautikit API",
        version="1.0.0",
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # A redirect would make clients resend credentials to another URL; a 404 is clearer.
        redirect_slashes=False,
        # BodyGuard decides Content-Type before FastAPI (415 with our problem, two routes
        # that take other types): FastAPI's own check would answer 422 in its own shape.
        strict_content_type=False,
        # No OpenTelemetry here: without this, FastAPI asks the global providers on every
        # request whether they are configured (a few % of the gateway's CPU per request).
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.nats = nats
    app.state.upstreams = upstreams
    app.state.authenticator = Authenticator(
        database_lookup(engine), ttl=settings.auth_cache_seconds
    )
    app.state.idempotency = idempotency
    app.state.console = Console(
        engine=engine,
        hashing=hashing,
        sessions=SessionPolicy(
            idle=timedelta(seconds=settings.session_idle_seconds),
            lifetime=timedelta(seconds=settings.session_lifetime_seconds),
        ),
        throttle=settings.signin_throttle,
        throttle_secret=throttle_secret(settings),
        cookie_secure=settings.cookie_secure,
        allowed_origins=frozenset(o.lower() for o in settings.console_origins),
        mailer=console_mailer,
        link_base_url=settings.console_link_base_url,
        reset_seconds=settings.password_reset_seconds,
        invitation_seconds=settings.invitation_seconds,
    )
    app.state.rate_counter = rate_counter
    app.state.retention = retention
    app.state.revocations_listening = asyncio.Event()
    app.state.health = HealthChecker(
        engine=engine,
        nats=nats,
        upstreams=upstreams,
        timeout_seconds=settings.health_timeout_seconds,
        cache_seconds=settings.health_cache_seconds,
    )

    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(HTTPException, _on_http_exception)
    app.add_exception_handler(ApiProblem, _on_problem)
    app.add_exception_handler(RemoteError, _on_remote_error)
    app.add_exception_handler(grpc.aio.AioRpcError, _on_remote_error)
    app.add_exception_handler(IdempotentReplay, _on_replay)

    # Last added is outermost: RequestContext sees everything, including 413s and 500s; a
    # rate-limited request stops before its body is read and before idempotency records it.
    app.add_middleware(IdempotencyRecorder)
    app.add_middleware(
        BodyGuard,
        max_depth=settings.json_max_depth,
        max_string_chars=settings.json_max_string_chars,
    )
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(RateLimit, counter=rate_counter, limits=rate_limits_from(settings))
    app.add_middleware(RequestContext)
    app.add_middleware(RepairEntityMangledQuery)

    app.include_router(health.router)
    app.include_router(wallet.router)
    app.include_router(orders.requirements_router)  # before numbers: its /{id} would match
    app.include_router(numbers.router)
    app.include_router(credentials.router)
    app.include_router(routing.router)
    app.include_router(deliveries.router)
    app.include_router(webhook_secrets.router)
    app.webhooks.include_router(outbound_webhooks.router)
    app.include_router(topups.router)
    app.include_router(topups.callbacks_router)
    app.include_router(orders.router)
    app.include_router(callbacks.router)
    app.include_router(calls.router)
    app.include_router(test_mode.router)
    app.include_router(sessions.users_router)
    app.include_router(sessions.router)
    app.include_router(sessions.resets_router)
    app.include_router(api_keys.router)
    app.include_router(members.router)
    app.include_router(members.invitations_router)
    for router in extra_routers:
        app.include_router(router)
    install_docs(app)
    install_console(app)
    return app
