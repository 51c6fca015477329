"""Harness of the notification tests (it holds no tests): the real notifications service
(its consumers on JetStream, its schema), the gateway's WorkspaceAdminService for the
workspace's email, and a real SMTP server on loopback (devstack's sink, aiosmtpd) that keeps
each message. Sending passes are driven by the tests, on a clock they move."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import grpc
import psycopg
from psycopg.rows import dict_row

from devstack.smtp_sink import SmtpSink
from gateway.main import create_admin_service
from platform_common.db import create_engine
from platform_common.uow import unit_of_work_factory
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc
from services.notifications import repository
from services.notifications.directory import GrpcWorkspaceDirectory
from services.notifications.domain import RetrySchedule, SenderSettings
from services.notifications.mailer import SmtpMailer, SmtpSettings
from services.notifications.main import create_service
from services.notifications.templates import Renderer
from services.notifications.usecases import send_due
from tests.conftest import eventually

SETTINGS = SenderSettings(interval_seconds=3600.0, batch_size=5, retry=RetrySchedule())


class MovableClock:
    def __init__(self) -> None:
        self.current = datetime.now(UTC)

    def now(self) -> datetime:
        return self.current

    def move_to(self, moment: datetime) -> None:
        self.current = moment


@dataclass
class Notifications:
    database_url: str
    sink: SmtpSink
    smtp: SmtpSettings
    admin: admin_pb2_grpc.WorkspaceAdminServiceStub
    admin_address: str
    clock: MovableClock

    async def workspace(self, email: str = "") -> str:
        reply = await self.admin.CreateWorkspace(
            admin_pb2.CreateWorkspaceRequest(name="Email tests", email=email)
        )
        return reply.workspace.id

    async def send_pass(self, senders: int = 1) -> None:
        """`senders` sending passes at the same moment, each with its own engine."""
        engines = [create_engine(self.database_url) for _ in range(senders)]
        directory = GrpcWorkspaceDirectory(self.admin_address)
        try:
            await asyncio.gather(
                *(
                    send_due(
                        new_uow=unit_of_work_factory(engine, repository.outbox),
                        directory=directory,
                        send=SmtpMailer(self.smtp).send,
                        renderer=Renderer(base_url="https://api.example.test"),
                        smtp=self.smtp,
                        clock=self.clock,
                        settings=SETTINGS,
                    )
                    for engine in engines
                )
            )
        finally:
            await directory.close()
            for engine in engines:
                await engine.dispose()

    async def rows(self, query: str = "SELECT * FROM notifications.emails") -> list[dict[str, Any]]:
        async with await psycopg.AsyncConnection.connect(
            self.database_url, autocommit=True
        ) as conn:
            cursor = await conn.cursor(row_factory=dict_row).execute(query)
            return await cursor.fetchall()

    async def queued(self, template: str, count: int = 1) -> list[dict[str, Any]]:
        """Waits until `count` emails of `template` are recorded, then returns them."""

        async def enough() -> bool:
            return len([r for r in await self.rows() if r["template"] == template]) >= count

        await eventually(enough, timeout=20)
        return [r for r in await self.rows() if r["template"] == template]

    def mail_to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.sink.received if m["To"] == address]


def parts(message: EmailMessage) -> tuple[str, str]:
    """(plain text, HTML) of a multipart/alternative message."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return str(text.get_content()), str(html.get_content())


@contextlib.asynccontextmanager
async def running_notifications(
    database_url: str, nats_url: str, mail_dir: Path
) -> AsyncIterator[Notifications]:
    sink = SmtpSink(mail_dir)
    sink.start()
    smtp = SmtpSettings(host="127.0.0.1", port=sink.port, timeout_seconds=5.0)
    clock = MovableClock()
    admin = create_admin_service(database_url=database_url)
    admin_port = await admin.start()
    admin_address = f"127.0.0.1:{admin_port}"
    service = create_service(
        database_url=database_url,
        nats_url=nats_url,
        smtp=smtp,
        settings=SETTINGS,
        directory=GrpcWorkspaceDirectory(admin_address),
        clock=clock,
        sender=False,
    )
    await service.start()
    try:
        async with grpc.aio.insecure_channel(admin_address) as channel:
            yield Notifications(
                database_url=database_url,
                sink=sink,
                smtp=smtp,
                admin=admin_pb2_grpc.WorkspaceAdminServiceStub(channel),
                admin_address=admin_address,
                clock=clock,
            )
    finally:
        await service.stop()
        await admin.stop()
        sink.stop()


def new_event_id() -> uuid.UUID:
    return uuid.uuid4()
