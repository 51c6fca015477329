"""A real gRPC server on loopback that answers every method of every service: it records the
call and then does what the test says (an error of any kind, or a Python exception). Stands
in for all four services at once where a test needs the gateway's behaviour, not theirs."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import grpc

from gateway.testing import serving_grpc

Behaviour = Callable[[bytes, grpc.aio.ServicerContext], Awaitable[bytes]]


async def raise_unexpected(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
    # What a servicer bug looks like: grpc answers UNKNOWN carrying the exception's text.
    raise RuntimeError('Traceback (most recent call last): File "/srv/secret.py", line 1')


async def abort_internal(request: bytes, context: grpc.aio.ServicerContext) -> None:
    await context.abort(
        grpc.StatusCode.INTERNAL, "psycopg.errors.UndefinedTable: relation wallets at 10.0.0.7"
    )


@dataclass
class CatchAll(grpc.GenericRpcHandler):
    behaviour: Behaviour = raise_unexpected
    calls: list[str] = field(default_factory=list)

    def service(
        self, handler_call_details: grpc.HandlerCallDetails
    ) -> grpc.RpcMethodHandler | None:
        method = handler_call_details.method
        if method.startswith("/grpc.health"):
            return None  # the real health service answers those

        async def answer(request: bytes, context: grpc.aio.ServicerContext) -> bytes:
            self.calls.append(method)
            return await self.behaviour(request, context)

        return grpc.unary_unary_rpc_method_handler(answer)


@contextlib.asynccontextmanager
async def serving_catch_all(handler: CatchAll) -> AsyncIterator[str]:
    def register(server: grpc.aio.Server) -> None:
        server.add_generic_rpc_handlers((handler,))

    async with serving_grpc(register) as address:
        yield address
