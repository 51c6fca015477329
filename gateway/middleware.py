"""ASGI middleware of the public API: request ids, access log, metrics, the last-resort 500, and
the request body limit. Pure ASGI (not BaseHTTPMiddleware) so the request id context variable
set here is the one the route and its gRPC calls see."""

from __future__ import annotations

import logging
import re
import time

from prometheus_client import Counter, Histogram
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.problems import ApiProblem, problem_response
from platform_common.db import is_database_unavailable
from platform_common.ids import new_id_str
from platform_common.logs import request_id_var

log = logging.getLogger("gateway.access")

REQUEST_ID_HEADER = "X-Request-Id"
# Accept a caller's id only if it is short and harmless in logs and headers.
_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
# Probes and scrapers: logged only at DEBUG (the gateway's pod probes /v1/openapi.json).
_QUIET_PATHS = frozenset({"/v1/healthz", "/v1/openapi.json", "/metrics"})

HTTP_REQUESTS = Counter(
    "gateway_http_requests_total", "HTTP requests completed", ["method", "route", "status"]
)
HTTP_SECONDS = Histogram(
    "gateway_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


def request_id_from(incoming: str | None) -> str:
    """The caller's X-Request-Id when it is sane, otherwise a new UUIDv7."""
    if incoming and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return new_id_str()


# Paths that carry a secret (the M-Pesa callback token) are logged as their route template.
_SECRET_PATH_PREFIXES = ("/v1/mpesa/callbacks/",)


def _loggable_path(scope: Scope) -> str:
    path = str(scope.get("path", ""))
    return _route_label(scope) if path.startswith(_SECRET_PATH_PREFIXES) else path


def _route_label(scope: Scope) -> str:
    # The route template, not the raw path, keeps metric cardinality bounded.
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


# Suited to a JSON API: no MIME sniffing of responses, and https only for a year (ignored by
# clients over plain http, e.g. local development).
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
}


class RequestContext:
    """Outermost middleware: one request id, one access-log line and one metric per request,
    and a problem+json 500 for any exception nothing else handled (details only in the log)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(Headers(scope=scope).get(REQUEST_ID_HEADER))
        token = request_id_var.set(request_id)
        scope.setdefault("state", {})
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_request_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers[REQUEST_ID_HEADER] = request_id
                headers.update(SECURITY_HEADERS)
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        except Exception as exc:
            if isinstance(exc, ApiProblem):
                problem = exc
            elif is_database_unavailable(exc):
                # PostgreSQL down or restarting (API keys, idempotency records): retryable.
                log.warning("database unavailable", extra={"path": _loggable_path(scope)})
                problem = ApiProblem(
                    503, "database_unavailable", "The database is unavailable. Retry later."
                )
            else:
                log.exception("unhandled error", extra={"path": _loggable_path(scope)})
                problem = ApiProblem(
                    500,
                    "internal_error",
                    "An unexpected error occurred. Quote the request_id to support.",
                )
            if not response_started:
                await problem_response(problem)(scope, receive, send_with_request_id)
        finally:
            elapsed = time.perf_counter() - started
            method = scope.get("method", "")
            route = _route_label(scope)
            HTTP_REQUESTS.labels(method, route, str(status)).inc()
            HTTP_SECONDS.labels(method, route).observe(elapsed)
            path = _loggable_path(scope)
            log.log(
                logging.DEBUG if path in _QUIET_PATHS and status < 500 else logging.INFO,
                "http",
                extra={
                    "method": method,
                    "path": path,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "workspace_id": scope["state"].get("workspace_id"),
                },
            )
            request_id_var.reset(token)


class PayloadTooLarge(HTTPException):
    """A Starlette HTTPException so FastAPI re-raises it from body reading untouched."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body exceeds {limit} bytes")


class BodyLimit:
    """Refuses request bodies over `max_bytes`: at once when Content-Length says so, else as
    soon as the streamed body crosses the limit."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            problem = ApiProblem(
                413, "payload_too_large", f"The request body exceeds {self.max_bytes} bytes"
            )
            await problem_response(problem)(scope, receive, send)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise PayloadTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited_receive, send)


# "&curren" followed by "cy=" is the HTML entity for "¤": query strings copied from a web page
# (including the product documentation's own curl example, ?country=KE&currency=KES) arrive
# as "?country=KE¤cy=KES". Restoring the ampersand is unambiguous: no parameter of ours
# contains "¤".
_MANGLED_CURRENCY = ("\u00a4cy=".encode(), b"%C2%A4cy=", b"%c2%a4cy=")


class RepairEntityMangledQuery:
    """Rewrites "¤cy=" back to "&currency=" in the raw query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            query: bytes = scope.get("query_string", b"")
            if any(m in query for m in _MANGLED_CURRENCY):
                for mangled in _MANGLED_CURRENCY:
                    query = query.replace(mangled, b"&currency=")
                scope = {**scope, "query_string": query}
        await self.app(scope, receive, send)
