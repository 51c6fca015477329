"""Dependency report behind GET /v1/healthz: PostgreSQL, NATS and the four services."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.clients import SERVICES, Upstreams
from platform_common.db import ping
from platform_common.nats_link import NatsLink


@dataclass(frozen=True)
class HealthReport:
    checks: dict[str, str]

    @property
    def healthy(self) -> bool:
        return all(state == "ok" for state in self.checks.values())


class HealthChecker:
    """Runs every check concurrently with a short deadline; reuses a report for `cache_seconds`
    so an unauthenticated endpoint cannot multiply load on the database and services."""

    def __init__(
        self,
        *,
        engine: AsyncEngine,
        nats: NatsLink,
        upstreams: Upstreams,
        timeout_seconds: float,
        cache_seconds: float,
    ) -> None:
        self.engine = engine
        self.nats = nats
        self.upstreams = upstreams
        self.timeout_seconds = timeout_seconds
        self.cache_seconds = cache_seconds
        self._cached: tuple[float, HealthReport] | None = None

    async def report(self) -> HealthReport:
        now = time.monotonic()
        if self._cached is not None and now - self._cached[0] < self.cache_seconds:
            return self._cached[1]
        names = ["postgres", *SERVICES]
        results = await asyncio.gather(
            self._postgres(),
            *(
                self.upstreams.is_serving(s, deadline_seconds=self.timeout_seconds)
                for s in SERVICES
            ),
        )
        checks = {name: "ok" if up else "down" for name, up in zip(names, results, strict=True)}
        checks["nats"] = "ok" if self.nats.is_connected else "down"
        report = HealthReport(checks={k: checks[k] for k in ["postgres", "nats", *SERVICES]})
        self._cached = (time.monotonic(), report)
        return report

    async def _postgres(self) -> bool:
        try:
            return await asyncio.wait_for(ping(self.engine), timeout=self.timeout_seconds)
        except TimeoutError:
            return False
