"""The simulation's adapter to the wallet's UsageService: AuthorizeCall, asked exactly as the
voice platform asks it, so a simulated call is reserved, rated and recorded like a real one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import grpc

from platform_common.errors import RemoteError, Unavailable
from platform_common.grpc_client import call_metadata, open_channel
from sautikit.events.v1 import calls_pb2
from sautikit.wallet.v1 import usage_pb2, usage_pb2_grpc


@dataclass(frozen=True)
class CallAuthorization:
    allowed: bool
    refusal_reason: int  # usage_pb2.CallRefusalReason


class CallAuthorizerPort(Protocol):
    async def authorize_inbound(
        self, *, call_id: str, e164: str, from_number: str
    ) -> CallAuthorization:
        """The wallet's answer for an inbound call to `e164`."""
        ...


@dataclass
class GrpcCallAuthorizer:
    address: str
    timeout_seconds: float = 3.0
    _channel: grpc.aio.Channel | None = field(default=None, init=False)

    def _stub(self) -> usage_pb2_grpc.UsageServiceStub:
        # Opened lazily: grpc.aio channels belong to the event loop that creates them.
        if self._channel is None:
            self._channel = open_channel(self.address)
        return usage_pb2_grpc.UsageServiceStub(self._channel)

    async def authorize_inbound(
        self, *, call_id: str, e164: str, from_number: str
    ) -> CallAuthorization:
        try:
            reply = await self._stub().AuthorizeCall(
                usage_pb2.AuthorizeCallRequest(
                    call_id=call_id,
                    e164=e164,
                    direction=calls_pb2.CALL_DIRECTION_INBOUND,
                    from_number=from_number,
                    to_number=e164,
                    # Test mode's simulator, not the edge: the wallet allows it only on a
                    # test number (and refuses test numbers to everyone else).
                    simulated=True,
                ),
                timeout=self.timeout_seconds,
                metadata=call_metadata(),
            )
        except grpc.aio.AioRpcError as exc:
            error = RemoteError.from_rpc_error(exc)
            raise Unavailable(f"the wallet did not authorize the call: {error}") from None
        return CallAuthorization(allowed=reply.allowed, refusal_reason=reply.refusal_reason)

    async def close(self) -> None:
        if self._channel is not None:
            await self._channel.close()
            self._channel = None
