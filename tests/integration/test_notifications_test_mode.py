"""Test mode never emails: an event about a sandbox (livemode false) is recorded `skipped` with
reason test_mode and never reaches SMTP, however often it is delivered, while the same kind of
event on the live side is sent. Real notifications service on JetStream, the gateway's admin
API for the address, an SMTP server listening on loopback."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from platform_common.timestamps import to_timestamp
from sautikit.events.v1 import events_pb2
from tests.integration.notifications_harness import Notifications, running_notifications
from tests.integration.routing_delivery_harness import publish


@pytest.fixture
async def mail(database_url: str, nats_url: str, tmp_path: Path) -> AsyncIterator[Notifications]:
    async with running_notifications(database_url, nats_url, tmp_path / "mail") as running:
        yield running


def _credited(workspace_id: str, *, livemode: bool | None) -> events_pb2.WalletCredited:
    event = events_pb2.WalletCredited(
        workspace_id=workspace_id,
        ledger_entry_id=str(uuid.uuid4()),
        entry_type="topup",
        amount_minor=50_000,
        currency="KES",
        balance_after_minor=150_000,
        credited_at=to_timestamp(datetime.now(UTC)),
        mpesa_receipt_number="SIM0000001",
    )
    if livemode is not None:
        event.livemode = livemode
    return event


def _trial_expiring(workspace_id: str) -> events_pb2.NumberTrialExpiring:
    return events_pb2.NumberTrialExpiring(
        tenant_number_id=str(uuid.uuid4()),
        number_id=str(uuid.uuid4()),
        workspace_id=workspace_id,
        e164="+254180000007",
        trial_until=to_timestamp(datetime.now(UTC) + timedelta(hours=20)),
        monthly_price_minor=50_000,
        currency="KES",
        livemode=False,
    )


async def test_a_sandbox_event_is_recorded_skipped_for_test_mode_and_never_sent(
    nats_url: str, mail: Notifications
) -> None:
    # One address for both sides: only the event's livemode tells them apart.
    workspace = await mail.workspace("dev@acme.co.ke")
    test_topup, test_trial, live_topup, old_topup = (uuid.uuid4() for _ in range(4))
    for copy in (0, 1):  # every event delivered twice
        await publish(
            nats_url,
            "sautikit.wallet.credited",
            _credited(workspace, livemode=False),
            event_id=test_topup,
            copy=copy,
        )
        await publish(
            nats_url,
            "sautikit.numbers.trial_expiring",
            _trial_expiring(workspace),
            event_id=test_trial,
            copy=copy,
        )
    await publish(
        nats_url,
        "sautikit.wallet.credited",
        _credited(workspace, livemode=True),
        event_id=live_topup,
    )
    # Written before test mode: livemode unset means live.
    await publish(
        nats_url,
        "sautikit.wallet.credited",
        _credited(workspace, livemode=None),
        event_id=old_topup,
    )
    await mail.queued("topup_receipt", count=3)
    await mail.queued("trial_expiring")
    await mail.send_pass()

    rows = {r["event_id"]: r for r in await mail.rows()}
    assert len(rows) == 4
    for skipped in (test_topup, test_trial):
        assert (rows[skipped]["status"], rows[skipped]["skip_reason"]) == ("skipped", "test_mode")
        assert rows[skipped]["attempts"] == 0
    for sent in (live_topup, old_topup):
        assert (rows[sent]["status"], rows[sent]["skip_reason"]) == ("sent", None)
    assert len(mail.mail_to("dev@acme.co.ke")) == 2
    assert len(mail.sink.received) == 2
