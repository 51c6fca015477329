"""One signed POST to a customer's URL, bounded in time and in how much of the reply is read.
Used by event deliveries and voice callbacks alike; redirects are never followed."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import httpx

from services.routing.deliveries.transport import GuardedTransport, UnsafeDestination
from services.routing.url_safety import Resolver

USER_AGENT = "Sautikit-Webhooks/1"


@dataclass(frozen=True)
class Reply:
    """What came back (status_code None and `error` set when nothing did)."""

    status_code: int | None
    latency_ms: int
    error: str | None = None
    body: bytes = b""
    too_large: bool = False
    retry_after: str | None = None

    def excerpt(self, limit: int) -> str | None:
        if self.status_code is None:
            return None
        return self.body[:limit].decode("utf-8", errors="replace")


class WebhookSender:
    """Owns the HTTP client (one connection pool for every customer URL)."""

    def __init__(
        self,
        *,
        resolver: Resolver,
        development: bool,
        max_connections: int = 200,
        inner_transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        """`inner_transport` is what the guard hands checked requests to (tests pass one that
        refuses anything but loopback, as a second fence)."""
        guard = GuardedTransport(resolver=resolver, development=development, inner=inner_transport)
        self._client = httpx.AsyncClient(
            transport=guard,
            follow_redirects=False,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            headers={"user-agent": USER_AGENT},
            trust_env=False,
        )

    async def post(
        self,
        url: str,
        *,
        body: str,
        headers: dict[str, str],
        timeout_seconds: float,
        max_reply_bytes: int,
    ) -> Reply:
        """POSTs `body` as JSON; the whole exchange, reading the reply included, must end
        within timeout_seconds. At most max_reply_bytes of the reply are kept."""
        started = time.perf_counter()

        def elapsed() -> int:
            return int((time.perf_counter() - started) * 1000)

        try:
            async with asyncio.timeout(timeout_seconds):
                async with self._client.stream(
                    "POST",
                    url,
                    content=body.encode(),
                    headers={**headers, "content-type": "application/json"},
                    timeout=timeout_seconds,
                ) as response:
                    kept = bytearray()
                    too_large = False
                    async for chunk in response.aiter_bytes():
                        kept.extend(chunk)
                        if len(kept) > max_reply_bytes:
                            too_large = True
                            break
                    return Reply(
                        status_code=response.status_code,
                        latency_ms=elapsed(),
                        body=bytes(kept[: max_reply_bytes + 1]),
                        too_large=too_large,
                        retry_after=response.headers.get("retry-after"),
                    )
        except (TimeoutError, httpx.TimeoutException):
            return Reply(None, elapsed(), error="timeout")
        except UnsafeDestination as exc:
            return Reply(None, elapsed(), error=f"unsafe_destination: {exc.reason}")
        except httpx.InvalidURL:
            return Reply(None, elapsed(), error="invalid_url")
        except httpx.TransportError as exc:
            return Reply(None, elapsed(), error=f"connection_error: {type(exc).__name__}")

    async def close(self) -> None:
        await self._client.aclose()
