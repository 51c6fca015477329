"""Trial rules (no I/O): how far ahead a trial may end, when its reminder is due, the debit key
of its conversion."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from platform_common.config import env_float, env_int
from platform_common.errors import FieldViolation, InvalidArgument

TRIAL_EXPIRED = "trial_expired"  # the release reason numbers.released carries
REMINDER_LEAD = timedelta(hours=24)


@dataclass(frozen=True)
class TrialSettings:
    max_days: int = 30  # the furthest ahead a trial may end
    interval_seconds: float = 30.0  # how often the trial scheduler looks
    batch_size: int = 200
    # A trial is released this long after trial_until: the conversion's debit is fenced by
    # the wallet's clock at trial_until, so the margin covers skew between the two clocks.
    release_grace_seconds: float = 5.0

    @classmethod
    def from_env(cls) -> TrialSettings:
        return cls(
            max_days=env_int("TRIAL_MAX_DAYS", 30),
            interval_seconds=env_float("TRIAL_INTERVAL_SECONDS", 30.0),
            batch_size=env_int("TRIAL_BATCH_SIZE", 200),
            release_grace_seconds=env_float("TRIAL_RELEASE_GRACE_SECONDS", 5.0),
        )


def ensure_trial_window(trial_until: datetime | None, *, now: datetime, max_days: int) -> datetime:
    """`trial_until` must lie in the future and at most `max_days` days away."""
    if trial_until is None:
        raise InvalidArgument(
            "trial_until is required",
            violations=[FieldViolation("trial_until", "is required")],
        )
    if trial_until <= now:
        raise InvalidArgument(
            "trial_until must be in the future",
            violations=[FieldViolation("trial_until", "must be in the future")],
        )
    if trial_until > now + timedelta(days=max_days):
        raise InvalidArgument(
            f"trial_until must be at most {max_days} days away",
            violations=[FieldViolation("trial_until", f"must be at most {max_days} days away")],
        )
    return trial_until


def remind_at_once(trial_until: datetime, now: datetime) -> bool:
    """A trial with under a day left gets its reminder when it is provisioned."""
    return trial_until - now <= REMINDER_LEAD


def conversion_key(tenant_number_id: uuid.UUID) -> str:
    """The wallet idempotency key of a trial's first paid month: a retried conversion (or the
    expiry job finding the debit) charges it once."""
    return f"trial-conversion:{tenant_number_id}"
