"""The database itself refuses a wallet whose balance is not the sum of its ledger entries, and
a negative balance, whatever code (or operator with psql) tries to write one."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.db import create_engine
from tests.ledger_integrity import assert_ledger_integrity, ledger_checked_after_each_test

pytestmark = pytest.mark.usefixtures(ledger_checked_after_each_test.__name__)

ENTRY = text(
    "INSERT INTO wallet.ledger_entries (id, workspace_id, entry_type, amount_minor, currency, "
    "balance_after_minor, idempotency_key) VALUES (:id, :ws, 'adjustment', :amount, 'KES', "
    ":after, :key)"
)
WALLET = text(
    "INSERT INTO wallet.wallets (workspace_id, balance_minor) VALUES (:ws, :balance) "
    "ON CONFLICT (workspace_id) DO UPDATE SET balance_minor = excluded.balance_minor"
)


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


async def test_a_balance_and_its_entry_written_together_commit(db: AsyncEngine) -> None:
    ws = uuid.uuid4()
    async with db.begin() as conn:
        await conn.execute(WALLET, {"ws": ws, "balance": 500})
        await conn.execute(
            ENTRY, {"id": uuid.uuid4(), "ws": ws, "amount": 500, "after": 500, "key": "k1"}
        )


@pytest.mark.parametrize(
    "writes",
    [
        "balance-without-entry",
        "entry-without-balance",
        "balance-differs-from-entries",
    ],
)
async def test_a_balance_that_is_not_the_ledger_sum_is_refused_at_commit(
    db: AsyncEngine, writes: str
) -> None:
    ws = uuid.uuid4()
    refusal = "has no wallet" if writes == "entry-without-balance" else "differs from its ledger"
    with pytest.raises(IntegrityError, match=refusal):
        async with db.begin() as conn:
            if writes != "entry-without-balance":
                await conn.execute(WALLET, {"ws": ws, "balance": 700})
            if writes != "balance-without-entry":
                await conn.execute(
                    ENTRY, {"id": uuid.uuid4(), "ws": ws, "amount": 500, "after": 500, "key": "k"}
                )
    async with db.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM wallet.wallets")) == 0


async def test_a_negative_balance_is_refused(db: AsyncEngine) -> None:
    ws = uuid.uuid4()
    with pytest.raises((IntegrityError, DBAPIError)):
        async with db.begin() as conn:
            await conn.execute(WALLET, {"ws": ws, "balance": -100})
            await conn.execute(
                ENTRY, {"id": uuid.uuid4(), "ws": ws, "amount": -100, "after": 0, "key": "n"}
            )


async def test_a_forged_running_sum_does_not_fool_the_after_test_check(
    db: AsyncEngine, database_url: str
) -> None:
    """The outside check sums the ledger itself: with the triggers off, it still fails."""
    ws = uuid.uuid4()
    async with db.begin() as conn:
        await conn.execute(text("SET session_replication_role = replica"))  # triggers off
        await conn.execute(WALLET, {"ws": ws, "balance": 900})
    with pytest.raises(AssertionError, match="differs from its ledger sum"):
        await assert_ledger_integrity(database_url)
    async with db.begin() as conn:
        await conn.execute(text("SET session_replication_role = replica"))
        await conn.execute(text("DELETE FROM wallet.wallets WHERE workspace_id = :ws"), {"ws": ws})
