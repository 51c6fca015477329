"""`sautikit billing run` as a real process against the real inventory and wallet: it runs a
month now (also before its first day), prints what it charged, suspended and skipped, and
refuses bad periods with exit code 1 and a clear message, charging nothing."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest

from tests.integration.renewal_stack import (
    RENT,
    RenewalStack,
    ledger_integrity_problems,
    running_renewal_stack,
)


@pytest.fixture(autouse=True)
def ledger_stays_consistent(database_url: str) -> Iterator[None]:
    yield
    assert ledger_integrity_problems(database_url) == []


@pytest.fixture
async def stack(database_url: str, nats_url: str) -> AsyncIterator[RenewalStack]:
    async with running_renewal_stack(database_url, nats_url) as running:
        yield running


async def sautikit(stack: RenewalStack, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "operator_cli.main",
        *args,
        env={**os.environ, "INVENTORY_ADDR": stack.inventory_address},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_billing_run_charges_suspends_and_reports_each(stack: RenewalStack) -> None:
    paying, broke = str(uuid.uuid4()), str(uuid.uuid4())
    paid = [await stack.claim(paying), await stack.claim(paying)]
    unpaid = await stack.claim(broke)
    await stack.fund(paying, 2 * RENT)
    period = stack.first_renewal(unpaid)
    assert stack.clock.now() < period.starts_at()  # before the month's first day

    code, out, err = await sautikit(
        stack, "billing", "run", "--period", str(period), "--page-size", "2"
    )

    assert code == 0, err
    report = json.loads(out)
    assert report["period"] == str(period)
    assert report["charged"] == {"count": 2, "amount_minor": 2 * RENT, "currency": "KES"}
    assert report["suspended"]["count"] == 1
    [suspended] = report["suspended"]["numbers"]
    assert (suspended["tenant_number_id"], suspended["e164"]) == (unpaid.id, unpaid.e164)
    assert suspended["reason"] == "wallet_insufficient_funds"
    assert report["skipped"] == {"count": 0, "numbers": []}
    assert "3/3" in err  # the progress bar reached every due number
    assert await stack.rental_entries(period) == {f"{n.id}:{period}": 1 for n in paid}

    code, out, _ = await sautikit(stack, "billing", "run", "--period", str(period), "--quiet")
    assert code == 0 and json.loads(out)["charged"]["count"] == 0


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-13", "--period must be a month written YYYY-MM"),
        ("12-2026", "--period must be a month written YYYY-MM"),
        ("", "--period must be a month written YYYY-MM"),
        ("2999-01", "validation_failed: period 2999-01 is too far ahead"),
    ],
)
async def test_billing_run_refuses_a_bad_period_with_exit_1(
    stack: RenewalStack, period: str, message: str
) -> None:
    workspace = str(uuid.uuid4())
    await stack.claim(workspace)
    await stack.fund(workspace, RENT)
    code, out, err = await sautikit(stack, "billing", "run", "--period", period)
    assert code == 1 and out == ""
    assert message in err
    renewals = await stack.rows(
        "SELECT 1 FROM wallet.ledger_entries"
        " WHERE entry_type = 'number_rental' AND idempotency_key NOT LIKE %s",
        "claim:%",
    )
    assert renewals == []
