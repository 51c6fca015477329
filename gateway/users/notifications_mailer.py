"""ConsoleMailer over gRPC: asks the notifications service (AccountEmailService) to send the
email now. A failure is logged without the address or the link, and the HTTP answer does not
change (a reset request answers 202 whatever happens; the person asks again)."""

from __future__ import annotations

import logging

import grpc

from platform_common.grpc_client import call_metadata, open_channel
from sautikit.notifications.v1 import account_emails_pb2, account_emails_pb2_grpc

log = logging.getLogger(__name__)


class NotificationsMailer:
    def __init__(self, address: str, *, timeout_seconds: float) -> None:
        self._address = address
        self._timeout = timeout_seconds
        self._channel: grpc.aio.Channel | None = None

    def _stub(self) -> account_emails_pb2_grpc.AccountEmailServiceStub:
        if self._channel is None:  # opened inside the running event loop
            self._channel = open_channel(self._address)
        return account_emails_pb2_grpc.AccountEmailServiceStub(self._channel)

    async def _send(self, request: account_emails_pb2.SendAccountEmailRequest) -> None:
        try:
            await self._stub().SendAccountEmail(
                request, timeout=self._timeout, metadata=call_metadata()
            )
        except grpc.aio.AioRpcError as exc:
            log.error(
                "console email not sent",
                extra={"kind": request.kind, "grpc_code": exc.code().name},
            )

    async def send_password_reset(self, *, to: str, link: str, valid_for_seconds: float) -> None:
        await self._send(
            account_emails_pb2.SendAccountEmailRequest(
                to=to,
                kind=account_emails_pb2.ACCOUNT_EMAIL_KIND_PASSWORD_RESET,
                link=link,
                valid_for_seconds=int(valid_for_seconds),
            )
        )

    async def send_invitation(
        self,
        *,
        to: str,
        link: str,
        workspace_name: str,
        role: str,
        valid_for_seconds: float,
    ) -> None:
        await self._send(
            account_emails_pb2.SendAccountEmailRequest(
                to=to,
                kind=account_emails_pb2.ACCOUNT_EMAIL_KIND_INVITATION,
                link=link,
                valid_for_seconds=int(valid_for_seconds),
                workspace_name=workspace_name,
                role=role,
            )
        )

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
