"""Claims, top-ups, renewals and webhook deliveries keep running while every service and the
gateway in turn is SIGKILLed (and restarted by the devstack's supervisor, as Kubernetes would):
afterwards no money is charged twice or lost, every number has one holder or none, pending
claims have settled, every event was published and delivered once, and the invariants hold."""

from __future__ import annotations

import asyncio

import pytest

from devstack.launcher import RunningPlatform, funded_workspace
from devstack.webhook_receiver import WebhookReceiver
from tests.e2e.journey import RENT, available_mobile_numbers, client
from tests.faults.load import (
    LoadRecord,
    claim_all,
    publish_call_events,
    renew_repeatedly,
    top_up,
    webhook_number,
)
from tests.faults.platform import MODULES, kill_and_await_restart
from tests.faults.settle import check_deliveries, check_outcomes, settled

CLAIMS = 12
TOPUPS = 4
CALL_EVENTS = 30


@pytest.fixture
def platform(shared_platform: RunningPlatform) -> RunningPlatform:
    return shared_platform


async def test_every_service_killed_in_turn_under_load(platform: RunningPlatform) -> None:
    # Enough for every claim, its next month's renewal, and the webhook number's.
    _, key = await funded_workspace(platform, (CLAIMS + 1) * 2 * RENT)
    first, *numbers = await available_mobile_numbers(platform, CLAIMS + 1)
    record = LoadRecord()
    stop_renewals = asyncio.Event()
    async with client(platform, key) as api, WebhookReceiver() as receiver:
        routed = await webhook_number(api, first, receiver, record)
        load = [
            asyncio.create_task(claim_all(api, numbers, record)),
            asyncio.create_task(top_up(api, TOPUPS, 10_000, record)),
            asyncio.create_task(
                publish_call_events(platform, str(routed["e164"]), CALL_EVENTS, record)
            ),
        ]
        renewals = asyncio.create_task(renew_repeatedly(platform, stop_renewals))
        for name in MODULES:
            await kill_and_await_restart(platform, name)
        await asyncio.gather(*load)
        stop_renewals.set()
        await renewals
        await settled(platform, api, record, receiver)
    check_outcomes(platform, record, RENT)
    check_deliveries(receiver, record)
    assert set(record.claims.values()) <= {201, 402, 409}, record.claims
