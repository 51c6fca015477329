"""Composition root of the notifications service: `python -m services.notifications.main
[migrate]`. Event consumers queue emails, a background sender sends them; one RPC
(AccountEmailService) sends the console's account emails at once."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import grpc

from platform_common.composition import ServiceParts, compose_service, run_service_main
from platform_common.config import env_str, service_address
from platform_common.grpc_server import GrpcService
from sautikit.notifications.v1 import account_emails_pb2, account_emails_pb2_grpc
from services.notifications import repository
from services.notifications.account_emails import AccountEmailServicer
from services.notifications.consumers import build_subscriptions
from services.notifications.directory import GrpcWorkspaceDirectory, WorkspaceDirectory
from services.notifications.domain import Clock, SenderSettings, SystemClock
from services.notifications.mailer import SmtpMailer, SmtpSettings
from services.notifications.templates import Renderer
from services.notifications.usecases import Send, send_due

MIGRATIONS = Path(__file__).parent / "migrations"

log = logging.getLogger(__name__)


def create_service(
    *,
    database_url: str,
    nats_url: str,
    host: str = "127.0.0.1",
    port: int = 0,
    smtp: SmtpSettings | None = None,
    settings: SenderSettings | None = None,
    directory: WorkspaceDirectory | None = None,
    send: Send | None = None,
    clock: Clock | None = None,
    sender: bool = True,
) -> GrpcService:
    """Wires the notifications service; tests pass their SMTP settings, the clock, and
    sender=False to drive sending passes themselves."""
    smtp_settings = smtp or SmtpSettings.from_env()
    sender_settings = settings or SenderSettings.from_env()
    workspace_directory = directory or GrpcWorkspaceDirectory(service_address("gateway-admin"))
    send_message = send or SmtpMailer(smtp_settings).send
    now = clock or SystemClock()
    renderer = Renderer(base_url=env_str("PUBLIC_API_URL", "https://api.sautikit.com"))

    def register(server: grpc.aio.Server, parts: ServiceParts) -> list[str]:
        async def send_forever() -> None:
            while True:
                try:
                    await send_due(
                        new_uow=parts.new_uow,
                        directory=workspace_directory,
                        send=send_message,
                        renderer=renderer,
                        smtp=smtp_settings,
                        clock=now,
                        settings=sender_settings,
                    )
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("email pass failed; retrying next interval")
                await asyncio.sleep(sender_settings.interval_seconds)

        if sender:
            parts.background.append(send_forever)
        account_emails_pb2_grpc.add_AccountEmailServiceServicer_to_server(
            AccountEmailServicer(send=send_message, renderer=renderer, smtp=smtp_settings), server
        )
        return [account_emails_pb2.DESCRIPTOR.services_by_name["AccountEmailService"].full_name]

    return compose_service(
        name="notifications",
        database_url=database_url,
        nats_url=nats_url,
        outbox=repository.outbox,
        processed_events=repository.processed_events,
        register=register,
        subscriptions=build_subscriptions(now),
        host=host,
        port=port,
    )


def main() -> None:
    run_service_main(name="notifications", migrations_dir=MIGRATIONS, create_service=create_service)


if __name__ == "__main__":
    main()
