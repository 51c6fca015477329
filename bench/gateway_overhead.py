"""What the gateway adds to a trivial authenticated read: `GET /v1/wallet` (API-key auth, one
gRPC call to the wallet, one indexed row read there, JSON out) next to a uvicorn "hello" app
with the same server configuration, driven by the same load generator in the same run.

Targets: 1 client, p50 <= 5 x the hello app's p50; 32 clients, throughput >= 0.25 x the hello
app's. `python -m bench.gateway_overhead` runs it alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

from bench.measure import (
    KeepAliveHttp,
    LoadResult,
    closed_loop,
    cpu_ms_per_operation,
    cpu_seconds,
)
from bench.report import row
from devstack.infra import free_port
from devstack.launcher import ROOT, RunningPlatform, funded_workspace

SINGLE_SECONDS = 6.0
LOADED_SECONDS = 8.0
LOADED_CLIENTS = 32


@contextlib.asynccontextmanager
async def hello_app() -> AsyncIterator[str]:
    """Starts bench.hello_app in its own process; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: ASYNC220 - started once, before measuring
        [sys.executable, "-m", "bench.hello_app", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                client = KeepAliveHttp(base_url)
                await client.get("/")
                await client.close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the hello app did not start") from None
                await asyncio.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


async def drive(
    name: str,
    base_url: str,
    path: str,
    headers: dict[str, str],
    clients: int,
    seconds: float,
    *,
    client: str,
) -> LoadResult:
    """`clients` closed-loop clients GETting `path`, each on its own keep-alive connection;
    client is "httpx" (what API users run) or "socket" (a minimal client costing a few us per
    request, so that the server's share is what is measured)."""
    if client == "httpx":
        api = httpx.AsyncClient(
            base_url=base_url,
            headers=headers,
            timeout=30,
            limits=httpx.Limits(max_connections=clients, max_keepalive_connections=clients),
        )

        async def get(worker: int, i: int) -> bool:
            return (await api.get(path)).status_code == 200

        async def close() -> None:
            await api.aclose()
    else:
        connections = [KeepAliveHttp(base_url, headers) for _ in range(clients)]

        async def get(worker: int, i: int) -> bool:
            status, _ = await connections[worker].get(path)
            return status == 200

        async def close() -> None:
            for connection in connections:
                await connection.close()

    try:
        # Warm-up: connections, caches (not measured).
        await asyncio.gather(*(get(w, 0) for w in range(clients)))
        return await closed_loop(
            name, get, concurrency=clients, max_operations=10**7, max_seconds=seconds
        )
    finally:
        await close()


async def _pair(
    platform: RunningPlatform, hello_url: str, auth: dict[str, str], clients: int, client: str
) -> tuple[LoadResult, LoadResult]:
    seconds = SINGLE_SECONDS if clients == 1 else LOADED_SECONDS
    hello = await drive(
        f"hello, {clients} clients, {client}", hello_url, "/", {}, clients, seconds, client=client
    )
    before = cpu_seconds(platform.process.pid)
    wallet = await drive(
        f"GET /v1/wallet, {clients} clients, {client}",
        platform.base_url,
        "/v1/wallet",
        auth,
        clients,
        seconds,
        client=client,
    )
    wallet.cpu_ms_per_operation = cpu_ms_per_operation(
        before, cpu_seconds(platform.process.pid), wallet.operations
    )
    return hello, wallet


async def run(platform: RunningPlatform, db_url: str) -> list[dict[str, Any]]:
    _, key = await funded_workspace(platform, 1_000)
    auth = {"Authorization": f"Bearer {key}"}
    rows = []
    async with hello_app() as hello_url:
        for client in ("httpx", "socket"):
            # The targets are set for the httpx client; the socket client's rows show the
            # servers' own costs (there the load generator costs next to nothing).
            targeted = client == "httpx"
            hello_1, wallet_1 = await _pair(platform, hello_url, auth, 1, client)
            single = wallet_1.percentile(50) / hello_1.percentile(50)
            rows.append(
                row(
                    f"GET /v1/wallet, 1 client ({client}), p50",
                    figure=wallet_1.percentile(50),
                    unit="ms",
                    baseline=hello_1.percentile(50),
                    baseline_unit="ms (hello app)",
                    ratio=single,
                    target="ratio <= 5" if targeted else "-",
                    met=(single <= 5 and wallet_1.errors == 0) if targeted else None,
                    detail=wallet_1.summary(),
                    cpu_ms_per_request=wallet_1.cpu_ms_per_operation,
                    baseline_detail=hello_1.summary(),
                )
            )
            hello_n, wallet_n = await _pair(platform, hello_url, auth, LOADED_CLIENTS, client)
            loaded = wallet_n.per_second / hello_n.per_second
            rows.append(
                row(
                    f"GET /v1/wallet, {LOADED_CLIENTS} clients ({client}), throughput",
                    figure=wallet_n.per_second,
                    unit="req/s",
                    baseline=hello_n.per_second,
                    baseline_unit="req/s (hello app)",
                    ratio=loaded,
                    target="ratio >= 0.25" if targeted else "-",
                    met=(loaded >= 0.25 and wallet_n.errors == 0) if targeted else None,
                    detail=wallet_n.summary(),
                    cpu_ms_per_request=wallet_n.cpu_ms_per_operation,
                    baseline_detail=hello_n.summary(),
                )
            )
    return rows


def main() -> None:
    from bench.platform_fixture import running_platform
    from bench.report import table

    with running_platform() as (platform, db_url):
        rows = asyncio.run(run(platform, db_url))
    print(table(rows))


if __name__ == "__main__":
    main()
