"""The platform's integrity invariants, checked from outside the services over every service's
schema in one database (the devstack layout: one PostgreSQL database, one schema per service).

Each check is one SQL query that returns the rows breaking it; `violations()` runs them all and
names each broken invariant with its offending rows, so a failing fault test says what broke.
The queries read only committed state and never lock, so they may run beside a live platform;
the fault tests run them once the load has stopped and the platform has settled.
"""

from __future__ import annotations

from collections.abc import Iterable

import psycopg

CHECKS: dict[str, str] = {
    # Money: every wallet's balance is its ledger's sum, never negative, and no ledger entry
    # exists without a wallet.
    "ledger sum = balance >= 0": """
        SELECT coalesce(w.workspace_id, e.workspace_id) AS workspace_id, w.balance_minor, e.total
        FROM wallet.wallets w
        FULL JOIN (SELECT workspace_id, sum(amount_minor) AS total
                   FROM wallet.ledger_entries GROUP BY workspace_id) e
          ON e.workspace_id = w.workspace_id
        WHERE w.balance_minor IS DISTINCT FROM coalesce(e.total, 0) OR w.balance_minor < 0
    """,
    # Money held for calls: a wallet's reservation total is what its authorized calls hold.
    "wallet reservations = open call holds": """
        SELECT w.workspace_id, w.reserved_minor, coalesce(c.held, 0) AS held
        FROM wallet.wallets w
        LEFT JOIN (SELECT workspace_id, sum(reserved_minor) AS held FROM wallet.calls
                   WHERE status = 'authorized' GROUP BY workspace_id) c
          ON c.workspace_id = w.workspace_id
        WHERE w.reserved_minor <> coalesce(c.held, 0)
    """,
    # Numbers: at most one holding that is not released per number.
    "one active holder per number": """
        SELECT number_id, count(*) FROM inventory.tenant_numbers
        WHERE status <> 'released' GROUP BY number_id HAVING count(*) > 1
    """,
    # Numbers are neither lost nor given away: an assigned number has a live holding and a
    # live holding's number is assigned.
    "assigned number <=> live holding": """
        SELECT n.id, n.state, t.id AS holding, t.status
        FROM inventory.numbers n
        FULL JOIN (SELECT * FROM inventory.tenant_numbers WHERE status <> 'released') t
          ON t.number_id = n.id
        WHERE (n.state = 'assigned') IS DISTINCT FROM (t.id IS NOT NULL)
    """,
    # Money for numbers: at most one rental charge per tenant number and billing month, whether
    # the claim (key claim:<claim_id>) or a renewal (key <tenant_number_id>:<YYYY-MM>) took it.
    # Months are Nairobi calendar months (BILLING_TZ in services/inventory/renewals/domain.py).
    "one rental charge per number-month": """
        WITH charges AS (
            SELECT t.id AS tenant_number_id,
                   to_char(e.created_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM') AS period,
                   e.id AS entry_id
            FROM wallet.ledger_entries e
            JOIN inventory.tenant_numbers t ON e.idempotency_key = 'claim:' || t.claim_id
            WHERE e.entry_type = 'number_rental'
            UNION ALL
            SELECT t.id, split_part(e.idempotency_key, ':', 2), e.id
            FROM wallet.ledger_entries e
            JOIN inventory.tenant_numbers t ON split_part(e.idempotency_key, ':', 1) = t.id::text
            WHERE e.entry_type = 'number_rental'
        )
        SELECT tenant_number_id, period, count(*) FROM charges
        GROUP BY tenant_number_id, period HAVING count(*) > 1
    """,
    # Every claim charge bought a number: a claim debit whose claim never became a holding is
    # money taken for nothing (unless it was refunded by an entry naming the same claim).
    "every claim charge has its number": """
        SELECT e.id, e.workspace_id, e.idempotency_key, e.amount_minor
        FROM wallet.ledger_entries e
        WHERE e.entry_type = 'number_rental' AND e.idempotency_key LIKE 'claim:%'
          AND NOT EXISTS (SELECT 1 FROM inventory.tenant_numbers t
                          WHERE e.idempotency_key = 'claim:' || t.claim_id)
    """,
    # Every paid holding was charged: a non-trial holding carries its claim's ledger entry.
    "every bought number was charged": """
        SELECT t.id, t.workspace_id, t.ledger_entry_id
        FROM inventory.tenant_numbers t
        WHERE t.trial_until IS NULL
          AND NOT EXISTS (SELECT 1 FROM wallet.ledger_entries e WHERE e.id = t.ledger_entry_id)
    """,
    # No claim left pending: a reservation past its hold has been settled by the sweeper.
    "no number reserved past its hold": """
        SELECT id, e164, reserved_until FROM inventory.numbers
        WHERE state = 'reserved' AND reserved_until < now()
    """,
    # No call reservation past its hold: the expiry job moved it.
    "no call reservation past its hold": """
        SELECT id, call_id, expires_at FROM wallet.calls
        WHERE status = 'authorized' AND expires_at < now()
    """,
    # Events: every committed outbox row of every service was published.
    "every outbox row published": """
        SELECT 'inventory' AS schema, id, nats_subject FROM inventory.outbox
            WHERE published_at IS NULL
        UNION ALL SELECT 'wallet', id, nats_subject FROM wallet.outbox WHERE published_at IS NULL
        UNION ALL SELECT 'credentials', id, nats_subject FROM credentials.outbox
            WHERE published_at IS NULL
        UNION ALL SELECT 'routing', id, nats_subject FROM routing.outbox
            WHERE published_at IS NULL
        UNION ALL SELECT 'notifications', id, nats_subject FROM notifications.outbox
            WHERE published_at IS NULL
        UNION ALL SELECT 'gateway', id, nats_subject FROM gateway.outbox
            WHERE published_at IS NULL
    """,
}


def violations(database_url: str, *, only: Iterable[str] | None = None) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every broken invariant (by name) with the rows that break it; empty when all hold."""
    names = list(only) if only is not None else list(CHECKS)
    broken: dict[str, list[tuple]] = {}  # type: ignore[type-arg]
    with psycopg.connect(database_url, autocommit=True) as conn:
        for name in names:
            rows = conn.execute(CHECKS[name]).fetchall()  # type: ignore[arg-type]
            if rows:
                broken[name] = rows
    return broken


def assert_invariants(database_url: str, *, only: Iterable[str] | None = None) -> None:
    broken = violations(database_url, only=only)
    assert not broken, "broken invariants:\n" + "\n".join(
        f"- {name}: {rows[:10]}" for name, rows in broken.items()
    )
