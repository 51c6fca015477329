"""Retention of the delivery bookkeeping every service keeps: sent `outbox` rows and
`processed_events` rows are deleted once they are older than the retention.

Why the retention must exceed JetStream's duplicate window (DUPLICATE_WINDOW_SECONDS): the
relay may publish an event again (a crash between publish and marking it sent); inside the
window JetStream drops the copy by its Nats-Msg-Id, after it only the consumer's
processed_events row stops it taking effect twice. So a processed_events row must outlive any
copy that can still arrive, and an outbox row is kept as long for inspection. Unsent outbox
rows are never purged.

Deleted in small batches (short transactions, no long locks on a busy table); rows another
replica is deleting are skipped (FOR UPDATE SKIP LOCKED), so several replicas share the work
without waiting on each other or failing. The cutoff comes from an injectable clock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Column, Table, delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncEngine

from platform_common.config import env_float, env_int
from platform_common.nats_link import DUPLICATE_WINDOW_SECONDS
from platform_common.timestamps import utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionPolicy:
    retention_seconds: float = 7 * 24 * 3600.0
    batch_size: int = 1000
    interval_seconds: float = 300.0

    def __post_init__(self) -> None:
        if self.retention_seconds <= DUPLICATE_WINDOW_SECONDS:
            raise ValueError(
                "EVENT_RETENTION_SECONDS must exceed the JetStream duplicate window "
                f"({DUPLICATE_WINDOW_SECONDS:.0f} s)"
            )
        if self.batch_size < 1:
            raise ValueError("EVENT_RETENTION_BATCH must be at least 1")

    @classmethod
    def from_env(cls) -> RetentionPolicy:
        return cls(
            retention_seconds=env_float("EVENT_RETENTION_SECONDS", cls.retention_seconds),
            batch_size=env_int("EVENT_RETENTION_BATCH", cls.batch_size),
            interval_seconds=env_float("EVENT_RETENTION_INTERVAL_SECONDS", cls.interval_seconds),
        )


class RetentionPurger:
    """Deletes sent outbox rows and processed_events rows past the retention."""

    def __init__(
        self,
        *,
        engine: AsyncEngine,
        outbox: Table,
        processed_events: Table,
        policy: RetentionPolicy,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.engine = engine
        self.outbox = outbox
        self.processed_events = processed_events
        self.policy = policy
        self.clock = clock

    async def purge_once(self) -> int:
        """Deletes every expired row, batch by batch; returns how many this replica deleted."""
        cutoff = self.clock() - timedelta(seconds=self.policy.retention_seconds)
        deleted = await self._purge(self.outbox, self.outbox.c.published_at, cutoff)
        deleted += await self._purge(
            self.processed_events, self.processed_events.c.processed_at, cutoff
        )
        return deleted

    async def _purge(self, table: Table, stamped: Column, cutoff: datetime) -> int:  # type: ignore[type-arg]
        key = list(table.primary_key.columns)
        expired = (
            select(*key)
            .where(stamped.is_not(None), stamped < cutoff)
            .limit(self.policy.batch_size)
            .with_for_update(skip_locked=True)
        )
        if len(key) == 1:
            statement = delete(table).where(key[0].in_(expired.scalar_subquery()))
        else:
            statement = delete(table).where(tuple_(*key).in_(expired))
        total = 0
        while True:
            async with self.engine.begin() as conn:
                count = (await conn.execute(statement)).rowcount
            total += count
            if count < self.policy.batch_size:
                return total

    async def run(self) -> None:
        """Background job: a purge pass every interval; a failed pass is retried next time."""
        while True:
            try:
                deleted = await self.purge_once()
                if deleted:
                    log.info("purged old event bookkeeping", extra={"deleted": deleted})
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("event retention purge failed; retrying", extra={"error": repr(exc)})
            await asyncio.sleep(self.policy.interval_seconds)
