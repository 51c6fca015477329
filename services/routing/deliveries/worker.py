"""The delivery worker: claims due deliveries, POSTs them signed, records each attempt.

Isolation: at most `max_in_flight` requests at once per process, and at most
`max_in_flight_per_host` to one destination host; a claim never takes work for a host that is
already at its limit, so a slow receiver only ever holds its own host's slots (and every
request has a timeout). Replicas: a claim leases rows FOR UPDATE SKIP LOCKED, and only the
lease holder records the outcome, so each attempt is made by one worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from datetime import timedelta

from prometheus_client import Counter as MetricCounter
from sqlalchemy.ext.asyncio import AsyncEngine

from services.routing.deliveries import repository, signing_secrets
from services.routing.deliveries.clock import Clock
from services.routing.deliveries.repository import DueDelivery
from services.routing.deliveries.retries import AttemptResult, Verdict
from services.routing.deliveries.sender import WebhookSender
from services.routing.deliveries.settings import DeliverySettings
from services.routing.deliveries.signing import message_id, signed_headers

log = logging.getLogger(__name__)

ATTEMPTS = MetricCounter("webhook_delivery_attempts_total", "Delivery attempts", ["outcome"])


class DeliveryWorker:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        sender: WebhookSender,
        settings: DeliverySettings,
        clock: Clock,
    ) -> None:
        self.engine = engine
        self.sender = sender
        self.settings = settings
        self.clock = clock
        self._wake = asyncio.Event()
        self._global = asyncio.Semaphore(settings.max_in_flight)
        self._per_host: Counter[str] = Counter()
        self._in_flight: set[asyncio.Task[None]] = set()

    def wake(self) -> None:
        """Look for due work now (new deliveries were just recorded)."""
        self._wake.set()

    async def run(self) -> None:
        try:
            while True:
                # Cleared before looking, so a wake() during the claim is not lost.
                self._wake.clear()
                try:
                    claimed = await self.claim_and_start()
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.warning("delivery claim failed", extra={"error": repr(exc)})
                    claimed = 0
                if claimed:
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._wake.wait(), timeout=self.settings.poll_interval_seconds
                    )
        finally:
            for task in list(self._in_flight):
                task.cancel()

    def _busy_hosts(self) -> list[str]:
        limit = self.settings.max_in_flight_per_host
        return [host for host, n in self._per_host.items() if n >= limit]

    async def claim_and_start(self) -> int:
        """Claims what fits in the free slots and starts it; returns how many started."""
        free = self.settings.max_in_flight - len(self._in_flight)
        if free <= 0:
            return 0
        now = self.clock.now()
        async with self.engine.begin() as conn:
            claimed = await repository.claim_due(
                conn,
                now=now,
                limit=min(free, self.settings.claim_batch),
                lease=timedelta(seconds=self.settings.lease_seconds),
                busy_hosts=self._busy_hosts(),
            )
            # One claim may hold many rows for one host; keep what its limit allows.
            taken: list[DueDelivery] = []
            returned: list[DueDelivery] = []
            planned: Counter[str] = Counter(self._per_host)
            for due in claimed:
                if planned[due.host] < self.settings.max_in_flight_per_host:
                    planned[due.host] += 1
                    taken.append(due)
                else:
                    returned.append(due)
            if returned:
                await repository.release_leases(
                    conn, [d.id for d in returned], returned[0].lease_token
                )
        for due in taken:
            self._per_host[due.host] += 1
            task = asyncio.create_task(self._attempt(due), name=f"delivery-{due.id}")
            self._in_flight.add(task)
            task.add_done_callback(self._in_flight.discard)
        return len(taken)

    async def _attempt(self, due: DueDelivery) -> None:
        try:
            async with self._global:
                await self.attempt(due)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception(
                "delivery attempt crashed", extra={"delivery_id": str(due.id), "error": repr(exc)}
            )
        finally:
            self._per_host[due.host] -= 1
            if self._per_host[due.host] <= 0:
                del self._per_host[due.host]
            self.wake()  # a slot is free: there may be work waiting for it

    async def attempt(self, due: DueDelivery) -> None:
        """One signed POST of a claimed delivery, and its record."""
        attempted_at = self.clock.now()
        async with self.engine.begin() as conn:
            secrets = await signing_secrets.secrets_in_force(
                conn, workspace_id=due.workspace_id, now=attempted_at, box=self.settings.secret_box
            )
        headers = signed_headers(
            msg_id=message_id(str(due.id)), body=due.body, secrets=secrets, at=attempted_at
        )
        reply = await self.sender.post(
            due.url,
            body=due.body,
            headers=headers,
            timeout_seconds=self.settings.timeout_seconds,
            max_reply_bytes=self.settings.excerpt_bytes,
        )
        result = AttemptResult(
            status_code=reply.status_code,
            latency_ms=reply.latency_ms,
            error=reply.error,
            response_excerpt=reply.excerpt(self.settings.excerpt_bytes),
            retry_after=reply.retry_after,
        )
        now = self.clock.now()
        verdict = result.verdict
        next_at = None
        if verdict is Verdict.RETRY:
            next_at = self.settings.retry.next_attempt_at(
                now=now, failed_attempts=due.attempt_count + 1, retry_after=result.retry_after
            )
            if next_at >= due.retry_until:
                verdict, next_at = Verdict.GIVE_UP, None
        status = {
            Verdict.DELIVERED: "delivered",
            Verdict.RETRY: "pending",
            Verdict.GIVE_UP: "failed",
        }[verdict]
        async with self.engine.begin() as conn:
            recorded = await repository.record_attempt(
                conn,
                delivery=due,
                attempted_at=attempted_at,
                result=result,
                status=status,
                next_attempt_at=next_at,
                now=now,
            )
        ATTEMPTS.labels(status if recorded else "lease_lost").inc()
        if not recorded:
            log.warning(
                "delivery lease lost before its outcome was recorded",
                extra={"delivery_id": str(due.id)},
            )
