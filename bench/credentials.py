"""SIP credential verification throughput: `python -m bench.credentials`.

Starts a throwaway platform (every service its own process), issues credentials through the
gateway, then measures VerifyCredential over gRPC with 2 and 16 concurrent callers, next to
bare argon2-cffi verifications per second with the same parameters in the same run (one
thread per CPU, the most this machine can do). While the 16 callers saturate the hashing pool,
the credentials service's gRPC health check is probed every 10 ms and its latency recorded.
Targets: 16 callers, gRPC verifications/s >= 0.9 of bare (2 callers: 0.8); health check p99
< 20 ms under saturation.
The bare rate is measured before and after each gRPC run (the machine's spare CPU drifts).
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import httpx
from argon2 import PasswordHasher, Type
from grpc_health.v1 import health_pb2, health_pb2_grpc

from bench.measure import LoadResult, closed_loop
from bench.platform_fixture import running_platform
from bench.report import row, table
from devstack.launcher import RunningPlatform, funded_workspace
from sautikit.credentials.v1 import credentials_pb2, credentials_pb2_grpc
from services.credentials.domain import HashParameters

CALLERS = (2, 16)
SECONDS = 12.0
HEALTH_INTERVAL = 0.010


def bare_argon2_per_second(parameters: HashParameters, seconds: float) -> float:
    """argon2-cffi verify() of one hash, one thread per CPU, for `seconds`."""
    hasher = PasswordHasher(
        time_cost=parameters.time_cost,
        memory_cost=parameters.memory_kib,
        parallelism=parameters.parallelism,
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )
    password = "bench-password-0123456789abcdef"
    stored = hasher.hash(password)
    workers = os.cpu_count() or 1
    deadline = time.perf_counter() + seconds
    counts = [0] * workers
    lock = threading.Lock()

    def work(index: int) -> None:
        while time.perf_counter() < deadline:
            hasher.verify(stored, password)
            with lock:
                counts[index] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(work, range(workers)))
    return sum(counts) / (time.perf_counter() - started)


async def issue_credentials(platform: RunningPlatform, count: int) -> list[tuple[str, str]]:
    """(username, password) pairs on one freshly claimed number."""
    _, key = await funded_workspace(platform, 1_000_000)
    async with httpx.AsyncClient(
        base_url=platform.base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30
    ) as api:
        page = (await api.get("/v1/numbers/available", params={"limit": 1})).json()
        claimed = await api.post(f"/v1/numbers/{page['data'][0]['id']}/claim")
        assert claimed.status_code == 201, claimed.text
        number_id = claimed.json()["id"]
        pairs = []
        for i in range(count):
            reply = await api.post(
                f"/v1/numbers/{number_id}/sip-credentials", json={"label": f"bench-{i}"}
            )
            assert reply.status_code == 201, reply.text
            pairs.append((reply.json()["username"], reply.json()["password"]))
    return pairs


async def probe_health(address: str, stop: asyncio.Event) -> LoadResult:
    """The standard health check every 10 ms until told to stop; latency of each."""
    result = LoadResult("health check while saturated", 0, 0, 0.0)
    started = time.perf_counter()
    async with grpc.aio.insecure_channel(address) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        await stub.Check(health_pb2.HealthCheckRequest(), timeout=5)  # connect first
        while not stop.is_set():
            sent = time.perf_counter()
            try:
                reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=5)
                ok = reply.status == health_pb2.HealthCheckResponse.SERVING
            except grpc.aio.AioRpcError:
                ok = False
            if ok:
                result.latencies_ms.append((time.perf_counter() - sent) * 1000)
                result.operations += 1
            else:
                result.errors += 1
            await asyncio.sleep(HEALTH_INTERVAL)
    result.seconds = time.perf_counter() - started
    return result


async def verify_load(
    address: str, pairs: list[tuple[str, str]], callers: int, *, with_health: bool
) -> tuple[LoadResult, LoadResult | None]:
    async with grpc.aio.insecure_channel(address) as channel:
        stub = credentials_pb2_grpc.CredentialsServiceStub(channel)

        async def verify(worker: int, i: int) -> bool:
            username, password = pairs[worker % len(pairs)]
            reply = await stub.VerifyCredential(
                credentials_pb2.VerifyCredentialRequest(username=username, password=password),
                timeout=30,
            )
            return bool(reply.valid)

        # Warm-up: channel, database pool, the hashing threads.
        await asyncio.gather(*(verify(w, 0) for w in range(callers)))
        stop = asyncio.Event()
        health = asyncio.create_task(probe_health(address, stop)) if with_health else None
        load = await closed_loop(
            f"VerifyCredential via gRPC, {callers} callers",
            verify,
            concurrency=callers,
            max_operations=1_000_000,
            max_seconds=SECONDS,
        )
        stop.set()
        return load, (await health if health is not None else None)


async def run(platform: RunningPlatform, db_url: str = "") -> list[dict[str, Any]]:
    parameters = HashParameters()  # what the platform runs with (no ARGON2_* set)
    address = platform.grpc_address("credentials")
    pairs = await issue_credentials(platform, 16)
    argon2 = {
        "memory_kib": parameters.memory_kib,
        "time_cost": parameters.time_cost,
        "parallelism": parameters.parallelism,
        "cpus": os.cpu_count(),
    }
    rows = []
    # Bare runs bracket each gRPC run: on a shared machine the CPU on offer drifts, and each
    # ratio is taken against the bare rate measured right before and right after it.
    bare = [bare_argon2_per_second(parameters, SECONDS)]
    for callers in CALLERS:
        load, health = await verify_load(address, pairs, callers, with_health=callers == 16)
        bare.append(bare_argon2_per_second(parameters, SECONDS))
        around = (bare[-2] + bare[-1]) / 2
        ratio = load.per_second / around
        wanted = 0.9 if callers == 16 else 0.8
        rows.append(
            row(
                f"VerifyCredential, {callers} callers, throughput",
                figure=load.per_second,
                unit="verifications/s",
                baseline=around,
                baseline_unit="/s (bare argon2-cffi)",
                ratio=ratio,
                target=f"ratio >= {wanted}",
                met=ratio >= wanted and load.errors == 0,
                argon2=argon2,
                detail=load.summary(),
                bare_before_after=[round(b, 1) for b in bare[-2:]],
            )
        )
        if health is not None:
            p99 = health.percentile(99)
            rows.append(
                row(
                    f"credentials health check while {callers} callers verify, p99",
                    figure=p99,
                    unit="ms",
                    target="p99 < 20 ms",
                    met=p99 < 20,
                    detail=health.summary(),
                    max_ms=round(max(health.latencies_ms), 2) if health.latencies_ms else None,
                )
            )
    return rows


def main() -> None:
    with running_platform() as (platform, db_url):
        rows = asyncio.run(run(platform, db_url))
    print(table(rows))


if __name__ == "__main__":
    main()
