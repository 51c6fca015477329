"""The gateway's HTTP/1.1 protocol under real uvicorn on loopback, spoken to with raw bytes:
raw UTF-8 in a request target reaches the app percent-encoded, and whatever the parser refuses
is answered as an RFC 9457 problem with a request id, never uvicorn's plain text."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest
from fastapi import FastAPI, Request

from gateway.http_protocol import MAX_HEAD_BYTES, percent_encode_target
from gateway.testing import serving_http


def echo_app() -> FastAPI:
    app = FastAPI()

    @app.get("/echo")
    async def echo(request: Request) -> dict[str, object]:
        return {"query": request.url.query, "params": dict(request.query_params)}

    @app.post("/echo")
    async def echo_body(request: Request) -> dict[str, object]:
        return {"bytes": len(await request.body())}

    return app


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    async with serving_http(echo_app()) as url:
        yield url


async def exchange(base_url: str, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    address = urlsplit(base_url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    try:
        writer.write(raw)
        await writer.drain()
        response = await asyncio.wait_for(reader.read(), timeout=10)
    finally:
        writer.close()
    head, _, body = response.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (h.split(":", 1) for h in header_lines)}
    return int(status_line.split()[1]), headers, body


async def test_raw_utf8_in_the_target_reaches_the_app_percent_encoded(base_url: str) -> None:
    raw = "GET /echo?country=KE¤cy=KES HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    status, _headers, body = await exchange(base_url, raw.encode())
    assert status == 200, body
    assert json.loads(body)["params"] == {"country": "KE¤cy=KES"}


async def test_a_request_line_split_across_packets_is_still_repaired(base_url: str) -> None:
    address = urlsplit(base_url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    for part in (
        b"GET /echo?q=\xc2",
        b"\xa4 HTTP/1.1\r\nHost: x\r\n",
        b"Connection: close\r\n\r\n",
    ):
        writer.write(part)
        await writer.drain()
    response = await asyncio.wait_for(reader.read(), timeout=10)
    writer.close()
    assert response.startswith(b"HTTP/1.1 200")
    assert json.loads(response.partition(b"\r\n\r\n")[2])["params"] == {"q": "¤"}


@pytest.mark.parametrize(
    "raw",
    [
        b"GET /echo HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
        b"BR\x00KEN / HTTP/1.1\r\n\r\n",
        b"GET /echo HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n",
        b"GET /echo HTTP/9.9\r\nHost: x\r\n\r\n",
    ],
    ids=["header-without-colon", "bad-method", "bad-content-length", "bad-version"],
)
async def test_a_malformed_request_gets_a_problem_with_a_request_id(
    base_url: str, raw: bytes
) -> None:
    status, headers, body = await exchange(base_url, raw)
    assert status == 400
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["code"] == "malformed_request" and problem["status"] == 400
    assert problem["request_id"] == headers["x-request-id"]


def test_only_non_ascii_bytes_of_the_target_are_encoded() -> None:
    assert percent_encode_target(b"GET /a?b=\xc2\xa4 HTTP/1.1") == b"GET /a?b=%C2%A4 HTTP/1.1"
    assert percent_encode_target(b"GET /a?b=%20 HTTP/1.1") == b"GET /a?b=%20 HTTP/1.1"
    assert percent_encode_target(b"garbage\xff") == b"garbage\xff"


async def test_an_oversized_head_is_refused_with_431(base_url: str) -> None:
    big = b"X-Big: " + b"a" * MAX_HEAD_BYTES  # no end of headers: the server must not wait
    raw = b"GET /echo HTTP/1.1\r\nHost: x\r\n" + big
    status, headers, body = await exchange(base_url, raw)
    assert status == 431
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["code"] == "request_headers_too_large"


async def test_a_64_mib_header_is_not_read_whole(base_url: str) -> None:
    address = urlsplit(base_url)
    reader, writer = await asyncio.open_connection(address.hostname, address.port)
    writer.write(b"GET /echo HTTP/1.1\r\nHost: x\r\nX-Big: ")
    filler = b"a" * 65_536
    sent = 0
    with contextlib.suppress(ConnectionError):
        for _ in range(1024):  # 64 MiB if the server kept reading
            writer.write(filler)
            await writer.drain()
            sent += len(filler)
            if writer.is_closing() or reader.at_eof():
                break
        await asyncio.wait_for(reader.read(), timeout=10)
    writer.close()
    assert sent < 64 * 1024 * 1024, "the server stopped reading long before"


async def test_a_large_body_right_after_small_headers_is_not_mistaken_for_head(
    base_url: str,
) -> None:
    body = b"x" * (MAX_HEAD_BYTES * 3)
    raw = (
        b"GET /echo?big=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    status, _headers, response = await exchange(base_url, raw)
    assert status == 200, response


@pytest.mark.parametrize(
    "partial",
    [
        b"GET /echo HTTP/1.1\r\nHost: x\r\nX-Slow: ",
        b'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"half": ',
    ],
    ids=["stalled-headers", "stalled-body"],
)
async def test_a_stalled_request_gets_408_and_the_connection_closed(partial: bytes) -> None:
    async with serving_http(
        echo_app(), header_timeout_seconds=0.5, body_timeout_seconds=0.5
    ) as url:
        status, headers, body = await exchange(url, partial)  # reads until the server closes
    assert status == 408
    assert headers["content-type"] == "application/problem+json"
    assert json.loads(body)["code"] == "request_timeout"


async def test_a_header_slowloris_is_cut_at_the_header_timeout() -> None:
    """Header bytes trickling in keep the connection busy but never reset the deadline."""
    async with serving_http(echo_app(), header_timeout_seconds=0.5, body_timeout_seconds=60) as url:
        address = urlsplit(url)
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        writer.write(b"GET /echo HTTP/1.1\r\nHost: x\r\n")
        response = b""
        with contextlib.suppress(ConnectionError):
            for n in range(200):  # one header line at a time, far past the header timeout
                writer.write(b"X-Drip-%d: a\r\n" % n)
                await writer.drain()
                with contextlib.suppress(TimeoutError):
                    response = await asyncio.wait_for(reader.read(), timeout=0.05)
                if response or reader.at_eof():
                    break
        writer.close()
    assert response.startswith(b"HTTP/1.1 408"), response[:80]


async def test_a_connection_that_never_sends_is_closed_after_the_idle_timeout() -> None:
    async with serving_http(echo_app(), keepalive_seconds=1) as url:
        address = urlsplit(url)
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        closed_with = await asyncio.wait_for(reader.read(), timeout=10)
        writer.close()
    assert closed_with == b""  # nothing was asked, so nothing is answered: just closed


async def test_an_idle_keep_alive_connection_is_closed_after_the_idle_timeout() -> None:
    async with serving_http(echo_app(), keepalive_seconds=1) as url:
        address = urlsplit(url)
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        writer.write(b"GET /echo HTTP/1.1\r\nHost: x\r\n\r\n")
        await writer.drain()
        first = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=10)
        rest = await asyncio.wait_for(reader.read(), timeout=10)  # the body, then EOF
        writer.close()
    assert first.startswith(b"HTTP/1.1 200")
    assert rest.endswith(b"}")


async def test_a_slow_but_complete_request_is_not_cut() -> None:
    async with serving_http(echo_app(), header_timeout_seconds=5.0) as url:
        address = urlsplit(url)
        reader, writer = await asyncio.open_connection(address.hostname, address.port)
        for part in (b"GET /echo?a=1 HTTP/1.1\r\n", b"Host: x\r\n", b"Connection: close\r\n\r\n"):
            writer.write(part)
            await writer.drain()
        response = await asyncio.wait_for(reader.read(), timeout=10)
        writer.close()
    assert response.startswith(b"HTTP/1.1 200")
