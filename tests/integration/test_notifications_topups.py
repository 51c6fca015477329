"""A successful M-Pesa top-up sends one receipt email (amount and M-Pesa receipt) through the
real path: Daraja simulator -> gateway callback -> wallet credit -> wallet.credited on
JetStream -> notifications -> SMTP on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from sautikit.gateway.v1 import admin_pb2
from tests.integration.notifications_harness import (
    Notifications,
    parts,
    running_notifications,
)
from tests.integration.topups_harness import TopupHarness, topup_platform

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def topups(database_url: str, nats_url: str) -> AsyncIterator[TopupHarness]:
    async with topup_platform(database_url, nats_url) as harness:
        yield harness


@pytest.fixture
async def mail(
    database_url: str, nats_url: str, tmp_path: Path, topups: TopupHarness
) -> AsyncIterator[Notifications]:
    async with running_notifications(database_url, nats_url, tmp_path / "mail") as running:
        yield running


async def test_a_successful_topup_sends_one_receipt_with_amount_and_mpesa_receipt(
    topups: TopupHarness, mail: Notifications
) -> None:
    await mail.admin.UpdateWorkspace(
        admin_pb2.UpdateWorkspaceRequest(
            workspace_id=topups.workspace_id, email="finance@acme.co.ke"
        )
    )
    response = await topups.start(123_400, "254708374149")
    assert response.status_code == 202, response.text
    settled = await topups.settled(str(response.json()["id"]))
    assert settled["status"] == "succeeded"
    receipt = str(settled["mpesa_receipt_number"])
    await mail.queued("topup_receipt")
    await mail.send_pass(senders=2)
    await mail.send_pass()

    [message] = mail.mail_to("finance@acme.co.ke")
    text, html = parts(message)
    for body in (text, html):
        assert "KES 1,234.00" in body and receipt in body
    key = topups.headers["Authorization"].removeprefix("Bearer ")
    assert key not in message.as_string()  # never a secret in an email
    [row] = await mail.rows()
    assert (row["template"], row["status"]) == ("topup_receipt", "sent")
