"""Every service and the gateway as two processes at once (DEVSTACK_REPLICAS=2), sharing one
database and one JetStream: claims through both gateways, top-ups, renewals run through both
inventory replicas at once, and call events delivered by whichever routing process takes
them. The invariants hold and no scheduler does the same work twice: each number's month is
charged once, each event reaches the receiver under one webhook-id (at least once, see
tests/faults/README.md), each top-up is queried at M-Pesa once (by
one wallet replica's reconciler) and credited once."""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from devstack.launcher import RunningPlatform, funded_workspace, platform_env
from devstack.webhook_receiver import WebhookReceiver
from tests.e2e.journey import RENT, available_mobile_numbers
from tests.faults.harness import FAULT_ENV, start_fault_platform
from tests.faults.load import (
    LoadRecord,
    claim_all,
    next_period,
    publish_call_events,
    renew_repeatedly,
    run_renewals_once,
    top_up,
    webhook_number,
)
from tests.faults.platform import MODULES, database_url, processes_running, stop_platform
from tests.faults.settle import check_deliveries, check_outcomes, settled

CLAIMS = 10
TOPUPS = 3
CALL_EVENTS = 30


@pytest.fixture
def platform(data_dir: Path, migrated_cluster: Path) -> Iterator[RunningPlatform]:
    env = {
        **platform_env(data_dir),
        **FAULT_ENV,
        "DEVSTACK_REPLICAS": "2",
        # No M-Pesa callback arrives in time: every top-up settles by the reconciler's query,
        # which both wallet replicas run.
        "DARAJA_SIMULATOR_CALLBACK_DELAY": "600",
        "TOPUP_QUERY_AFTER_SECONDS": "1",
        "TOPUP_RECONCILE_INTERVAL_SECONDS": "0.2",
    }
    running = start_fault_platform(data_dir, env, migrated_cluster)
    yield running
    stop_platform(running)


def api_client(port: int, key: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}",
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )


async def test_two_of_everything_do_each_job_once(platform: RunningPlatform) -> None:
    ports = json.loads((platform.data_dir / "replicas.json").read_text())
    for name, (module, _) in MODULES.items():
        assert len(processes_running(platform, module)) == 2, name
    _, key = await funded_workspace(platform, (CLAIMS + 1) * 2 * RENT)
    first, *numbers = await available_mobile_numbers(platform, CLAIMS + 1)
    record = LoadRecord()
    stop_renewals = asyncio.Event()
    one, two = (api_client(port, key) for port in ports["gateway-http"])
    async with one, two, WebhookReceiver() as receiver:
        routed = await webhook_number(one, first, receiver, record)
        load = [
            asyncio.create_task(claim_all(one, numbers[::2], record)),
            asyncio.create_task(claim_all(two, numbers[1::2], record)),
            asyncio.create_task(top_up(two, TOPUPS, 10_000, record)),
            asyncio.create_task(
                publish_call_events(platform, str(routed["e164"]), CALL_EVENTS, record)
            ),
        ]
        renewals = [
            asyncio.create_task(renew_repeatedly(platform, stop_renewals, f"127.0.0.1:{port}"))
            for port in ports["inventory"]
        ]
        await asyncio.gather(*load)
        stop_renewals.set()
        await asyncio.gather(*renewals)
        # Both replicas run the last renewal pass together: the month is still charged once.
        await asyncio.gather(
            *(run_renewals_once(f"127.0.0.1:{port}", next_period()) for port in ports["inventory"])
        )
        await settled(platform, one, record, receiver)
    check_outcomes(platform, record, RENT)
    check_deliveries(receiver, record)
    assert set(record.claims.values()) == {201}, record.claims
    with psycopg.connect(database_url(platform)) as conn:
        renewed = conn.execute(
            "SELECT count(*), count(DISTINCT tenant_number_id) FROM inventory.renewal_charges"
            " WHERE period = %s AND status = 'paid'",
            (str(next_period()),),
        ).fetchone()
        rows = conn.execute(
            "SELECT checkout_request_id, status FROM wallet.topups WHERE id = ANY(%s::uuid[])",
            (record.topups,),
        ).fetchall()
        checkouts = [checkout for checkout, _ in rows]
        topup_statuses = dict(rows)
        charged = conn.execute(
            "SELECT count(*) FROM wallet.ledger_entries WHERE entry_type = 'number_rental'"
            " AND idempotency_key LIKE %s",
            (f"%:{next_period()}",),
        ).fetchone()[0]
    assert renewed == (CLAIMS + 1, CLAIMS + 1), renewed
    assert charged == CLAIMS + 1, "each number's next month charged once, by one replica"
    assert set(topup_statuses.values()) == {"succeeded"}, topup_statuses
    assert stk_queries(platform) == Counter(checkouts), "each top-up queried once, by one replica"


def stk_queries(platform: RunningPlatform) -> Counter[str]:
    """How often the Daraja simulator was asked about each checkout (its log)."""
    log = (platform.data_dir / "logs" / "daraja-simulator.log").read_text()
    return Counter(re.findall(r"stk query (\S+)", log))
