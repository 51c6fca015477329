"""gRPC server bootstrap shared by every service: interceptors (request id, JSON access log,
Prometheus metrics, domain-error mapping with the service's ErrorInfo domain), standard health
checking, reflection (v1 and v1alpha), background tasks (outbox relay, consumers, sweepers) and a
graceful SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from prometheus_client import Counter, Histogram, start_http_server
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.db import is_database_unavailable, ping
from platform_common.errors import (
    ERROR_DOMAIN,
    DomainError,
    Unavailable,
    error_domain_for,
    trailing_metadata_for,
)
from platform_common.ids import new_id_str
from platform_common.logs import request_id_var
from platform_common.nats_link import NatsLink
from platform_common.reflection import enable_reflection

log = logging.getLogger(__name__)

RPC_HANDLED = Counter(
    "grpc_server_handled_total", "RPCs completed", ["grpc_service", "grpc_method", "grpc_code"]
)
RPC_SECONDS = Histogram(
    "grpc_server_handling_seconds",
    "RPC latency",
    ["grpc_service", "grpc_method"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
HEALTH_SERVICE = "grpc.health.v1.Health"


class ObservabilityInterceptor(grpc.aio.ServerInterceptor):
    """Wraps every unary RPC: request id in context and logs, metrics, DomainError -> status.

    The wrapped handler is built once per method and reused: building it per call was a
    noticeable share of a hot RPC's cost.
    """

    def __init__(self, *, error_domain: str = ERROR_DOMAIN) -> None:
        self._wrapped: dict[str, grpc.RpcMethodHandler] = {}
        self._error_domain = error_domain

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[grpc.RpcMethodHandler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> grpc.RpcMethodHandler:
        full_method = handler_call_details.method or "/unknown/unknown"
        cached = self._wrapped.get(full_method)
        if cached is not None:
            return cached
        handler = await continuation(handler_call_details)
        if handler is None or handler.unary_unary is None:
            return handler
        wrapped = self._observe(full_method, handler)
        self._wrapped[full_method] = wrapped
        return wrapped

    def _observe(self, full_method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        service_name, _, method_name = full_method.lstrip("/").partition("/")
        inner = handler.unary_unary
        quiet = service_name == HEALTH_SERVICE
        handled_ok = RPC_HANDLED.labels(service_name, method_name, grpc.StatusCode.OK.name)
        latency = RPC_SECONDS.labels(service_name, method_name)
        domain = self._error_domain

        async def observed(request: object, context: grpc.aio.ServicerContext) -> object:
            incoming = next(
                (v for k, v in context.invocation_metadata() or () if k == "x-request-id"), None
            )
            request_id = str(incoming or new_id_str())
            token = request_id_var.set(request_id)
            started = time.perf_counter()
            code = grpc.StatusCode.OK
            try:
                return await inner(request, context)
            except DomainError as error:
                code = error.status
                await context.abort(
                    error.status,
                    error.message,
                    trailing_metadata=trailing_metadata_for(error, domain=domain),
                )
            except asyncio.CancelledError:
                code = grpc.StatusCode.CANCELLED
                raise
            except Exception as exc:
                if isinstance(exc, grpc.aio.AbortError):
                    code = context.code() or grpc.StatusCode.UNKNOWN
                    raise
                if is_database_unavailable(exc):
                    # PostgreSQL down or restarting: the caller may retry, nothing is broken.
                    code = grpc.StatusCode.UNAVAILABLE
                    log.warning("database unavailable in %s", full_method)
                    unavailable = Unavailable("database unavailable", code="database_unavailable")
                    await context.abort(
                        code,
                        unavailable.message,
                        trailing_metadata=trailing_metadata_for(unavailable, domain=domain),
                    )
                code = grpc.StatusCode.INTERNAL
                log.exception("unhandled error in %s", full_method)
                await context.abort(grpc.StatusCode.INTERNAL, "internal error")
            finally:
                elapsed = time.perf_counter() - started
                latency.observe(elapsed)
                if code is grpc.StatusCode.OK:
                    handled_ok.inc()
                else:
                    RPC_HANDLED.labels(service_name, method_name, code.name).inc()
                if not quiet:
                    log.info(
                        "rpc",
                        extra={
                            "grpc_method": full_method,
                            "grpc_code": code.name,
                            "duration_ms": round(elapsed * 1000, 2),
                        },
                    )
                request_id_var.reset(token)
            return None  # unreachable: abort raises

        return grpc.unary_unary_rpc_method_handler(
            observed,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )


async def cancel_until_done(tasks: list[asyncio.Task[None]], timeout: float = 10.0) -> None:
    """Cancels tasks and keeps cancelling until they end.

    nats-py swallows a CancelledError that lands inside a JetStream request (its flush path
    catches it), so a single cancel can leave a relay or consumer loop running forever.
    """
    deadline = asyncio.get_running_loop().time() + timeout
    pending = [t for t in tasks if not t.done()]
    while pending and asyncio.get_running_loop().time() < deadline:
        for task in pending:
            task.cancel()
        await asyncio.wait(pending, timeout=0.05)
        pending = [t for t in pending if not t.done()]
    for task in tasks:
        if task.done() and not task.cancelled():
            with contextlib.suppress(Exception):
                task.result()
    if pending:
        log.error("background tasks did not stop", extra={"tasks": [t.get_name() for t in pending]})


Registrar = Callable[[grpc.aio.Server], list[str]]
"""Adds servicers to the server and returns their full service names."""


@dataclass
class GrpcService:
    """A running gRPC service: server, health, background tasks. Tests start it in-process."""

    name: str
    register: Registrar
    engine: AsyncEngine | None = None
    nats: NatsLink | None = None
    background: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 0
    shutdown_grace_seconds: float = 10.0
    health_probe_interval: float = 2.0
    on_stop: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The grpc.aio server belongs to the event loop that creates it: made in start().
        self.server: grpc.aio.Server | None = None
        self.health = health.aio.HealthServicer()
        self.service_names: list[str] = []
        self.bound_port = 0
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> int:
        """Binds, starts serving and launches background tasks; returns the bound port."""
        self.server = grpc.aio.server(
            interceptors=[ObservabilityInterceptor(error_domain=error_domain_for(self.name))],
            options=[("grpc.so_reuseport", 0)],
        )
        self.service_names = self.register(self.server)
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        enable_reflection(self.server, [*self.service_names, HEALTH_SERVICE])
        self.bound_port = self.server.add_insecure_port(f"{self.host}:{self.port}")
        if self.bound_port == 0:
            raise RuntimeError(f"{self.name}: cannot bind {self.host}:{self.port}")
        await self.server.start()
        if self.nats is not None:
            self.nats.start()
        await self._probe_health()
        self._tasks.append(asyncio.create_task(self._health_loop(), name=f"{self.name}-health"))
        for job in self.background:
            self._tasks.append(
                asyncio.create_task(self._supervise(job), name=getattr(job, "__qualname__", "job"))
            )
        log.info("serving", extra={"grpc_port": self.bound_port, "services": self.service_names})
        return self.bound_port

    async def _supervise(self, job: Callable[[], Awaitable[None]]) -> None:
        """Restarts a background job that crashed, so one bad event cannot stop the relay."""
        while True:
            try:
                await job()
                return
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("background job crashed; restarting in 1s")
                await asyncio.sleep(1.0)

    async def _probe_health(self) -> None:
        healthy = await ping(self.engine) if self.engine is not None else True
        status = (
            health_pb2.HealthCheckResponse.SERVING
            if healthy
            else health_pb2.HealthCheckResponse.NOT_SERVING
        )
        for name in ["", *self.service_names]:
            await self.health.set(name, status)

    async def _health_loop(self) -> None:
        while True:
            await asyncio.sleep(self.health_probe_interval)
            await self._probe_health()

    async def stop(self) -> None:
        """Graceful: stop advertising health, finish in-flight RPCs, stop jobs, close pools."""
        await self.health.enter_graceful_shutdown()
        await cancel_until_done(self._tasks)
        if self.server is not None:
            await self.server.stop(self.shutdown_grace_seconds)
        for hook in self.on_stop:
            await hook()
        if self.nats is not None:
            await self.nats.close()
        if self.engine is not None:
            await self.engine.dispose()

    async def run_until_signalled(
        self, *, metrics_host: str = "0.0.0.0", metrics_port: int = 0
    ) -> None:
        """The process main loop: serve until SIGTERM or SIGINT, then stop gracefully."""
        if metrics_port:
            start_http_server(metrics_port, addr=metrics_host)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await self.start()
        await stop.wait()
        log.info("shutting down")
        await self.stop()
        log.info("stopped")
