"""Workspace callback bodies say which mode their object belongs to (`data.livemode`), like
every API object: a receiver shared by a live and a test workspace can tell them apart."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from google.protobuf.message import Message

from platform_common.events import EventEnvelope
from sautikit.events.v1 import events_pb2
from services.routing.workspace_callbacks.payloads import callback_event

TENANT_NUMBER = str(uuid.uuid4())
WORKSPACE = str(uuid.uuid4())
NUMBER = {"tenant_number_id": TENANT_NUMBER, "workspace_id": WORKSPACE, "e164": "+254711000111"}


def _envelope(subject: str, payload: Message) -> EventEnvelope:
    return EventEnvelope(
        id=uuid.uuid4(),
        source="sautikit/inventory",
        ce_type=f"{subject}.v1",
        subject="tenant-numbers/x",
        time=datetime(2026, 11, 29, 12, 0, tzinfo=UTC),
        nats_subject=subject,
        data=payload.SerializeToString(),
    )


def _data(subject: str, payload: Message) -> dict[str, object]:
    event = callback_event(_envelope(subject, payload))
    assert event is not None
    data: dict[str, object] = json.loads(event.body)["data"]
    return data


@pytest.mark.parametrize(
    ("subject", "message"),
    [
        ("sautikit.numbers.claimed", events_pb2.NumberClaimed),
        ("sautikit.numbers.released", events_pb2.NumberReleased),
        ("sautikit.numbers.suspended", events_pb2.NumberSuspended),
        ("sautikit.numbers.resumed", events_pb2.NumberResumed),
        ("sautikit.numbers.updated", events_pb2.NumberSettingsChanged),
    ],
)
def test_number_callbacks_carry_the_numbers_mode(subject: str, message: type[Message]) -> None:
    assert _data(subject, message(**NUMBER, livemode=False))["livemode"] is False
    assert _data(subject, message(**NUMBER, livemode=True))["livemode"] is True
    # Events written before test mode carry no mode: they were all live.
    assert _data(subject, message(**NUMBER))["livemode"] is True


def test_order_callbacks_carry_the_orders_mode() -> None:
    order = {
        "order_id": str(uuid.uuid4()),
        "workspace_id": WORKSPACE,
        "number_id": str(uuid.uuid4()),
        "e164": "+254800000111",
        "version": 2,
        "status": "submitted",
    }
    subject = "sautikit.numbers.order_updated"
    assert _data(subject, events_pb2.NumberOrderUpdated(**order, livemode=False))["livemode"] is (
        False
    )
    assert _data(subject, events_pb2.NumberOrderUpdated(**order))["livemode"] is True
