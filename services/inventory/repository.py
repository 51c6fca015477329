"""Tables of the inventory schema and the queries on them (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ColumnElement,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, CHAR, UUID, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.ids import new_id
from platform_common.outbox import outbox_table, processed_events_table
from services.inventory.domain import (
    CALLING_CODE_PREFIX,
    COUNTRY,
    CURRENCY,
    NumberSpec,
    NumberState,
    TenantNumberStatus,
)

SCHEMA = "inventory"
metadata = MetaData(schema=SCHEMA)


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


numbers = Table(
    "numbers",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    # Byte-order collation: LIKE 'prefix%' can use the btree index whatever the server locale.
    Column("e164", Text(collation="C"), nullable=False),
    Column("country", CHAR(2), nullable=False, server_default=COUNTRY),
    Column("number_type", Text, nullable=False),
    Column("capabilities", ARRAY(Text), nullable=False),
    Column("monthly_price_minor", BigInteger, nullable=False),
    Column("inbound_per_min_minor", BigInteger, nullable=False),
    Column("outbound_per_min_minor", BigInteger, nullable=False),
    Column("currency", CHAR(3), nullable=False, server_default=CURRENCY),
    Column("state", Text, nullable=False, server_default=NumberState.AVAILABLE.value),
    Column("reserved_until", DateTime(timezone=True)),
    Column("claim_id", UUID(as_uuid=True)),
    # The workspace a reservation is for: the sweeper finishes a claim without its caller.
    Column("reserved_for", UUID(as_uuid=True)),
    # False for the test pool (services/inventory/sandbox.py), sold only to sandbox workspaces.
    Column("livemode", Boolean, nullable=False, server_default=text("true")),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("e164", name="uq_numbers_e164"),
    CheckConstraint(r"e164 ~ '^\+[1-9][0-9]{1,14}$'", name="ck_numbers_e164_shape"),
    CheckConstraint(
        "number_type IN ('mobile', 'fixed_line', 'toll_free')", name="ck_numbers_number_type"
    ),
    CheckConstraint(
        "cardinality(capabilities) > 0 AND capabilities <@ ARRAY['voice', 'sms']::text[]",
        name="ck_numbers_capabilities",
    ),
    CheckConstraint("monthly_price_minor > 0", name="ck_numbers_monthly_price_positive"),
    CheckConstraint("inbound_per_min_minor >= 0", name="ck_numbers_inbound_price_not_negative"),
    CheckConstraint("outbound_per_min_minor >= 0", name="ck_numbers_outbound_price_not_negative"),
    CheckConstraint(f"currency = '{CURRENCY}'", name="ck_numbers_currency"),
    CheckConstraint(f"state IN ({_quoted(list(NumberState))})", name="ck_numbers_state"),
    # The test pool's block and only it is test mode: no live number can be a test one.
    CheckConstraint("livemode <> (e164 LIKE '+25418000%')", name="ck_numbers_test_pool_block"),
    # The sweeper needs the deadline and the debit's idempotency key of every reservation.
    CheckConstraint(
        "state <> 'reserved' OR (reserved_until IS NOT NULL AND claim_id IS NOT NULL)",
        name="ck_numbers_reservation_complete",
    ),
    # Search walks available numbers in e164 order (prefix patterns, keyset paging)...
    Index(
        "ix_numbers_available_e164",
        "e164",
        postgresql_where=text("state = 'available'"),
    ),
    # ...and finds digits anywhere or at the end through trigrams.
    Index(
        "ix_numbers_available_e164_trgm",
        "e164",
        postgresql_using="gin",
        postgresql_ops={"e164": "gin_trgm_ops"},
        postgresql_where=text("state = 'available'"),
    ),
    Index(
        "ix_numbers_reserved_until",
        "reserved_until",
        postgresql_where=text("state = 'reserved'"),
    ),
)

# The national number (e164 after "+254"). A literal position, not a bind parameter, so that
# a prepared statement's plan can still match the index expression.
NATIONAL_PART: ColumnElement[Any] = func.substr(
    numbers.c.e164, literal_column(str(len(CALLING_CODE_PREFIX) + 1))
)
# Digits inside the national number, through trigrams (migration 0009): rare `contains`
# patterns are looked up here (holdings_repository.search_query).
Index(
    "ix_numbers_available_national_trgm",
    NATIONAL_PART.label("national_part"),
    postgresql_using="gin",
    postgresql_ops={"national_part": "gin_trgm_ops"},
    postgresql_where=text("state = 'available'"),
)

tenant_numbers = Table(
    "tenant_numbers",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("number_id", UUID(as_uuid=True), ForeignKey("numbers.id"), nullable=False),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("e164", Text, nullable=False),
    # The saga's id: one claim makes at most one tenant number, whoever finishes it.
    Column("claim_id", UUID(as_uuid=True), nullable=False),
    Column("status", Text, nullable=False, server_default=TenantNumberStatus.ACTIVE.value),
    Column("monthly_price_minor", BigInteger, nullable=False),
    Column("currency", CHAR(3), nullable=False, server_default=CURRENCY),
    Column("allow_inbound", Boolean, nullable=False, server_default=text("true")),
    Column("allow_outbound", Boolean, nullable=False, server_default=text("true")),
    # The workspace turned the number off: no calls or SIP registrations, still billed.
    Column("disabled", Boolean, nullable=False, server_default=text("false")),
    # Per-minute call rates, copied from the number at claim time (migration 0006).
    Column("inbound_per_min_minor", BigInteger, nullable=False, server_default="0"),
    Column("outbound_per_min_minor", BigInteger, nullable=False, server_default="0"),
    Column("ledger_entry_id", UUID(as_uuid=True)),
    Column("claimed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("next_renewal_at", DateTime(timezone=True)),
    Column("suspended_at", DateTime(timezone=True)),
    Column("suspended_reason", Text),
    Column("released_at", DateTime(timezone=True)),
    Column("trial_until", DateTime(timezone=True)),
    # Set once, by the conditional UPDATE that wins the right to send a trial's reminder.
    Column("trial_reminded_at", DateTime(timezone=True)),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("claim_id", name="uq_tenant_numbers_claim_id"),
    CheckConstraint(
        f"status IN ({_quoted(list(TenantNumberStatus))})", name="ck_tenant_numbers_status"
    ),
    CheckConstraint("monthly_price_minor > 0", name="ck_tenant_numbers_price_positive"),
    CheckConstraint(
        "(status = 'released') = (released_at IS NOT NULL)", name="ck_tenant_numbers_released_at"
    ),
    CheckConstraint(
        "trial_reminded_at IS NULL OR trial_until IS NOT NULL",
        name="ck_tenant_numbers_reminded_only_on_trial",
    ),
    # The database itself guarantees a number is never held by two workspaces at once.
    Index(
        "uq_tenant_numbers_one_holder",
        "number_id",
        unique=True,
        postgresql_where=text("status <> 'released'"),
    ),
    Index("ix_tenant_numbers_workspace", "workspace_id", "claimed_at", "id"),
    # The renewal job's question "which holdings are due?" (released ones have no date).
    Index(
        "ix_tenant_numbers_next_renewal_at",
        "next_renewal_at",
        postgresql_where=text("next_renewal_at IS NOT NULL"),
    ),
    # The trial scheduler's questions "which trials need a reminder / have ended?".
    Index(
        "ix_tenant_numbers_trial_until",
        "trial_until",
        postgresql_where=text("trial_until IS NOT NULL AND status <> 'released'"),
    ),
)

# One row per tenant number and billing month the renewal job handled: paid (with the wallet's
# ledger entry) or unpaid (owed; retried oldest first when the wallet is credited).
renewal_charges = Table(
    "renewal_charges",
    metadata,
    Column(
        "tenant_number_id",
        UUID(as_uuid=True),
        ForeignKey("tenant_numbers.id"),
        primary_key=True,
    ),
    Column("period", Text, primary_key=True),
    Column("workspace_id", UUID(as_uuid=True), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", CHAR(3), nullable=False, server_default=CURRENCY),
    Column("status", Text, nullable=False),
    Column("ledger_entry_id", UUID(as_uuid=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("paid_at", DateTime(timezone=True)),
    CheckConstraint(
        r"period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'", name="ck_renewal_charges_period_shape"
    ),
    CheckConstraint("status IN ('paid', 'unpaid')", name="ck_renewal_charges_status"),
    CheckConstraint("amount_minor > 0", name="ck_renewal_charges_amount_positive"),
    # A paid month always names the ledger entry that paid it.
    CheckConstraint(
        "(status = 'paid') = (ledger_entry_id IS NOT NULL AND paid_at IS NOT NULL)",
        name="ck_renewal_charges_paid_has_entry",
    ),
    # A credit looks up the workspace's unpaid months, oldest first.
    Index(
        "ix_renewal_charges_unpaid",
        "workspace_id",
        "period",
        postgresql_where=text("status = 'unpaid'"),
    ),
)
outbox = outbox_table(metadata)
processed_events = processed_events_table(metadata)


async def insert_new_numbers(conn: AsyncConnection, specs: Sequence[NumberSpec]) -> int:
    """Inserts the numbers not already in the pool (matched on e164); returns how many were new.

    Rows go in e164 order so that two overlapping imports take their unique-index locks in the
    same order and cannot deadlock each other.
    """
    if not specs:
        return 0
    rows = [
        {
            "id": spec.id or new_id(),
            "e164": spec.e164,
            "number_type": spec.number_type.value,
            "capabilities": [c.value for c in spec.capabilities],
            "monthly_price_minor": spec.monthly_price_minor,
            "inbound_per_min_minor": spec.inbound_per_min_minor,
            "outbound_per_min_minor": spec.outbound_per_min_minor,
            "currency": spec.currency,
        }
        for spec in sorted(specs, key=lambda s: s.e164)
    ]
    # executemany + RETURNING: SQLAlchemy batches this into multi-row INSERTs ("insertmanyvalues");
    # rows skipped by ON CONFLICT return nothing, so the returned rows are exactly the new ones.
    result = await conn.execute(
        insert(numbers)
        # A known e164 (or a fixed id already taken) leaves the existing number as it is.
        .on_conflict_do_nothing()
        .returning(numbers.c.id),
        rows,
    )
    return len(result.all())


async def count_numbers_by_state(conn: AsyncConnection) -> dict[NumberState, int]:
    """Numbers per state; every state is present, with 0 when it has none."""
    counts = dict.fromkeys(NumberState, 0)
    # The operator's inventory is the live one; the test pool is fixed (sandbox.py).
    result = await conn.execute(
        select(numbers.c.state, func.count())
        .where(numbers.c.livemode.is_(True))
        .group_by(numbers.c.state)
    )
    for state, count in result.all():
        counts[NumberState(state)] = count
    return counts
