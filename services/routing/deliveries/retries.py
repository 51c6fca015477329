"""What an attempt's outcome means for its delivery: delivered, retry later (when), or give up.

Retried: timeouts, connection errors, refused destinations (DNS may change back), 5xx and 429.
Never retried: other 4xx and 3xx (redirects are not followed). Backoff is exponential with
full jitter (a uniformly random delay between 0 and the capped exponential), and a receiver's
Retry-After, when given, sets the delay instead. Nothing is retried after the retry window
(24 hours from when the delivery was recorded or redelivered).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from enum import Enum


class Verdict(Enum):
    DELIVERED = "delivered"
    RETRY = "retry"
    GIVE_UP = "give_up"


@dataclass(frozen=True)
class AttemptResult:
    """What happened on the wire (status_code None when no response came back)."""

    status_code: int | None
    latency_ms: int
    error: str | None = None
    response_excerpt: str | None = None
    retry_after: str | None = None

    @property
    def verdict(self) -> Verdict:
        code = self.status_code
        if code is None:
            return Verdict.RETRY
        if 200 <= code < 300:
            return Verdict.DELIVERED
        if code == 429 or code >= 500:
            return Verdict.RETRY
        return Verdict.GIVE_UP


@dataclass
class RetryPolicy:
    base_seconds: float = 5.0
    cap_seconds: float = 3600.0
    window: timedelta = timedelta(hours=24)
    rng: random.Random = field(default_factory=random.Random)

    def delay_seconds(self, failed_attempts: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2^(n-1))] after the n-th failure."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** max(0, failed_attempts - 1))
        return self.rng.uniform(0, ceiling)

    def next_attempt_at(
        self, *, now: datetime, failed_attempts: int, retry_after: str | None
    ) -> datetime:
        honoured = parse_retry_after(retry_after, now=now)
        if honoured is not None:
            return now + timedelta(seconds=min(honoured, self.window.total_seconds()))
        return now + timedelta(seconds=self.delay_seconds(failed_attempts))


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None when
    absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())
