"""Rate limits of the public API, decided before anything else runs: a refused request is
answered 429 `rate_limited` and never reaches authentication, idempotency or a route, so it
has no effect at all.

Every limited request counts against two buckets: its source address (whatever it sends,
unauthenticated and bad keys included) and, when it sends a Bearer token, that key. Both are
per route class (`RouteClass`), each class with its own limit per window. Every limited
response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` of the bucket
nearest its limit; a 429 adds `Retry-After`.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.auth import bearer_token
from gateway.problems import ApiProblem, problem_response
from gateway.rate_limits import Decision, SharedWindowCounter, address_bucket, key_bucket
from gateway.settings import GatewaySettings


class RouteClass(enum.StrEnum):
    SEARCH = "search"
    MUTATIONS = "mutations"
    CREDENTIALS = "credentials"
    READS = "reads"


# Never limited: probes, the API's own documents, and Daraja's payment callbacks (refusing one
# would only delay a paid top-up until the reconciler's query).
_UNLIMITED = re.compile(r"^/v1/(healthz|openapi\.json|docs(/.*)?|mpesa/callbacks/.*)$")
_CREDENTIALS = re.compile(r"/sip-credentials(/|$)|^/v1/webhook-secret(/|$)")
_SEARCH = frozenset({"/v1/numbers/available"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def route_class(method: str, path: str) -> RouteClass | None:
    """The class whose limit a request counts against; None when it is not limited."""
    if _UNLIMITED.match(path):
        return None
    if _CREDENTIALS.search(path):
        return RouteClass.CREDENTIALS  # secrets are minted or listed here: the tightest
    if path in _SEARCH:
        return RouteClass.SEARCH
    return RouteClass.READS if method in _SAFE_METHODS else RouteClass.MUTATIONS


@dataclass(frozen=True)
class RateLimits:
    """Requests per window: per API key for each route class, and per source address."""

    per_key: dict[RouteClass, int]
    per_address: dict[RouteClass, int]
    address_secret: bytes


def rate_limits_from(settings: GatewaySettings) -> RateLimits:
    secret = settings.rate_limit_secret or "rate-limit:" + settings.database_url
    return RateLimits(
        per_key={k: getattr(settings, f"rate_limit_{k.value}_per_key") for k in RouteClass},
        per_address={k: getattr(settings, f"rate_limit_{k.value}_per_address") for k in RouteClass},
        address_secret=hashlib.sha256(secret.encode()).digest(),
    )


class RateLimit:
    """See the module docstring."""

    def __init__(self, app: ASGIApp, *, counter: SharedWindowCounter, limits: RateLimits) -> None:
        self.app = app
        self.counter = counter
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        kind = route_class(str(scope.get("method", "")), str(scope.get("path", "")))
        if kind is None:
            await self.app(scope, receive, send)
            return
        buckets = self._buckets(scope, kind)
        decisions = [self.counter.check(name, limit) for name, limit in buckets]
        refused = [d for d in decisions if not d.allowed]
        if refused:
            worst = max(refused, key=lambda d: d.reset_seconds)
            problem = ApiProblem(
                429,
                "rate_limited",
                f"Too many {kind.value} requests: at most {worst.limit} per "
                f"{self.counter.window_seconds} s. Retry after {worst.reset_seconds} s.",
                headers={**_headers(worst), "Retry-After": str(worst.reset_seconds)},
            )
            await problem_response(problem)(scope, receive, send)
            return
        for name, _limit in buckets:
            self.counter.take(name)
        nearest = min(decisions, key=lambda d: d.remaining)

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(_headers(nearest))
            await send(message)

        await self.app(scope, receive, send_with_limits)

    def _buckets(self, scope: Scope, kind: RouteClass) -> list[tuple[str, int]]:
        client = scope.get("client")
        address = client[0] if client else "unknown"
        buckets = [
            (
                f"address:{kind.value}:{address_bucket(address, self.limits.address_secret)}",
                self.limits.per_address[kind],
            )
        ]
        try:
            token = bearer_token(Headers(scope=scope).get("authorization"))
        except ApiProblem:
            token = None  # a malformed Authorization: the address limit still applies
        if token is not None:
            buckets.append((f"key:{kind.value}:{key_bucket(token)}", self.limits.per_key[kind]))
        return buckets


def _headers(decision: Decision) -> dict[str, str]:
    return {
        "RateLimit-Limit": str(decision.limit),
        "RateLimit-Remaining": str(decision.remaining),
        "RateLimit-Reset": str(decision.reset_seconds),
    }
