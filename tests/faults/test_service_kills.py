"""Claims, top-ups, renewals and webhook deliveries keep running while every service and the
gateway in turn is SIGKILLed (and restarted by the devstack's supervisor, as Kubernetes would),
and go on until the last one is serving again, so that every kill lands mid-load: afterwards no
money is charged twice or lost, every number has one holder or none, pending claims have
settled, every claim's event was published once, every call event was delivered (at least once,
under one webhook-id), and the invariants hold."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping

import pytest

from devstack.launcher import RunningPlatform, funded_workspace
from devstack.webhook_receiver import WebhookReceiver
from tests.e2e.journey import RENT, available_mobile_numbers, client
from tests.e2e.test_claims_survive_nats_outage import claimed_events
from tests.faults.load import (
    LoadRecord,
    RefusesSomeFirstAttempts,
    claim_all,
    publish_call_events,
    renew_repeatedly,
    top_up,
    webhook_number,
)
from tests.faults.platform import MODULES, kill_and_await_restart, nats_url
from tests.faults.settle import check_deliveries, check_outcomes, settled

# The kills and restarts end within this however slow the machine, and the load with them.
KILLS_SECONDS = 150.0
# The load runs until the last restarted service is serving; the test asserts that each kind
# is still going at every kill and at the last restart. Top-ups and call events are sized to
# last KILLS_SECONDS. Claims are capped by the numbers a search answers (100, one of them the
# webhook number): paced for a few per kill, they last 75 s plus their own time, twice the
# kills' 25-40 s seen on a loaded machine (a slower one fails the test, saying which load ended).
CLAIMS = 99
CLAIM_INTERVAL = 0.75
TOPUP_INTERVAL = 1.5
TOPUPS = int(KILLS_SECONDS / TOPUP_INTERVAL)
EVENT_INTERVAL = 0.25
CALL_EVENTS = int(KILLS_SECONDS / EVENT_INTERVAL)


@pytest.fixture
def platform(shared_platform: RunningPlatform) -> RunningPlatform:
    return shared_platform


def assert_still_running(load: Mapping[str, asyncio.Task[None]], moment: str) -> None:
    """Each kind of load is still going at `moment`: a kill with no load running proves little."""
    for name, task in load.items():
        if task.done() and task.exception() is not None:
            raise AssertionError(f"{name} failed before {moment}") from task.exception()
    ended = [name for name, task in load.items() if task.done()]
    assert not ended, f"{ended} ended before {moment}: raise their count or lower their pace"


async def test_every_service_killed_in_turn_under_load(platform: RunningPlatform) -> None:
    # Enough for every claim, its next month's renewal, and the webhook number's.
    workspace, key = await funded_workspace(platform, (CLAIMS + 1) * 2 * RENT)
    first, *numbers = await available_mobile_numbers(platform, CLAIMS + 1)
    assert len(numbers) == CLAIMS, "the seed holds fewer mobile numbers than the load claims"
    record = LoadRecord()
    faults_over = asyncio.Event()
    receiver = WebhookReceiver(script=RefusesSomeFirstAttempts())
    async with client(platform, key) as api, receiver:
        routed = await webhook_number(api, first, receiver, record)
        e164 = str(routed["e164"])
        load = {
            "claims": claim_all(api, numbers, record, until=faults_over, interval=CLAIM_INTERVAL),
            "top-ups": top_up(
                api, TOPUPS, 10_000, record, until=faults_over, interval=TOPUP_INTERVAL
            ),
            "call events": publish_call_events(
                platform, e164, CALL_EVENTS, record, until=faults_over, interval=EVENT_INTERVAL
            ),
            "renewals": renew_repeatedly(platform, faults_over),
        }
        running = {name: asyncio.create_task(work) for name, work in load.items()}
        try:
            async with asyncio.timeout(KILLS_SECONDS):
                for name in MODULES:
                    assert_still_running(running, f"{name} was killed")
                    await kill_and_await_restart(platform, name)
            assert_still_running(running, "the last restart")
        finally:
            faults_over.set()
        await asyncio.gather(*running.values())
        await settled(platform, api, record, receiver)
    check_outcomes(platform, record, RENT)
    check_deliveries(receiver, record)
    assert set(record.claims.values()) <= {201, 402, 409}, record.claims
    # Every claim's event left its outbox once, whichever process died around its publish.
    in_stream = Counter(
        e.tenant_number_id for e in await claimed_events(nats_url(platform), workspace)
    )
    claimed = {str(b["id"]) for b in record.claim_bodies.values()} | {str(routed["id"])}
    assert set(in_stream) == claimed and set(in_stream.values()) == {1}, in_stream
