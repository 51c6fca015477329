"""The ledger invariant, checked from outside the code that keeps it: every wallet's balance
equals the sum of its workspace's ledger entries, no balance is negative, and no workspace has
entries without a wallet. The wallet and top-up suites run it after every test
(`ledger_checked_after_each_test`); the database enforces the same at COMMIT (migration 0002).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from platform_common.db import create_engine

_DISCREPANCIES = text(
    """
    SELECT coalesce(w.workspace_id, e.workspace_id) AS workspace_id,
           w.balance_minor, e.total
    FROM wallet.wallets w
    FULL JOIN (SELECT workspace_id, sum(amount_minor) AS total
               FROM wallet.ledger_entries GROUP BY workspace_id) e
      ON e.workspace_id = w.workspace_id
    WHERE w.balance_minor IS DISTINCT FROM e.total
       OR w.balance_minor < 0
    """
)


async def assert_ledger_integrity(database_url: str) -> None:
    """Fails listing every wallet whose balance is not its ledger sum, or is negative."""
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as conn:
            bad = (await conn.execute(_DISCREPANCIES)).all()
    finally:
        await engine.dispose()
    assert not bad, f"wallet balance differs from its ledger sum (or is negative): {bad}"


@pytest.fixture
async def ledger_checked_after_each_test(database_url: str) -> AsyncIterator[None]:
    """Autouse this in a module: after each test, the ledger invariant must hold."""
    yield
    await assert_ledger_integrity(database_url)
