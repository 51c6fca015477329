"""A local SMTP sink (aiosmtpd) for development and tests: it accepts every message on a
loopback port and keeps each one as a `.eml` file in a folder (`make run`: .data/mail/).
Open a file with any mail client, or read it as text. It stands in for the outside SMTP
server at the wire: the notifications service speaks real SMTP to it.

`python -m devstack.smtp_sink` reads SMTP_SINK_PORT (1025) and SMTP_SINK_DIR (.data/mail)."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import threading
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent


class MailFolderHandler:
    """aiosmtpd handler: writes each accepted message to `<folder>/<time>-<id>.eml`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.received: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content: bytes = envelope.original_content or envelope.content
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        partial = self.folder / f".{name}.part"
        partial.write_bytes(content)
        partial.rename(self.folder / name)  # a reader never sees half a message
        self.received.append(
            email.message_from_bytes(content, policy=email.policy.default)  # type: ignore[arg-type]
        )
        return "250 Message accepted for delivery"


class SmtpSink:
    """The sink on 127.0.0.1:`port` (0: a free port); start() and stop() may repeat."""

    def __init__(self, folder: Path, port: int = 0) -> None:
        self.handler = MailFolderHandler(folder)
        self.port = port
        self._controller: Controller | None = None

    def start(self) -> int:
        if self.port == 0:
            import socket

            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self.port

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self) -> list[EmailMessage]:
        return self.handler.received


def main() -> None:
    folder = Path(os.environ.get("SMTP_SINK_DIR", ROOT / ".data" / "mail")).resolve()
    sink = SmtpSink(folder, int(os.environ.get("SMTP_SINK_PORT", "1025")))
    port = sink.start()
    print(f"SMTP sink on 127.0.0.1:{port}, messages in {folder}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    sink.stop()


if __name__ == "__main__":
    main()
