"""The rental calendar: months run in Africa/Nairobi time (EAT, UTC+3, no daylight saving)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

BILLING_TZ = timezone(timedelta(hours=3), "EAT")


def next_renewal_after(moment: datetime) -> datetime:
    """00:00 EAT on the first day of the month after `moment` (as a UTC datetime).

    A claim pays for the current calendar month; the renewal job charges on the 1st.
    """
    local = moment.astimezone(BILLING_TZ)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return datetime(year, month, 1, tzinfo=BILLING_TZ).astimezone(UTC)


def billing_period(moment: datetime) -> str:
    """The YYYY-MM of `moment` in the billing calendar (part of renewal idempotency keys)."""
    return moment.astimezone(BILLING_TZ).strftime("%Y-%m")
