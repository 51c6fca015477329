"""The baseline of the gateway benchmarks: a "hello" ASGI app served by uvicorn with the very
server configuration the gateway uses (gateway.main.http_server), in its own process.

`python -m bench.hello_app PORT`
"""

from __future__ import annotations

import sys

from starlette.types import Receive, Scope, Send

from gateway.main import http_server
from platform_common import event_loop

_BODY = b'{"hello":"world"}'
_HEADERS = [(b"content-type", b"application/json"), (b"content-length", b"17")]


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": _HEADERS})
    await send({"type": "http.response.body", "body": _BODY})


def main() -> None:
    server = http_server(hello, host="127.0.0.1", port=int(sys.argv[1]))  # type: ignore[arg-type]
    server.config.lifespan = "off"
    event_loop.run(server.serve())


if __name__ == "__main__":
    main()
