"""A NATS connection that survives NATS being down: at start-up and at any time after.

nats-py reconnects an established connection by itself but fails the very first connect when
no server answers; services must start anyway (events wait in the outbox), so the first connect
is retried here in the background.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import nats
from nats.aio.client import Client as NatsClient
from nats.js import JetStreamContext
from nats.js.api import StreamConfig
from nats.js.errors import NotFoundError

from platform_common.config import ConfigError, env_int

log = logging.getLogger(__name__)

# One stream per bounded context (DESIGN.md §5). Subjects are sautikit.<context>.<event>.
STREAMS: dict[str, str] = {
    "SAUTIKIT_NUMBERS": "sautikit.numbers.>",
    "SAUTIKIT_WALLET": "sautikit.wallet.>",
    "SAUTIKIT_CREDENTIALS": "sautikit.credentials.>",
    "SAUTIKIT_ROUTING": "sautikit.routing.>",
    "SAUTIKIT_CALLS": "sautikit.calls.>",
}
# JetStream drops a re-published Nats-Msg-Id seen within this window.
DUPLICATE_WINDOW_SECONDS = 600.0


def stream_for_subject(subject: str) -> str:
    for name, pattern in STREAMS.items():
        if subject.startswith(pattern[:-1]):
            return name
    raise ValueError(f"no stream carries subject {subject}")


def stream_replicas() -> int:
    """How many JetStream servers keep a copy of each stream (NATS_STREAM_REPLICAS, default 1).
    Production runs a three-node cluster with 3, so losing one node loses no event."""
    replicas = env_int("NATS_STREAM_REPLICAS", 1)
    if not 1 <= replicas <= 5:
        raise ConfigError("NATS_STREAM_REPLICAS must be between 1 and 5 (JetStream's limit)")
    return replicas


async def ensure_stream(
    js: JetStreamContext, name: str, subjects: list[str], *, replicas: int | None = None
) -> None:
    """Creates the stream if missing, with `replicas` copies (default: stream_replicas()).
    Both publishers and consumers call it, so start order does not matter. An existing
    stream is left as it is: changing its replicas is an operator's `nats stream edit`."""
    try:
        await js.stream_info(name)
    except NotFoundError:
        config = StreamConfig(
            name=name,
            subjects=subjects,
            duplicate_window=DUPLICATE_WINDOW_SECONDS,
            max_age=7 * 24 * 3600.0,
            num_replicas=replicas or stream_replicas(),
        )
        try:
            await js.add_stream(config)
        except Exception:
            # Another replica may have created it between our two calls.
            await js.stream_info(name)


class NatsLink:
    """Owns one NATS connection; `wait_connected()` gives a JetStream context once there is one."""

    def __init__(self, url: str, *, name: str) -> None:
        self.url = url
        self.name = name
        self._client: NatsClient | None = None
        self._connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(
                self._connect_forever(), name=f"nats-connect-{self.name}"
            )

    async def _connect_forever(self) -> None:
        delay = 0.2
        while not self._closing:
            try:
                self._client = await nats.connect(
                    # A comma-separated list names several servers of one cluster.
                    servers=[url.strip() for url in self.url.split(",") if url.strip()],
                    name=self.name,
                    allow_reconnect=True,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=0.5,
                    connect_timeout=2,
                    error_cb=self._on_error,
                    disconnected_cb=self._on_disconnected,
                    reconnected_cb=self._on_reconnected,
                )
                self._connected.set()
                log.info("nats connected", extra={"nats_url": self.url})
                return
            except Exception as exc:
                log.warning("nats not reachable, retrying", extra={"error": str(exc)})
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _on_error(self, exc: Exception) -> None:
        log.debug("nats error", extra={"error": str(exc)})

    async def _on_disconnected(self) -> None:
        log.warning("nats disconnected")

    async def _on_reconnected(self) -> None:
        log.info("nats reconnected")

    @property
    def is_connected(self) -> bool:
        return self._client is not None and self._client.is_connected

    async def wait_connected(self) -> NatsClient:
        self.start()
        await self._connected.wait()
        assert self._client is not None
        return self._client

    async def jetstream(self) -> JetStreamContext:
        client = await self.wait_connected()
        return client.jetstream(timeout=5)

    async def close(self) -> None:
        self._closing = True
        if self._task is not None and not self._task.done():
            self._task.cancel()
        if self._client is not None and not self._client.is_closed:
            # Flush (acknowledgements and publishes already written reach the server), then
            # close. Not drain(): the consumers are stopped by now, and a pull subscription's
            # queue may hold messages nobody will take, so drain() waits for its timeout and
            # leaves a cancelled gather behind ("exception was never retrieved" at exit).
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._client.flush(), timeout=2)
            await self._client.close()
