"""Email states, the retry schedule and the clock (no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from platform_common.config import env_float, env_int


class EmailStatus(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt
    SENT = "sent"  # the SMTP server accepted it
    SKIPPED = "skipped"  # not to be sent: see SkipReason
    FAILED = "failed"  # SMTP kept failing for longer than give_up_after


class SkipReason(StrEnum):
    """Why an email was recorded `skipped` (emails.skip_reason)."""

    TEST_MODE = "test_mode"  # the event is about a sandbox (livemode false): never emailed
    NO_EMAIL_ADDRESS = "no_email_address"  # the workspace has none (or no longer exists)


class Clock(Protocol):
    """The one source of "now" for the sender; tests pass a clock they move."""

    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class RetrySchedule:
    """Exponential back-off while SMTP (or the workspace directory) is unreachable."""

    first_delay_seconds: float = 30.0
    max_delay_seconds: float = 3600.0
    give_up_after: timedelta = timedelta(days=3)

    def delay(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failed attempt (1, 2, ...)."""
        seconds = self.first_delay_seconds * 2 ** max(0, min(attempts - 1, 20))
        return timedelta(seconds=min(seconds, self.max_delay_seconds))


@dataclass(frozen=True)
class SenderSettings:
    interval_seconds: float = 5.0  # how often the sender looks for due emails
    batch_size: int = 20
    retry: RetrySchedule = RetrySchedule()

    @classmethod
    def from_env(cls) -> SenderSettings:
        return cls(
            interval_seconds=env_float("NOTIFY_INTERVAL_SECONDS", 5.0),
            batch_size=env_int("NOTIFY_BATCH_SIZE", 20),
            retry=RetrySchedule(
                first_delay_seconds=env_float("NOTIFY_RETRY_FIRST_SECONDS", 30.0),
                max_delay_seconds=env_float("NOTIFY_RETRY_MAX_SECONDS", 3600.0),
                give_up_after=timedelta(hours=env_float("NOTIFY_GIVE_UP_HOURS", 72.0)),
            ),
        )
