"""The renewal calendar and its rules, without I/O: periods in EAT, idempotency keys, which
periods an operator may run."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from platform_common.errors import InvalidArgument
from services.inventory.billing import next_renewal_after
from services.inventory.renewals.domain import Period, ensure_runnable, renewal_key


@pytest.mark.parametrize(
    ("moment", "period"),
    [
        (datetime(2026, 11, 30, 20, 59, tzinfo=UTC), Period(2026, 11)),
        # 21:00 UTC on the 30th is 00:00 EAT on the 1st: already December in Nairobi.
        (datetime(2026, 11, 30, 21, 0, tzinfo=UTC), Period(2026, 12)),
        (datetime(2026, 12, 31, 21, 0, tzinfo=UTC), Period(2027, 1)),
    ],
)
def test_a_moment_belongs_to_the_month_it_is_in_nairobi(moment: datetime, period: Period) -> None:
    assert Period.containing(moment) == period


def test_a_month_starts_at_midnight_eat_and_matches_the_claims_next_renewal() -> None:
    december = Period(2026, 12)
    assert december.starts_at() == datetime(2026, 11, 30, 21, 0, tzinfo=UTC)
    claimed = datetime(2026, 11, 15, 9, 0, tzinfo=UTC)
    assert next_renewal_after(claimed) == december.starts_at()
    assert Period(2026, 12).next() == Period(2027, 1)
    assert str(Period(2027, 1)) == "2027-01"


def test_the_idempotency_key_is_the_tenant_number_and_the_month() -> None:
    number = uuid.UUID("0190a000-0000-7000-8000-000000000001")
    assert renewal_key(number, Period(2026, 12)) == f"{number}:2026-12"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-13",
        "2026-00",
        "2026-1",
        "26-12",
        "2026/12",
        "1999-12",
        "2026-12 ",
        "2026-12\n",  # `$` alone would accept a trailing newline
        "\uff12\uff10\uff12\uff16-12",  # fullwidth digits, which \d and int() accept
        "20266-12",
    ],
)
def test_a_malformed_period_names_the_field(text: str) -> None:
    with pytest.raises(InvalidArgument) as raised:
        Period.parse(text)
    assert [v.field for v in raised.value.violations] == ["period"]


def test_an_operator_may_run_up_to_next_month_but_no_further() -> None:
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    for text in ("2020-01", "2026-11", "2026-12"):
        ensure_runnable(Period.parse(text), now)
    with pytest.raises(InvalidArgument):
        ensure_runnable(Period(2027, 1), now)
