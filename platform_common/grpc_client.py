"""gRPC client channels that carry the caller's request id and turn failures into RemoteError."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc

from platform_common.logs import request_id_var

_CHANNEL_OPTIONS = [
    ("grpc.keepalive_time_ms", 30_000),
    ("grpc.enable_retries", 1),
    # A service back from an outage is found again within seconds, not gRPC's default 2 minutes.
    ("grpc.initial_reconnect_backoff_ms", 200),
    ("grpc.max_reconnect_backoff_ms", 5000),
]


class _RequestIdInterceptor(grpc.aio.UnaryUnaryClientInterceptor):
    async def intercept_unary_unary(
        self,
        continuation: Callable[..., Any],
        client_call_details: grpc.aio.ClientCallDetails,
        request: Any,
    ) -> Any:
        request_id = request_id_var.get()
        if request_id:
            metadata = list(client_call_details.metadata or [])
            metadata.append(("x-request-id", request_id))
            client_call_details = client_call_details._replace(metadata=metadata)  # type: ignore[attr-defined]
        return await continuation(client_call_details, request)


def open_channel(address: str) -> grpc.aio.Channel:
    """An insecure channel (in-cluster traffic; mTLS belongs to the service mesh)."""
    return grpc.aio.insecure_channel(
        address, options=_CHANNEL_OPTIONS, interceptors=[_RequestIdInterceptor()]
    )
