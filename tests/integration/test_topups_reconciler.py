"""The reconciler at several replicas, the Daraja client's token cache, and secrets that must
never reach a log line."""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from devstack.daraja_simulator import DarajaSimulator, serving_simulator
from platform_common.db import create_engine
from platform_common.uow import unit_of_work_factory
from services.wallet.repository import outbox
from services.wallet.topups.daraja import TOKEN_REFRESH_MARGIN, DarajaClient
from services.wallet.topups.daraja_modes import DarajaByMode
from services.wallet.topups.reconciler import TopupReconciler
from tests.integration.topups_harness import (
    CONSUMER_KEY,
    CONSUMER_SECRET,
    PASSKEY,
    MovableClock,
    TopupHarness,
    topup_platform,
    topup_settings,
)
from tests.ledger_integrity import ledger_checked_after_each_test

pytestmark = pytest.mark.usefixtures(ledger_checked_after_each_test.__name__)

NEVER_CALLS_BACK = "254700000404"


@pytest.fixture
async def topups(database_url: str, nats_url: str) -> AsyncIterator[TopupHarness]:
    async with topup_platform(database_url, nats_url) as harness:
        yield harness


async def test_three_replicas_reconciling_at_once_query_each_top_up_once_and_credit_once(
    topups: TopupHarness, database_url: str
) -> None:
    ids = []
    for _ in range(12):
        response = await topups.start(10_000, NEVER_CALLS_BACK)
        ids.append(response.json()["id"])
    engine = create_engine(database_url)
    replicas = [topups.reconciler]
    clients = []
    for _ in range(2):
        client = DarajaClient(topups.settings.daraja, clock=topups.clock)
        clients.append(client)
        replicas.append(
            TopupReconciler(
                new_uow=unit_of_work_factory(engine, outbox),
                daraja=DarajaByMode(live=client, test=None),
                settings=topups.settings,
                clock=topups.clock,
            )
        )
    try:
        topups.clock.advance(topups.settings.query_after)
        handled = await asyncio.gather(*(r.run_once() for r in replicas))
    finally:
        for client in clients:
            await client.close()
        await engine.dispose()
    assert sum(handled) == 12
    assert [p.queries for p in topups.simulator.payments.values()] == [1] * 12
    assert await topups.topup_entries() == 12
    assert await topups.balance() == 120_000
    for topup_id in ids:
        assert (await topups.topup(topup_id))["status"] == "succeeded"


async def test_the_token_is_fetched_once_for_concurrent_callers_and_refreshed_before_expiry() -> (
    None
):
    simulator = DarajaSimulator(
        consumer_key=CONSUMER_KEY, consumer_secret=CONSUMER_SECRET, passkey=PASSKEY
    )
    clock = MovableClock()
    async with serving_simulator(simulator) as url:
        client = DarajaClient(topup_settings(url, "http://127.0.0.1:9").daraja, clock=clock)
        try:
            tokens = await asyncio.gather(*(client.access_token() for _ in range(20)))
            assert len(set(tokens)) == 1
            assert simulator.token_requests == 1
            lifetime = timedelta(seconds=simulator.token_lifetime_seconds)
            clock.advance(lifetime - TOKEN_REFRESH_MARGIN - timedelta(seconds=1))
            assert await client.access_token() == tokens[0]
            clock.advance(timedelta(seconds=1))
            renewed = await asyncio.gather(*(client.access_token() for _ in range(20)))
            assert simulator.token_requests == 2
            assert set(renewed) != {tokens[0]} and len(set(renewed)) == 1
        finally:
            await client.close()


async def test_secrets_tokens_and_phones_never_reach_the_logs(
    database_url: str, nats_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with topup_platform(database_url, nats_url) as topups:
        await _top_up_and_check_logs(topups, caplog)


async def _top_up_and_check_logs(topups: TopupHarness, caplog: pytest.LogCaptureFixture) -> None:
    phones = ["254708374149", "254700001032", "254700000666"]
    for phone in phones:
        response = await topups.start(10_000, phone)
        await topups.settled(response.json()["id"])
    await topups.http.post("/v1/mpesa/callbacks/wrong-token", json={})
    callback_tokens = [p.callback_url.rsplit("/", 1)[1] for p in topups.simulator.payments.values()]
    basic = base64.b64encode(f"{CONSUMER_KEY}:{CONSUMER_SECRET}".encode()).decode()
    secrets = [CONSUMER_SECRET, PASSKEY, basic, *topups.simulator.tokens, *callback_tokens, *phones]
    lines = []
    for record in caplog.records:
        if record.name == "httpx" and "/v1/mpesa/callbacks/" in record.getMessage():
            continue  # the simulator (playing Daraja) logging its own outgoing callback
        lines.append(f"{record.getMessage()} {record.__dict__}")
    leaked = [(s, line[:300]) for s in secrets for line in lines if s in line]
    assert leaked == []
    assert any("/v1/mpesa/callbacks/{token}" in line for line in lines)  # logged, redacted
