"""PostgreSQL stopped and started again while the API is under load: while it is down every
answer that is not served from memory is a 503 problem (never a 500), and once it is back every
service recovers by itself (none is restarted) and the invariants hold."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter

import httpx
import psutil

from devstack.launcher import RunningPlatform, funded_workspace
from tests.conftest import eventually
from tests.e2e.journey import RENT, available_mobile_numbers, client
from tests.faults.load import LoadRecord, claim_all
from tests.faults.platform import MODULES, postmaster, processes_running, revive_postgres
from tests.faults.settle import check_outcomes, settled

CLAIMS = 8


async def read_repeatedly(
    api: httpx.AsyncClient, stop: asyncio.Event, answers: list[tuple[int, str]]
) -> None:
    while not stop.is_set():
        for path in ("/v1/wallet", "/v1/numbers?limit=5", "/v1/numbers/available?limit=5"):
            reply = await api.get(path)
            answers.append((reply.status_code, reply.headers.get("content-type", "")))
        await asyncio.sleep(0.05)


async def test_postgres_restart_mid_load_answers_503_then_recovers(
    platform: RunningPlatform,
) -> None:
    _, key = await funded_workspace(platform, CLAIMS * RENT)
    numbers = await available_mobile_numbers(platform, CLAIMS)
    services = {
        name: {p.pid for p in processes_running(platform, m)} for name, (m, _) in MODULES.items()
    }
    record = LoadRecord()
    while_down: list[tuple[int, str]] = []
    async with client(platform, key) as api:
        before = await api.get("/v1/wallet")
        assert before.status_code == 200, before.text
        claims = asyncio.create_task(claim_all(api, numbers[: CLAIMS // 2], record))
        await asyncio.sleep(0.3)  # some claims are in flight when PostgreSQL goes

        server = postmaster(platform)
        server.send_signal(signal.SIGINT)  # fast shutdown: every connection is cut
        psutil.wait_procs([server], timeout=30)
        stop_reading = asyncio.Event()
        reader = asyncio.create_task(read_repeatedly(api, stop_reading, while_down))
        await eventually(lambda: len(while_down) >= 30, timeout=60)
        stop_reading.set()
        await reader

        revive_postgres(platform)  # stops with the platform
        try:

            async def serving_again() -> bool:
                return (await api.get("/v1/wallet")).status_code == 200

            await eventually(serving_again, timeout=60, interval=0.2)
            await claims
            await claim_all(api, numbers[CLAIMS // 2 :], record)
            await settled(platform, api, record)
            check_outcomes(platform, record, RENT)
            assert set(record.claims.values()) == {201}, record.claims
        finally:
            restarted = {
                name: {p.pid for p in processes_running(platform, m)} != services[name]
                for name, (m, _) in MODULES.items()
            }
    statuses = Counter(status for status, _ in while_down)
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[503] > 0, "PostgreSQL was down: something must have said so"
    assert all(
        ctype.startswith("application/problem+json")
        for status, ctype in while_down
        if status == 503
    )
    assert not any(restarted.values()), f"services restarted: {restarted}"
