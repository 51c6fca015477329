"""ResolveRoute throughput and latency: `python -m bench.routing_resolve`.

Starts a throwaway platform (every service its own process), claims numbers and sets their
routing through the gateway, then drives ResolveRoute over gRPC with 16 concurrent callers.
The baseline, in the same run and with the same client, is a bare grpc.aio server in its own
process answering the same RPC with a constant reply (no database, no interceptors): what
gRPC in Python costs on this machine. The echo runs before and after the service so drift on
a shared machine averages out. A second echo with the platform's server interceptor (extra
detail, not the target) shows how much of the gap is the shared gRPC stack.
Targets: ResolveRoute calls/s >= 0.5 of the echo's; ResolveRoute p99 < 10 ms.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import socket
from typing import Any

import grpc
import httpx

from bench.measure import LoadResult, closed_loop
from bench.platform_fixture import running_platform
from devstack.launcher import RunningPlatform, funded_workspace
from platform_common.grpc_server import ObservabilityInterceptor
from sautikit.routing.v1 import routing_pb2, routing_pb2_grpc

CALLERS = 16
SECONDS = 10.0
NUMBERS = 20
RATIO_TARGET = 0.5
P99_TARGET_MS = 10.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _Echo(routing_pb2_grpc.RoutingServiceServicer):
    """Answers ResolveRoute with a constant route of the same shape the service returns."""

    reply = routing_pb2.ResolveRouteResponse(
        workspace_id="01900000-0000-7000-8000-000000000001",
        tenant_number_id="01900000-0000-7000-8000-000000000002",
        e164="+254712345678",
        voice_callback_url="https://ivr.example.com/voice",
        events_url="https://ivr.example.com/events",
        allow_inbound=True,
        allow_outbound=True,
        may_take_calls=True,
    )

    async def ResolveRoute(
        self, request: routing_pb2.ResolveRouteRequest, context: grpc.aio.ServicerContext
    ) -> routing_pb2.ResolveRouteResponse:
        return self.reply


def _serve_echo(port: int, ready: Any, intercepted: bool) -> None:
    async def serve() -> None:
        # intercepted: with the platform's server interceptor, to show what it alone costs.
        server = grpc.aio.server(interceptors=[ObservabilityInterceptor()] if intercepted else None)
        routing_pb2_grpc.add_RoutingServiceServicer_to_server(_Echo(), server)
        server.add_insecure_port(f"127.0.0.1:{port}")
        await server.start()
        ready.set()
        await server.wait_for_termination()

    asyncio.run(serve())


async def routed_numbers(platform: RunningPlatform, count: int) -> list[str]:
    """Claims `count` numbers in a new workspace and sets their routing; returns their E.164."""
    _, key = await funded_workspace(platform, 100_000 * count)
    async with httpx.AsyncClient(
        base_url=platform.base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30
    ) as api:
        page = (await api.get("/v1/numbers/available", params={"limit": count})).json()
        e164s = []
        for number in page["data"]:
            claimed = await api.post(f"/v1/numbers/{number['id']}/claim")
            assert claimed.status_code == 201, claimed.text
            routed = await api.patch(
                f"/v1/numbers/{claimed.json()['id']}/routing",
                json={
                    "voice_callback_url": "https://ivr.example.com/voice",
                    "events_url": "https://ivr.example.com/events",
                },
            )
            assert routed.status_code == 200, routed.text
            e164s.append(claimed.json()["e164"])
    return e164s


async def resolve_load(name: str, address: str, e164s: list[str]) -> LoadResult:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = routing_pb2_grpc.RoutingServiceStub(channel)

        async def resolve(worker: int, i: int) -> bool:
            reply = await stub.ResolveRoute(
                routing_pb2.ResolveRouteRequest(e164=e164s[i % len(e164s)]), timeout=10
            )
            return bool(reply.may_take_calls)

        await asyncio.gather(*(resolve(w, w) for w in range(CALLERS)))  # warm-up
        return await closed_loop(
            name,
            resolve,
            concurrency=CALLERS,
            max_operations=10_000_000,
            max_seconds=SECONDS,
        )


async def run(platform: RunningPlatform, db_url: str | None = None) -> list[dict[str, object]]:
    e164s = await routed_numbers(platform, NUMBERS)
    context = multiprocessing.get_context("spawn")
    echoes = {}
    for intercepted in (False, True):
        port = _free_port()
        ready = context.Event()
        process = context.Process(target=_serve_echo, args=(port, ready, intercepted), daemon=True)
        process.start()
        echoes[intercepted] = (f"127.0.0.1:{port}", process, ready)
    try:
        for _, _, ready in echoes.values():
            if not ready.wait(30):
                raise RuntimeError("an echo server did not start")
        bare, _, _ = echoes[False]
        observed, _, _ = echoes[True]
        before = await resolve_load("bare grpc.aio echo", bare, e164s)
        service = await resolve_load(
            "ResolveRoute via gRPC", platform.grpc_address("routing"), e164s
        )
        after = await resolve_load("bare grpc.aio echo", bare, e164s)
        intercepted_echo = await resolve_load(
            "grpc.aio echo with the platform's interceptor", observed, e164s
        )
    finally:
        for _, process, _ in echoes.values():
            process.terminate()
            process.join(10)
    baseline = (before.per_second + after.per_second) / 2
    ratio = service.per_second / baseline if baseline else 0.0
    p99 = service.percentile(99)
    detail = {
        "callers": CALLERS,
        "numbers": len(e164s),
        "service": service.summary(),
        "echo_before": before.summary(),
        "echo_after": after.summary(),
        # Not the target's baseline: how much of the gap the shared interceptor explains.
        "echo_with_platform_interceptor": intercepted_echo.summary(),
        "ratio_to_intercepted_echo": round(
            service.per_second / intercepted_echo.per_second if intercepted_echo.per_second else 0,
            3,
        ),
    }
    return [
        {
            "path": "ResolveRoute (gRPC, 16 callers)",
            "figure": round(service.per_second, 1),
            "unit": "calls/s",
            "baseline": round(baseline, 1),
            "baseline_unit": "calls/s (bare grpc.aio echo, same client)",
            "ratio": round(ratio, 3),
            "target": f">= {RATIO_TARGET}",
            "met": ratio >= RATIO_TARGET,
            **detail,
        },
        {
            "path": "ResolveRoute p99 (gRPC, 16 callers)",
            "figure": round(p99, 2),
            "unit": "ms",
            "baseline": round((before.percentile(99) + after.percentile(99)) / 2, 2),
            "baseline_unit": "ms (bare grpc.aio echo p99)",
            "ratio": round(p99 / P99_TARGET_MS, 3),
            "target": f"< {P99_TARGET_MS} ms",
            "met": p99 < P99_TARGET_MS,
        },
    ]


def main() -> None:
    with running_platform() as (platform, db_url):
        report = asyncio.run(run(platform, db_url))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
