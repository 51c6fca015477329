"""Events say which side they are about: every numbers.*, number-order and wallet event of the
sandbox carries livemode false, the live side's true, as the real inventory and wallet services
write them to their outboxes (what JetStream then carries)."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from google.protobuf.message import Message

from platform_common.consumer import EventConsumer
from platform_common.db import create_engine
from platform_common.events import EventEnvelope, event_livemode
from platform_common.inventory_numbers import GrpcInventory
from platform_common.uow import unit_of_work_factory
from sautikit.events.v1 import events_pb2
from services.credentials import repository as credentials_repository
from services.credentials.consumers import build_subscriptions as credentials_subscriptions
from services.routing import repository as routing_repository
from services.routing.consumers import build_subscriptions as routing_subscriptions
from services.wallet import repository as wallet_repository
from services.wallet.usage.consumers import build_subscriptions as usage_subscriptions
from tests.conftest import eventually
from tests.integration.test_mode_harness import ModeStack, Tenant, running_mode_stack
from tests.integration.usage_harness import usage_settings

PAYLOADS: dict[str, type[Message]] = {
    "sautikit.numbers.claimed": events_pb2.NumberClaimed,
    "sautikit.numbers.updated": events_pb2.NumberSettingsChanged,
    "sautikit.numbers.released": events_pb2.NumberReleased,
    "sautikit.numbers.order_updated": events_pb2.NumberOrderUpdated,
    "sautikit.wallet.credited": events_pb2.WalletCredited,
}


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[ModeStack]:
    async with running_mode_stack(database_url, nats_url) as running:
        yield running


async def _side_activity(stack: ModeStack, tenant: Tenant, order_number: str) -> None:
    """Claim (and its credit), a settings change, an order and a release."""
    number = await stack.claim(tenant)
    changed = await stack.http.patch(
        f"/v1/numbers/{number.id}", json={"allow_outbound": False}, headers=tenant.headers
    )
    assert changed.status_code == 200, changed.text
    ordered = await stack.http.post(
        "/v1/number-orders", json={"number_id": order_number}, headers=tenant.headers
    )
    assert ordered.status_code == 201, ordered.text
    released = await stack.http.delete(f"/v1/numbers/{number.id}", headers=tenant.headers)
    assert released.status_code in (200, 204), released.text


async def _events_of(stack: ModeStack, workspace_id: str) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for schema in ("inventory", "wallet"):
        rows = await stack.rows(
            f"SELECT nats_subject, payload FROM {schema}.outbox ORDER BY created_at"  # noqa: S608
        )
        for row in rows:
            payload_type = PAYLOADS.get(row["nats_subject"])
            if payload_type is None:
                continue
            event = payload_type.FromString(row["payload"])
            if getattr(event, "workspace_id", "") == workspace_id:
                found.setdefault(row["nats_subject"], []).append(event)
    return found


async def test_every_event_of_each_side_carries_its_livemode(stack: ModeStack) -> None:
    await _side_activity(stack, stack.test, stack.test_numbers[-1])
    await _side_activity(stack, stack.live, stack.numbers[-1])

    for tenant in (stack.test, stack.live):
        events = await _events_of(stack, tenant.workspace_id)
        assert set(events) == set(PAYLOADS), tenant
        for subject, published in events.items():
            for event in published:
                assert event.HasField("livemode"), subject
                assert event_livemode(event) is tenant.livemode, subject


async def test_projections_keep_livemode_under_shuffled_and_repeated_events(
    stack: ModeStack,
) -> None:
    """Whatever order the numbers.* events of a test number arrive in, however often, each
    projection ends with the number released and livemode false (an event that does not fit
    makes it re-read the number from inventory, which says livemode false too)."""
    number = await stack.claim(stack.test)
    changed = await stack.http.patch(
        f"/v1/numbers/{number.id}", json={"allow_outbound": False}, headers=stack.test.headers
    )
    assert changed.status_code == 200, changed.text
    released = await stack.http.delete(f"/v1/numbers/{number.id}", headers=stack.test.headers)
    assert released.status_code in (200, 204), released.text
    tables = ("credentials.tenant_numbers", "routing.routings", "wallet.call_numbers")

    async def all_released() -> bool:
        for table in tables:
            rows = await stack.rows(
                f"SELECT status FROM {table} WHERE tenant_number_id = %s",  # noqa: S608
                number.id,
            )
            if [r["status"] for r in rows] != ["released"]:
                return False
        return True

    await eventually(all_released, timeout=15)
    for table in tables:  # forget what the projections learnt, then replay
        await stack.rows(f"DELETE FROM {table} WHERE tenant_number_id = %s", number.id)  # noqa: S608
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
        for row in await stack.rows(
            "SELECT * FROM inventory.outbox WHERE ce_subject = %s", f"tenant-numbers/{number.id}"
        )
    ]
    assert len(envelopes) == 3
    deliveries = envelopes * 3
    random.Random(11).shuffle(deliveries)

    inventory = GrpcInventory(stack.inventory_address)
    engine = create_engine(stack.database_url)
    services = [
        (credentials_repository, credentials_subscriptions(inventory)),
        (routing_repository, routing_subscriptions(inventory)),
        (
            wallet_repository,
            usage_subscriptions(
                settings=usage_settings(), clock=lambda: datetime.now(UTC), inventory=inventory
            ),
        ),
    ]
    try:
        for repository, subscriptions in services:
            consumers = {
                subject: EventConsumer(
                    nats=None,  # type: ignore[arg-type]  # handle_once never touches NATS
                    new_uow=unit_of_work_factory(engine, repository.outbox),
                    processed=repository.processed_events,
                    # A fresh name: processed_events does not hide a repeat; the rules must.
                    durable=f"{durable}-replay-{uuid.uuid4().hex[:6]}",
                    subject=subject,
                    handler=handler,
                )
                for durable, (subject, handler) in subscriptions.items()
            }
            for envelope in deliveries:
                await consumers[envelope.nats_subject].handle_once(envelope)
    finally:
        await engine.dispose()
        await inventory.close()

    for table in tables:
        rows = await stack.rows(
            f"SELECT status, livemode FROM {table} WHERE tenant_number_id = %s",  # noqa: S608
            number.id,
        )
        assert [(r["status"], r["livemode"]) for r in rows] == [("released", False)], table
