"""The invariants checker itself: silent on a consistent database, and naming the invariant
when each guarantee is broken on purpose (rows written past the services, with the database's
own guards switched off or dropped, as a bug in a service would)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest

from tests.faults.invariants import violations

WS = uuid.UUID("00000000-0000-4000-8000-000000000001")
RENT = 50_000


@pytest.fixture
def conn(database_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(database_url, autocommit=True) as connection:
        # Past the triggers a service's bug would get past too; CHECKs and unique indexes stay.
        connection.execute("SET session_replication_role = replica")
        yield connection


def number(conn: psycopg.Connection, state: str = "available") -> uuid.UUID:
    number_id = uuid.uuid4()
    e164 = f"+2547{uuid.uuid4().int % 10**8:08d}"
    reserved = state == "reserved"
    conn.execute(
        "INSERT INTO inventory.numbers (id, e164, country, number_type, capabilities,"
        " monthly_price_minor, inbound_per_min_minor, outbound_per_min_minor, currency, state,"
        " reserved_until, claim_id)"
        " VALUES (%s, %s, 'KE', 'mobile', '{voice}', %s, 0, 0, 'KES', %s, %s, %s)",
        (
            number_id,
            e164,
            RENT,
            state,
            "2000-01-01T00:00:00Z" if reserved else None,
            uuid.uuid4() if reserved else None,
        ),
    )
    return number_id


def ledger(
    conn: psycopg.Connection, amount: int, key: str, entry_type: str = "adjustment"
) -> uuid.UUID:
    entry_id = uuid.uuid4()
    conn.execute(
        "INSERT INTO wallet.ledger_entries (id, workspace_id, entry_type, amount_minor, currency,"
        " balance_after_minor, reference, reason, idempotency_key)"
        " VALUES (%s, %s, %s, %s, 'KES', 0, 'r', 'r', %s)",
        (entry_id, WS, entry_type, amount, key),
    )
    return entry_id


def holding(conn: psycopg.Connection, number_id: uuid.UUID, *, charged: bool = True) -> uuid.UUID:
    claim_id, holding_id = uuid.uuid4(), uuid.uuid4()
    entry = ledger(conn, -RENT, f"claim:{claim_id}", "number_rental") if charged else uuid.uuid4()
    conn.execute(
        "INSERT INTO inventory.tenant_numbers (id, number_id, workspace_id, e164, claim_id,"
        " status, monthly_price_minor, currency, allow_inbound, allow_outbound, ledger_entry_id,"
        " claimed_at, inbound_per_min_minor, outbound_per_min_minor)"
        " SELECT %s, id, %s, e164, %s, 'active', %s, 'KES', true, true, %s, now(), 0, 0"
        " FROM inventory.numbers WHERE id = %s",
        (holding_id, WS, claim_id, RENT, entry, number_id),
    )
    conn.execute("UPDATE inventory.numbers SET state = 'assigned' WHERE id = %s", (number_id,))
    return holding_id


@pytest.fixture
def consistent(conn: psycopg.Connection) -> psycopg.Connection:
    """A funded wallet holding one paid number."""
    ledger(conn, 2 * RENT, "fund")
    conn.execute(
        "INSERT INTO wallet.wallets (workspace_id, currency, balance_minor, ledger_sum_minor,"
        " reserved_minor) VALUES (%s, 'KES', %s, %s, 0)",
        (WS, RENT, RENT),
    )
    holding(conn, number(conn))
    return conn


def broken(conn: psycopg.Connection) -> set[str]:
    url = conn.info.dsn
    return set(violations(url))


def test_a_consistent_database_breaks_nothing(consistent: psycopg.Connection) -> None:
    assert broken(consistent) == set()


def test_a_balance_off_its_ledger(consistent: psycopg.Connection) -> None:
    consistent.execute("UPDATE wallet.wallets SET balance_minor = balance_minor + 1")
    assert broken(consistent) == {"ledger sum = balance >= 0"}


def test_a_negative_balance(consistent: psycopg.Connection) -> None:
    ledger(consistent, -2 * RENT, "overdraw")
    for check in ("ck_wallets_balance_not_negative", "ck_wallets_reserved_within_balance"):
        consistent.execute(f"ALTER TABLE wallet.wallets DROP CONSTRAINT {check}")
    consistent.execute("UPDATE wallet.wallets SET balance_minor = -%s", (RENT,))
    assert broken(consistent) == {"ledger sum = balance >= 0"}


def test_two_holders_of_one_number(consistent: psycopg.Connection) -> None:
    consistent.execute("DROP INDEX inventory.uq_tenant_numbers_one_holder")
    taken = consistent.execute("SELECT number_id FROM inventory.tenant_numbers").fetchone()[0]
    holding(consistent, taken, charged=False)
    assert "one active holder per number" in broken(consistent)


def test_a_number_charged_twice_in_one_month(consistent: psycopg.Connection) -> None:
    tenant_number, period = consistent.execute(
        "SELECT id, to_char(now() AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM')"
        " FROM inventory.tenant_numbers"
    ).fetchone()
    ledger(consistent, -RENT, f"{tenant_number}:{period}", "number_rental")
    assert "one rental charge per number-month" in broken(consistent)


def test_an_assigned_number_without_a_holder(consistent: psycopg.Connection) -> None:
    number(consistent, "assigned")
    assert broken(consistent) == {"assigned number <=> live holding"}


def test_a_claim_charged_without_its_number(consistent: psycopg.Connection) -> None:
    ledger(consistent, -RENT, f"claim:{uuid.uuid4()}", "number_rental")
    assert "every claim charge has its number" in broken(consistent)


def test_a_number_given_without_a_charge(consistent: psycopg.Connection) -> None:
    holding(consistent, number(consistent), charged=False)
    assert broken(consistent) == {"every bought number was charged"}


def test_a_claim_stuck_past_its_hold(consistent: psycopg.Connection) -> None:
    number(consistent, "reserved")
    assert broken(consistent) == {"no number reserved past its hold"}


def test_an_outbox_row_never_published(consistent: psycopg.Connection) -> None:
    consistent.execute(
        "INSERT INTO routing.outbox (id, nats_subject, ce_type, ce_subject, payload, created_at)"
        " VALUES (%s, 'sautikit.routing.x', 't', 's', '', now())",
        (uuid.uuid4(),),
    )
    assert broken(consistent) == {"every outbox row published"}
