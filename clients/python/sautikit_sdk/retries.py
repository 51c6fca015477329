"""Safe retries under the generated client, as an httpx transport.

Every mutating request (POST, PUT, PATCH, DELETE) gets an `Idempotency-Key` unless the caller
set one, so resending it cannot act twice: the gateway replays the first answer for 24 hours.
429 (rate limited: the request was not executed) and 503 (a dependency is unavailable) are
retried with the same key, after `Retry-After` when the server sends one, else after an
exponential backoff; both the number of retries and each wait are bounded, and a wait the
server asks for beyond the bound is not attempted (the error reaches the caller)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RETRIED_STATUSES = frozenset({429, 503})


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    max_wait_seconds: float = 30.0
    backoff_seconds: float = 0.5

    def wait_before_retry(self, response: httpx.Response, retry: int) -> float | None:
        """Seconds to wait before retry number `retry` (1-based), or None: do not retry."""
        if response.status_code not in RETRIED_STATUSES or retry > self.max_retries:
            return None
        asked = _retry_after(response.headers.get("Retry-After"))
        wait = asked if asked is not None else self.backoff_seconds * 2 ** (retry - 1)
        if wait > self.max_wait_seconds:
            return None
        return wait


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (the gateway sends delta-seconds; an HTTP date is honoured too)."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def with_idempotency_key(request: httpx.Request) -> None:
    if request.method in MUTATING and "Idempotency-Key" not in request.headers:
        request.headers["Idempotency-Key"] = str(uuid.uuid4())


class RetryingTransport(httpx.BaseTransport):
    """Adds Idempotency-Key to mutating requests and retries 429/503 (see module docstring)."""

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        *,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._inner = inner or httpx.HTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with_idempotency_key(request)
        request.read()  # the body is resent as is on a retry
        retry = 0
        while True:
            response = self._inner.handle_request(request)
            retry += 1
            wait = self._policy.wait_before_retry(response, retry)
            if wait is None:
                return response
            response.read()
            response.close()
            self._sleep(wait)

    def close(self) -> None:
        self._inner.close()


class AsyncRetryingTransport(httpx.AsyncBaseTransport):
    """RetryingTransport for httpx.AsyncClient."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        *,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._inner = inner or httpx.AsyncHTTPTransport()
        self._policy = policy or RetryPolicy()
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        with_idempotency_key(request)
        await request.aread()
        retry = 0
        while True:
            response = await self._inner.handle_async_request(request)
            retry += 1
            wait = self._policy.wait_before_retry(response, retry)
            if wait is None:
                return response
            await response.aread()
            await response.aclose()
            await self._sleep(wait)

    async def aclose(self) -> None:
        await self._inner.aclose()
