"""The HTTP/1.1 connection protocol of the public API: uvicorn's httptools protocol with two
changes at the wire, before the application runs.

1. Raw non-ASCII bytes in the request target are percent-encoded before the parser sees them.
   curl sends a URL typed or pasted with such characters (the seed's
   `?country=KE¤cy=KES`) as raw UTF-8; llhttp refuses any byte above 0x7E in a target, so
   the request never reached the app. Percent-encoding is what a browser does with the same
   URL, it is lossless (the app decodes it back), and it changes nothing for valid requests.
2. A request the parser still refuses is answered like every other error of the API: an
   RFC 9457 problem (`application/problem+json`, code `malformed_request`) with a request id
   in the body and in X-Request-Id, instead of uvicorn's plain-text 400.
3. A request line plus headers over MAX_HEAD_BYTES is refused with 431
   `request_headers_too_large` as soon as the limit is passed, without reading the rest.
4. Read timeouts, answered 408 `request_timeout` and the connection closed: a request's
   headers must all arrive within `header_timeout_seconds` of its first byte (a slowloris
   trickling header bytes is cut there), and its body within `body_timeout_seconds` of the end
   of its headers (a stalled body is cut there).
5. A connection that sends nothing at all is closed after uvicorn's keep-alive timeout, like
   an idle connection between requests (uvicorn arms that timer only after a response, so a
   connection that never sent a request used to stay open for good).

Why not another server: h11 (pure Python) refuses the same bytes and costs several times more
per request; a proxy in front would be one more process to run. This keeps the C parser and
its speed, and touches only the bytes of a request line that would have been refused anyway.
"""

from __future__ import annotations

import asyncio
import json
import logging

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from gateway.problems import PROBLEM_CONTENT_TYPE, TYPE_BASE
from platform_common.ids import new_id_str

log = logging.getLogger(__name__)

# A request line longer than this is fed to the parser unrewritten (it refuses it or not).
_MAX_REQUEST_LINE = 16 * 1024
# The request line and headers together: beyond this, 431 before reading any further (llhttp
# itself has no limit, so a 64 MiB header used to be read whole).
MAX_HEAD_BYTES = 32 * 1024
# Defaults of the read timeouts (GatewaySettings overrides them through `configured`). Idle
# keep-alive connections are uvicorn's timeout_keep_alive; a running request (the app) has no
# limit here.
HEADER_TIMEOUT_SECONDS = 10.0
BODY_TIMEOUT_SECONDS = 30.0


def percent_encode_target(request_line: bytes) -> bytes:
    """The request line with every byte >= 0x80 of its target written as %XX."""
    first_space = request_line.find(b" ")
    last_space = request_line.rfind(b" ")
    if first_space < 0 or last_space <= first_space:
        return request_line
    target = request_line[first_space + 1 : last_space]
    if target.isascii():
        return request_line
    encoded = b"".join(b"%%%02X" % byte if byte >= 0x80 else bytes([byte]) for byte in target)
    return request_line[: first_space + 1] + encoded + request_line[last_space:]


def malformed_request_response(
    detail: str, *, status: int = 400, code: str = "malformed_request"
) -> tuple[bytes, str]:
    """The raw HTTP/1.1 problem response for a request refused before the app (400 by
    default)."""
    request_id = new_id_str()
    title = {400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large"}[
        status
    ]
    body = json.dumps(
        {
            "type": TYPE_BASE + code,
            "title": title,
            "status": status,
            "detail": detail,
            "code": code,
            "request_id": request_id,
        },
        separators=(",", ":"),
    ).encode()
    head = (
        f"HTTP/1.1 {status} {title}\r\n"
        f"content-type: {PROBLEM_CONTENT_TYPE}\r\n"
        f"content-length: {len(body)}\r\n"
        f"x-request-id: {request_id}\r\n"
        "x-content-type-options: nosniff\r\n"
        "connection: close\r\n\r\n"
    ).encode()
    return head + body, request_id


class ProblemHttpProtocol(HttpToolsProtocol):
    """See the module docstring."""

    header_timeout_seconds = HEADER_TIMEOUT_SECONDS
    body_timeout_seconds = BODY_TIMEOUT_SECONDS

    @classmethod
    def configured(
        cls, *, header_timeout_seconds: float, body_timeout_seconds: float
    ) -> type[ProblemHttpProtocol]:
        """This protocol with other read timeouts (uvicorn instantiates the class itself)."""
        return type(
            cls.__name__,
            (cls,),
            {
                "header_timeout_seconds": header_timeout_seconds,
                "body_timeout_seconds": body_timeout_seconds,
            },
        )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self._request_line_pending = b""
        self._at_request_start = True
        self._head_bytes = 0  # of the current request, until its headers are complete
        self._in_head = True
        self._read_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # Idle from the start: closed after the keep-alive timeout unless a request begins
        # (uvicorn's data_received cancels this timer, as it does between requests).
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def data_received(self, data: bytes) -> None:
        if self._read_deadline is None and self._in_head:
            self._arm_read_deadline(self.header_timeout_seconds, "headers")
        if self._in_head:
            end = data.find(b"\r\n\r\n")  # a body in the same packet is not head
            self._head_bytes += len(data) if end < 0 else end + 4
            if self._head_bytes > MAX_HEAD_BYTES:
                self._refuse(
                    f"the request line and headers exceed {MAX_HEAD_BYTES} bytes",
                    status=431,
                    code="request_headers_too_large",
                )
                return
        if self._at_request_start:
            data = self._request_line_pending + data
            end = data.find(b"\n")
            if end < 0 and len(data) < _MAX_REQUEST_LINE:
                self._request_line_pending = data  # wait for the rest of the request line
                return
            self._request_line_pending = b""
            self._at_request_start = False
            if end >= 0:
                data = percent_encode_target(data[:end]) + data[end:]
        super().data_received(data)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._cancel_read_deadline()
        self._arm_read_deadline(self.body_timeout_seconds, "body")
        super().on_headers_complete()

    def _arm_read_deadline(self, seconds: float, part: str) -> None:
        self._read_deadline = self.loop.call_later(seconds, self._read_timed_out, seconds, part)

    def _read_timed_out(self, seconds: float, part: str) -> None:
        self._read_deadline = None
        self._refuse(
            f"the request's {part} did not arrive in full within {seconds:g} s",
            status=408,
            code="request_timeout",
        )

    def _cancel_read_deadline(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_read_deadline()
        super().connection_lost(exc)

    def on_message_complete(self) -> None:
        self._cancel_read_deadline()
        super().on_message_complete()
        self._at_request_start = True
        self._in_head = True
        self._head_bytes = 0

    def send_400_response(self, msg: str) -> None:
        self._refuse("the request is not valid HTTP/1.1 (request line, header or framing)")

    def _refuse(self, detail: str, *, status: int = 400, code: str = "malformed_request") -> None:
        if self.transport.is_closing():
            return
        response, request_id = malformed_request_response(detail, status=status, code=code)
        log.warning(
            "http request refused before the app", extra={"request_id": request_id, "code": code}
        )
        self.transport.write(response)
        self.transport.close()
