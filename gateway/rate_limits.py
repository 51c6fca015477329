"""Rate-limit counters shared by every gateway replica, without a round trip per request.

Each limit is a fixed window (`window_seconds`, aligned to the epoch so every replica agrees)
per bucket: an API key or a source address, per route class. A request is decided at once
against this replica's view: the shared count as of the last sync plus what this replica
admitted since. In the background, every `sync_interval_seconds` one statement adds this
replica's new admissions to `gateway.rate_limit_counts` (PostgreSQL) and reads back the totals
of every bucket it is watching, so each replica learns what the others admitted.

Overshoot bound: a replica does not see the others' admissions until its next sync, so a
window admits at most the limit plus what the other replicas admitted within one sync
interval (plus one database round trip). With one replica the limit is exact. If the database
cannot be reached, each replica keeps deciding on its own counts (so at most replicas x limit)
and adds them once it is back.

Bucket names never hold a key or an address in clear: an API key's bucket is the SHA-256 that
api_keys already stores; an address's is an HMAC keyed with a secret every replica shares.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, text
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.timestamps import utc_now

log = logging.getLogger(__name__)

_SYNC = text(
    """
    WITH added AS (
        INSERT INTO gateway.rate_limit_counts AS c (bucket, window_start, count)
        SELECT * FROM unnest(CAST(:buckets AS text[]), CAST(:windows AS bigint[]),
                             CAST(:counts AS bigint[]))
        ON CONFLICT (bucket, window_start) DO UPDATE SET count = c.count + excluded.count
        RETURNING c.bucket, c.window_start, c.count
    )
    SELECT bucket, window_start, count FROM added
    UNION ALL
    SELECT c.bucket, c.window_start, c.count
    FROM gateway.rate_limit_counts c
    JOIN unnest(CAST(:watched AS text[]), CAST(:watched_windows AS bigint[]))
        AS w(bucket, window_start) USING (bucket, window_start)
    """
)
# Rows of windows that have ended, a batch at a time; replicas skip each other's rows.
_PURGE = text(
    """
    DELETE FROM gateway.rate_limit_counts WHERE ctid IN (
        SELECT ctid FROM gateway.rate_limit_counts WHERE window_start < :before
        LIMIT :batch FOR UPDATE SKIP LOCKED)
    """
)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int  # until the window ends (and, when refused, until a retry can pass)


@dataclass
class _Bucket:
    window: int  # the window's start, epoch seconds
    shared: int = 0  # all replicas' admissions in the window, as of the last sync
    in_flight: int = 0  # this replica's admissions being added by the running sync
    pending: int = 0  # this replica's admissions since

    @property
    def used(self) -> int:
        return self.shared + self.in_flight + self.pending


def key_bucket(token: str) -> str:
    """An API key's identity: its SHA-256, as api_keys stores it (a bad key gets one too)."""
    return hashlib.sha256(token.encode()).hexdigest()


def address_bucket(address: str, secret: bytes) -> str:
    return hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()


class SharedWindowCounter:
    """See the module docstring. `clock` is the one injectable time source (tests move it)."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        window_seconds: int = 60,
        sync_interval_seconds: float = 0.2,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.engine = engine
        self.window_seconds = window_seconds
        self.sync_interval_seconds = sync_interval_seconds
        self.clock = clock
        self._buckets: dict[str, _Bucket] = {}
        self._lock = asyncio.Lock()  # one sync at a time (run() and a test's sync_once())

    def _now(self) -> float:
        return self.clock().timestamp()

    def _bucket(self, name: str, now: float) -> _Bucket:
        window = int(now // self.window_seconds) * self.window_seconds
        bucket = self._buckets.get(name)
        if bucket is None or bucket.window != window:
            bucket = self._buckets[name] = _Bucket(window)
        return bucket

    def check(self, name: str, limit: int) -> Decision:
        """The decision for one more request in this bucket, without taking it."""
        now = self._now()
        bucket = self._bucket(name, now)
        reset = max(1, math.ceil(bucket.window + self.window_seconds - now))
        remaining = limit - bucket.used
        return Decision(remaining > 0, limit, max(0, remaining - 1), reset)

    def take(self, name: str) -> None:
        """Counts one admitted request (after every bucket it passes through said yes)."""
        self._bucket(name, self._now()).pending += 1

    async def sync_once(self) -> None:
        """Adds this replica's admissions to the shared counts and reads everyone's back."""
        async with self._lock:
            current = int(self._now() // self.window_seconds) * self.window_seconds
            for name in [n for n, b in self._buckets.items() if b.window < current]:
                del self._buckets[name]  # an ended window: nothing left to decide with it
            adding = {n: b for n, b in self._buckets.items() if b.pending}
            watched = {n: b for n, b in self._buckets.items() if not b.pending}
            if not adding and not watched:
                return
            for bucket in adding.values():
                bucket.in_flight, bucket.pending = bucket.pending, 0
            try:
                async with self.engine.begin() as conn:
                    rows = await conn.execute(
                        _SYNC,
                        {
                            "buckets": list(adding),
                            "windows": [b.window for b in adding.values()],
                            "counts": [b.in_flight for b in adding.values()],
                            "watched": list(watched),
                            "watched_windows": [b.window for b in watched.values()],
                        },
                    )
                    totals = {(name, window): int(total) for name, window, total in rows}
            except BaseException:
                for bucket in adding.values():  # counted again at the next sync
                    bucket.pending += bucket.in_flight
                    bucket.in_flight = 0
                raise
            for name, bucket in {**adding, **watched}.items():
                if self._buckets.get(name) is bucket:
                    bucket.shared = totals.get((name, bucket.window), bucket.shared)
                bucket.in_flight = 0

    async def purge_ended_windows(self, *, batch: int = 5000) -> int:
        before = int(self._now() // self.window_seconds) * self.window_seconds
        total = 0
        while True:
            async with self.engine.begin() as conn:
                result = await conn.execute(_PURGE, {"before": before, "batch": batch})
                deleted = cast(CursorResult[Any], result).rowcount
            total += deleted
            if deleted < batch:
                return total

    async def run(self) -> None:
        """Background job: a sync every interval, a purge of ended windows every window."""
        last_purge = 0.0
        while True:
            try:
                await self.sync_once()
                if self._now() - last_purge >= self.window_seconds:
                    last_purge = self._now()
                    await self.purge_ended_windows()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("rate-limit sync failed; deciding locally", extra={"error": repr(exc)})
            await asyncio.sleep(self.sync_interval_seconds)
