"""Renewal periods, outcomes and the clock (no I/O).

A period is a calendar month of the billing calendar (Africa/Nairobi, EAT). A tenant number's
`next_renewal_at` is the start of the first period it has not paid for yet; a period is due
once its start has come (or, for an operator's run, once the run's period has started).
"""

from __future__ import annotations

import functools
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from platform_common.errors import FieldViolation, InvalidArgument
from services.inventory.billing import BILLING_TZ

UNPAID_RENTAL = "unpaid_rental"  # the suspension reason the renewal job writes
# ASCII digits, whole string: \d would take other scripts' digits and $ a trailing newline.
_PERIOD_SHAPE = re.compile(r"([0-9]{4})-([0-9]{2})")


class Clock(Protocol):
    """The one source of "now" for renewals; tests pass a clock they move."""

    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True, order=True)
class Period:
    """One billing month, e.g. 2026-12."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        """`YYYY-MM`; anything else is validation_failed naming `period`."""
        match = _PERIOD_SHAPE.fullmatch(text)
        if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 2000:
            raise InvalidArgument(
                "period must be a month written YYYY-MM, e.g. 2026-12",
                violations=[FieldViolation("period", "must be YYYY-MM (year 2000 or later)")],
            )
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, moment: datetime) -> Period:
        local = moment.astimezone(BILLING_TZ)
        return cls(local.year, local.month)

    def starts_at(self) -> datetime:
        """00:00 EAT on the 1st, as UTC."""
        return _month_start(self.year, self.month)

    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@functools.cache
def _month_start(year: int, month: int) -> datetime:
    # Cached: a renewal batch asks this for every holding it handles.
    return datetime(year, month, 1, tzinfo=BILLING_TZ).astimezone(UTC)


def renewal_key(tenant_number_id: uuid.UUID, period: Period) -> str:
    """The wallet idempotency key of one month's rental: a rerun or a second replica finds it
    already used and charges nothing twice."""
    return f"{tenant_number_id}:{period}"


def ensure_runnable(period: Period, now: datetime) -> None:
    """An operator may run any past or current period, and the next one ahead of its 1st (to
    try billing early); further ahead would charge months nobody has reached yet."""
    latest = Period.containing(now).next()
    if period > latest:
        raise InvalidArgument(
            f"period {period} is too far ahead; the latest period that can run now is {latest}",
            violations=[FieldViolation("period", f"must be {latest} or earlier")],
        )


class Outcome(StrEnum):
    CHARGED = "charged"  # the month was paid now
    SUSPENDED = "suspended"  # the wallet could not pay; the number was suspended now
    UNPAID = "unpaid"  # recorded as owed; the number already owes an earlier month
    SKIPPED = "skipped"  # nothing changed now (see the reason); a later run looks again


class SkipReason(StrEnum):
    ALREADY_CHARGED = "already_charged"  # an interrupted run had charged it; now recorded
    WALLET_UNAVAILABLE = "wallet_unavailable"  # no answer from the wallet; retried next run


@dataclass(frozen=True)
class RenewalItem:
    """What happened to one tenant number for one period."""

    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    period: Period
    outcome: Outcome
    amount_minor: int
    currency: str
    reason: str = ""


@dataclass(frozen=True)
class RenewalBatch:
    """One batch of a run: its items and where the next batch starts (None: run finished)."""

    items: list[RenewalItem]
    next_after: uuid.UUID | None
