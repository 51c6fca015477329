"""The low-balance email over real parts: calls reserve money in the wallet (AuthorizeCall over
gRPC), the wallet publishes sautikit.wallet.low_balance through its outbox when the available
balance falls under the threshold (1,000 here), notifications consumes it from JetStream and
sends one email over SMTP on loopback. One email per downward crossing, however the events
are repeated or ordered; none again until the balance went back over and fell again."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from platform_common.consumer import EventConsumer
from platform_common.db import create_engine
from platform_common.events import EventEnvelope
from platform_common.uow import unit_of_work_factory
from services.notifications import repository
from services.notifications.consumers import build_subscriptions
from tests.integration.notifications_harness import Notifications, parts, running_notifications
from tests.integration.usage_harness import (
    RATE,
    UsageStack,
    running_usage_stack,
    usage_settings,
)

pytestmark = pytest.mark.asyncio

ADDRESS = "finance@acme.co.ke"
SUBJECT = "sautikit.wallet.low_balance"


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[UsageStack]:
    # A 3-minute slice: each call reserves 600 of the wallet's 2,000 (threshold 1,000).
    async with running_usage_stack(
        database_url, nats_url, settings=usage_settings(slice_seconds=180)
    ) as running:
        yield running


@pytest.fixture
async def mail(
    database_url: str, nats_url: str, tmp_path: Path, stack: UsageStack
) -> AsyncIterator[Notifications]:
    async with running_notifications(database_url, nats_url, tmp_path / "mail") as running:
        yield running


async def _fail(stack: UsageStack, number: object, call_id: str) -> None:
    await stack.publish_call_event("sautikit.calls.failed", stack.failed(number, call_id), call_id)
    await stack.wait_call(call_id, status="failed")


async def test_one_email_per_crossing_and_none_again_until_the_balance_went_back_over(
    stack: UsageStack, mail: Notifications
) -> None:
    workspace = await mail.workspace(ADDRESS)
    number = await stack.claim(workspace, call_money=10 * RATE)
    first = [await stack.authorize(number) for _ in range(3)]  # 1,400 -> 800 (crossed) -> 200
    still_under = await stack.authorize(number)  # 200 -> 0: under already, no new email
    assert still_under.allowed
    await mail.queued("low_balance")
    await mail.send_pass(senders=2)
    await mail.send_pass()
    [message] = mail.mail_to(ADDRESS)
    text, html = parts(message)
    for body in (text, html):
        assert "KES 8.00" in body  # what was available right after the crossing
        assert "KES 10.00" in body  # the threshold

    for answer in [*first, still_under]:  # every reservation released: 2,000 available again
        await _fail(stack, number, answer.call.call_id)
    await stack.authorize(number)  # 1,400: over the threshold, nothing
    await stack.authorize(number)  # 800: crossed again
    await mail.queued("low_balance", count=2)
    await mail.send_pass(senders=2)
    await mail.send_pass()
    assert len(mail.mail_to(ADDRESS)) == 2
    rows = await mail.rows()
    assert [r["status"] for r in rows] == ["sent", "sent"]
    published = await stack.rows("SELECT id FROM wallet.outbox WHERE nats_subject = %s", SUBJECT)
    assert len(published) == 2


async def test_shuffled_and_repeated_low_balance_events_send_one_email_each(
    stack: UsageStack, mail: Notifications
) -> None:
    workspaces = [await mail.workspace(f"ops{i}@acme.co.ke") for i in range(3)]
    for workspace in workspaces:
        number = await stack.claim(workspace, call_money=10 * RATE)
        for _ in range(2):  # 2,000 -> 1,400 -> 800: one crossing each
            await stack.authorize(number)
    await mail.queued("low_balance", count=3)
    outbox = await stack.rows("SELECT * FROM wallet.outbox WHERE nats_subject = %s", SUBJECT)
    assert len(outbox) == 3
    envelopes = [
        EventEnvelope(
            id=row["id"],
            source="sautikit/wallet",
            ce_type=row["ce_type"],
            subject=row["ce_subject"],
            time=row["created_at"],
            nats_subject=row["nats_subject"],
            data=row["payload"],
        )
        for row in outbox
    ]
    deliveries = envelopes * 3
    random.Random(11).shuffle(deliveries)
    engine = create_engine(mail.database_url)
    [(durable, (subject, handler))] = [
        item for item in build_subscriptions(mail.clock).items() if item[1][0] == SUBJECT
    ]
    consumer = EventConsumer(
        nats=None,  # type: ignore[arg-type]  # handle_once never touches NATS
        new_uow=unit_of_work_factory(engine, repository.outbox),
        # A fresh consumer name: its processed-events rows do not hide the repeats, so the
        # unique (event, template) email row has to.
        processed=repository.processed_events,
        durable=f"{durable}-replay-{uuid.uuid4().hex[:6]}",
        subject=subject,
        handler=handler,
    )
    try:
        for start in range(0, len(deliveries), 3):
            await asyncio.gather(*(consumer.handle_once(e) for e in deliveries[start : start + 3]))
    finally:
        await engine.dispose()
    rows = await mail.rows()
    assert sorted(r["event_id"] for r in rows) == sorted(e.id for e in envelopes)
    await mail.send_pass(senders=2)
    await mail.send_pass()
    for i in range(3):
        assert len(mail.mail_to(f"ops{i}@acme.co.ke")) == 1
