"""A customer's webhook receiver, faked at the wire: a small HTTP/1.1 server on 127.0.0.1 that
records every request (headers and exact body bytes) and answers from a script.

Used by the routing tests and the delivery benchmark. It speaks just enough HTTP/1.1 for
httpx: Content-Length bodies, keep-alive, one request at a time per connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    at: float  # time.monotonic() when the body had arrived


@dataclass(frozen=True)
class Answer:
    status: int = 200
    body: bytes = b"ok"
    headers: dict[str, str] = field(default_factory=dict)
    delay_seconds: float = 0.0
    hang: bool = False  # never answer (the connection stays open until the receiver stops)


_REASONS = {
    200: "OK",
    204: "No Content",
    302: "Found",
    400: "Bad Request",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


class WebhookReceiver:
    """`answers` are used in order, then `default` for every later request; `script`, when
    given, decides instead."""

    def __init__(
        self,
        answers: list[Answer] | None = None,
        *,
        default: Answer | None = None,
        script: Callable[[Received], Answer] | None = None,
    ) -> None:
        self.answers = list(answers or [])
        self.default = default or Answer()
        self.script = script
        self.received: list[Received] = []
        # Those of them answered 2xx, once the answer was written: what the sender was told
        # was delivered.
        self.accepted: list[Received] = []
        self.arrived = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._stop = asyncio.Event()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> WebhookReceiver:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.close()
        for writer in list(self._writers):
            writer.close()
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), timeout=2)

    async def __aenter__(self) -> WebhookReceiver:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def _next_answer(self, request: Received) -> Answer:
        if self.script is not None:
            return self.script(request)
        return self.answers.pop(0) if self.answers else self.default

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            while not self._stop.is_set():
                request = await self._read_request(reader)
                if request is None:
                    return
                self.received.append(request)
                self.arrived.set()
                answer = self._next_answer(request)
                if answer.hang:
                    await self._stop.wait()
                    return
                if answer.delay_seconds:
                    # A slow receiver, but one that stops with the test.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stop.wait(), timeout=answer.delay_seconds)
                    if self._stop.is_set():
                        return
                head = [f"HTTP/1.1 {answer.status} {_REASONS.get(answer.status, 'Status')}"]
                head += [f"{k}: {v}" for k, v in answer.headers.items()]
                head += [f"content-length: {len(answer.body)}", "content-type: text/plain"]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + answer.body)
                await writer.drain()
                if 200 <= answer.status < 300:
                    self.accepted.append(request)
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            self._writers.discard(writer)
            writer.close()

    async def _read_request(self, reader: asyncio.StreamReader) -> Received | None:
        line = await reader.readline()
        if not line:
            return None
        method, path, _ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            raw = await reader.readline()
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        return Received(method, path, headers, body, time.monotonic())
