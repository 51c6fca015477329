"""After the fault: wait (bounded) until the platform has settled, then check what every caller
was told against what the databases hold."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

import httpx
import psycopg

from devstack.launcher import RunningPlatform
from devstack.webhook_receiver import WebhookReceiver
from tests.conftest import eventually
from tests.faults.invariants import assert_invariants, violations
from tests.faults.load import LoadRecord
from tests.faults.platform import database_url

# Invariants that hold only once background work has caught up (relay, sweeper, expiry).
CATCHING_UP = (
    "every outbox row published",
    "no number reserved past its hold",
    "no call reservation past its hold",
)


async def settled(
    platform: RunningPlatform,
    api: httpx.AsyncClient,
    record: LoadRecord,
    receiver: WebhookReceiver | None = None,
    *,
    timeout: float = 60.0,
) -> None:
    url = database_url(platform)

    async def topups_done() -> bool:
        for topup in record.topups:
            reply = await api.get(f"/v1/wallet/topups/{topup}")
            if reply.status_code != 200 or reply.json()["status"] == "pending":
                return False
        return True

    await eventually(topups_done, timeout=timeout, interval=0.3)
    try:
        await eventually(
            lambda: not violations(url, only=CATCHING_UP), timeout=timeout, interval=0.3
        )
    except AssertionError:
        still = violations(url, only=CATCHING_UP)
        raise AssertionError(
            f"not caught up within {timeout}s: "
            + "; ".join(f"{name}: {rows[:5]}" for name, rows in still.items())
        ) from None
    if receiver is not None:
        try:
            # A delivery that a killed routing process had in hand waits out JetStream's ack wait
            # (30 s) before another process takes it, then its retry backoff.
            await eventually(
                lambda: set(received_event_ids(receiver)) >= set(record.event_ids),
                timeout=2 * timeout,
                interval=0.3,
            )
        except AssertionError:
            raise AssertionError(undelivered_report(url, receiver, record)) from None


def received_event_ids(receiver: WebhookReceiver) -> list[str]:
    """The platform event id of every webhook the receiver accepted (its body's `id`), repeats
    kept; a request it refused is not a delivery."""
    return [str(json.loads(r.body)["id"]) for r in receiver.accepted]


def undelivered_report(url: str, receiver: WebhookReceiver, record: LoadRecord) -> str:
    """What became of the events the receiver never saw (for the failure message)."""
    seen = set(received_event_ids(receiver))
    missing = [e for e in record.event_ids if e not in seen]
    with psycopg.connect(url) as conn:
        deliveries = conn.execute(
            "SELECT event_id::text, status, attempt_count FROM routing.deliveries"
            " WHERE event_id = ANY(%s::uuid[])",
            (missing,),
        ).fetchall()
        processed = conn.execute(
            "SELECT consumer, event_id::text FROM routing.processed_events"
            " WHERE event_id = ANY(%s::uuid[])",
            (missing,),
        ).fetchall()
    return (
        f"{len(missing)} of {len(record.event_ids)} events never reached the receiver;"
        f" their deliveries: {deliveries}; processed by: {processed}"
    )


def check_outcomes(platform: RunningPlatform, record: LoadRecord, rent: int) -> None:
    """Every answer the callers got is what the databases hold, and every invariant holds."""
    url = database_url(platform)
    assert_invariants(url)
    assert 500 not in record.statuses, (Counter(record.statuses), record.server_errors[:5])
    with psycopg.connect(url) as conn:
        held = dict(
            conn.execute(
                "SELECT n.id::text, t.id::text FROM inventory.tenant_numbers t"
                " JOIN inventory.numbers n ON n.id = t.number_id WHERE t.status <> 'released'"
            ).fetchall()
        )
        succeeded = conn.execute(
            "SELECT coalesce(sum(amount_minor), 0) FROM wallet.topups"
            " WHERE id = ANY(%s::uuid[]) AND status = 'succeeded'",
            (record.topups,),
        ).fetchone()[0]
        # Top-up credits of the workspaces this load topped up (other tests may share the
        # platform): any second credit of one top-up, whatever its key, counts here too.
        credited = conn.execute(
            "SELECT coalesce(sum(amount_minor), 0) FROM wallet.ledger_entries"
            " WHERE entry_type = 'topup' AND workspace_id IN"
            " (SELECT workspace_id FROM wallet.topups WHERE id = ANY(%s::uuid[]))",
            (record.topups,),
        ).fetchone()[0]
    for number, status in record.claims.items():
        if status == 201:
            assert held.get(number) == record.claim_bodies[number]["id"], number
        else:
            assert number not in held, (number, status)
    assert succeeded == credited, "each succeeded top-up credited exactly once"
    assert len(record.topups) == len(set(record.topups))


def check_deliveries(receiver: WebhookReceiver, record: LoadRecord) -> None:
    """The delivery contract (services/routing/README.md, "Isolation and replicas"): at least
    once, and every request for one event under the same webhook-id, so that a receiver that
    deduplicates by webhook-id, as Standard Webhooks asks, sees each event exactly once. A repeat
    is allowed: an attempt that outlives its lease (its worker killed, or the answer slower than
    the lease) is made again. A second webhook-id for one event is not: no receiver could tell
    it from a second event."""
    webhook_ids: dict[str, set[str]] = defaultdict(set)
    for request in receiver.accepted:
        webhook_ids[str(json.loads(request.body)["id"])].add(request.headers["webhook-id"])
    assert set(webhook_ids) == set(record.event_ids), "no event lost, none invented"
    several = {event: ids for event, ids in webhook_ids.items() if len(ids) > 1}
    assert several == {}, f"each event under one webhook-id; several: {several}"
    deduplicated = {webhook_id for ids in webhook_ids.values() for webhook_id in ids}
    assert len(deduplicated) == len(set(record.event_ids)), "deduplicated, each event once"
