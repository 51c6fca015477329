"""Customer emails end to end over real parts: inventory / wallet publish their events, the
notifications service consumes them from JetStream, asks the gateway's admin API for the
workspace's email and sends over SMTP to a server really listening on loopback. Each email
goes out once per event, however many schedulers, senders and redeliveries; SMTP being down
delays it; a workspace without an email is recorded as skipped."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from platform_common.consumer import EventConsumer
from platform_common.db import create_engine
from platform_common.events import EventEnvelope
from platform_common.timestamps import to_timestamp
from platform_common.uow import unit_of_work_factory
from sautikit.gateway.v1 import admin_pb2
from sautikit.inventory.v1 import inventory_pb2
from services.notifications import repository
from services.notifications.consumers import build_subscriptions
from services.notifications.templates import EAT
from tests.integration.notifications_harness import (
    Notifications,
    parts,
    running_notifications,
)
from tests.integration.renewal_stack import RENT, RenewalStack, running_renewal_stack
from tests.integration.test_trials import trial_pass

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[RenewalStack]:
    async with running_renewal_stack(database_url, nats_url) as running:
        yield running


@pytest.fixture
async def mail(
    database_url: str, nats_url: str, tmp_path: Path, stack: RenewalStack
) -> AsyncIterator[Notifications]:
    async with running_notifications(database_url, nats_url, tmp_path / "mail") as running:
        yield running


async def provision(stack: RenewalStack, workspace: str, hours: float, index: int = 0):  # type: ignore[no-untyped-def]
    [row] = await stack.rows(
        "SELECT e164 FROM inventory.numbers WHERE id = %s", stack.numbers[index]
    )
    reply = await stack.inventory.ProvisionTrial(
        inventory_pb2.ProvisionTrialRequest(
            workspace_id=workspace,
            e164=row["e164"],
            trial_until=to_timestamp(stack.clock.now() + timedelta(hours=hours)),
        )
    )
    return reply.tenant_number


async def test_a_trial_ending_in_23_hours_gets_one_reminder_email_with_its_number_and_eat_time(
    stack: RenewalStack, mail: Notifications, tmp_path: Path
) -> None:
    workspace = await mail.workspace("ops@acme.co.ke")
    start = stack.clock.now()
    trial = await provision(stack, workspace, hours=30)
    stack.clock.move_to(start + timedelta(hours=7))  # 23 hours left
    for _ in range(2):  # two trial schedulers at once, twice (a restart in between)
        await trial_pass(stack, replicas=2)
    await mail.queued("trial_expiring")
    for _ in range(2):  # two senders at once, twice
        await mail.send_pass(senders=2)

    [message] = mail.mail_to("ops@acme.co.ke")
    ends = trial.trial_until.ToDatetime(tzinfo=UTC).astimezone(EAT)
    eat = ends.strftime("%a %d %b %Y, %H:%M EAT")
    assert trial.e164 in message["Subject"] and eat in message["Subject"]
    text, html = parts(message)
    for body in (text, html):
        assert trial.e164 in body and eat in body
        assert f"/v1/numbers/{trial.number_id}/claim" in body  # how to keep it
    assert "Sautikit" in message["From"]
    [row] = await mail.rows()
    assert (row["status"], row["attempts"]) == ("sent", 1)
    assert "@" not in str(row["context"])  # the address is never stored
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 1


async def test_smtp_down_at_reminder_time_retries_and_sends_once_when_it_returns(
    stack: RenewalStack, mail: Notifications
) -> None:
    workspace = await mail.workspace("ops@acme.co.ke")
    mail.sink.stop()
    await provision(stack, workspace, hours=23)  # reminded at once
    await mail.queued("trial_expiring")
    await mail.send_pass()
    await mail.send_pass()  # not due again yet: no second attempt
    [row] = await mail.rows()
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["last_error"] in {"ConnectionRefusedError", "SMTPServerDisconnected"}
    first_retry = row["next_attempt_at"]
    assert first_retry > mail.clock.now()

    mail.clock.move_to(first_retry)  # still down: the next wait is longer
    await mail.send_pass()
    [row] = await mail.rows()
    assert row["attempts"] == 2
    assert row["next_attempt_at"] - first_retry > first_retry - mail.clock.now()
    assert mail.sink.received == []

    mail.sink.start()  # back, same port
    mail.clock.move_to(row["next_attempt_at"])
    for _ in range(3):
        await mail.send_pass(senders=2)
    assert len(mail.mail_to("ops@acme.co.ke")) == 1
    [row] = await mail.rows()
    assert (row["status"], row["attempts"]) == ("sent", 3)


async def test_a_suspension_for_unpaid_rental_sends_one_email_with_the_amount_due(
    stack: RenewalStack, mail: Notifications
) -> None:
    workspace = await mail.workspace("billing@acme.co.ke")
    number = await stack.claim(workspace)  # funded with exactly the first month
    period = stack.first_renewal(number)
    await stack.run(period)  # the wallet is empty: suspended
    await stack.run(period)  # a rerun suspends nothing more
    assert await stack.status(number.id) == "suspended"
    await mail.queued("number_suspended_unpaid")
    await mail.send_pass(senders=2)
    await mail.send_pass()
    [message] = mail.mail_to("billing@acme.co.ke")
    text, html = parts(message)
    for body in (text, html):
        assert number.e164 in body and "KES 500.00" in body
        assert "/v1/wallet/topups" in body  # how to top up


async def test_a_workspace_without_an_email_gets_none_and_the_email_is_recorded_skipped(
    stack: RenewalStack, mail: Notifications
) -> None:
    workspace = await mail.workspace("")
    await provision(stack, workspace, hours=10)
    await mail.queued("trial_expiring")
    await mail.send_pass()
    [row] = await mail.rows()
    assert (row["status"], row["attempts"]) == ("skipped", 0)
    assert mail.sink.received == []
    # An operator adds an email later: a past event is not sent again.
    await mail.admin.UpdateWorkspace(
        admin_pb2.UpdateWorkspaceRequest(workspace_id=workspace, email="late@acme.co.ke")
    )
    await mail.send_pass()
    assert mail.sink.received == []


async def test_repeated_and_shuffled_events_record_one_email_per_event_and_template(
    stack: RenewalStack, mail: Notifications
) -> None:
    workspace = await mail.workspace("ops@acme.co.ke")
    for index in range(3):
        await provision(stack, workspace, hours=5, index=10 + index)
    number = await stack.claim(workspace)
    await stack.run(stack.first_renewal(number))
    await mail.queued("trial_expiring", count=3)
    await mail.queued("number_suspended_unpaid")
    subjects = ("sautikit.numbers.trial_expiring", "sautikit.numbers.suspended")
    envelopes = [
        EventEnvelope(
            id=row["id"],
            source="sautikit/inventory",
            ce_type=row["ce_type"],
            subject=row["ce_subject"],
            time=row["created_at"],
            nats_subject=row["nats_subject"],
            data=row["payload"],
        )
        for subject in subjects
        for row in await stack.outbox(subject)
    ]
    deliveries = envelopes * 3
    random.Random(7).shuffle(deliveries)
    engine = create_engine(mail.database_url)
    consumers = {
        subject: EventConsumer(
            nats=None,  # type: ignore[arg-type]  # handle_once never touches NATS
            new_uow=unit_of_work_factory(engine, repository.outbox),
            # A fresh consumer name: the processed-events row does not hide a repeat, so the
            # unique (event, template) row has to.
            processed=repository.processed_events,
            durable=f"{durable}-replay-{uuid.uuid4().hex[:6]}",
            subject=subject,
            handler=handler,
        )
        for durable, (subject, handler) in build_subscriptions(mail.clock).items()
    }
    try:
        for start in range(0, len(deliveries), 4):
            await asyncio.gather(
                *(consumers[e.nats_subject].handle_once(e) for e in deliveries[start : start + 4])
            )
    finally:
        await engine.dispose()
    rows = await mail.rows()
    assert sorted((r["template"], r["event_id"]) for r in rows) == sorted(
        (
            "trial_expiring"
            if e.nats_subject.endswith("trial_expiring")
            else "number_suspended_unpaid",
            e.id,
        )
        for e in envelopes
    )
    await mail.send_pass(senders=2)
    assert len(mail.mail_to("ops@acme.co.ke")) == 4
    assert RENT == 50_000
