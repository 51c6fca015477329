"""Shared measuring tools: latency summaries, a bounded closed-loop load driver, pgbench."""

from __future__ import annotations

import asyncio
import re
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from devstack.infra import _postgres_bin


@dataclass
class LoadResult:
    name: str
    operations: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False, default_factory=list)

    @property
    def per_second(self) -> float:
        return self.operations / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    def summary(self) -> dict[str, float | int | str]:
        return {
            "name": self.name,
            "operations": self.operations,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "per_second": round(self.per_second, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p99_ms": round(self.percentile(99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else 0.0,
        }


async def closed_loop(
    name: str,
    operation: Callable[[int, int], Awaitable[bool]],
    *,
    concurrency: int,
    max_operations: int,
    max_seconds: float,
) -> LoadResult:
    """`concurrency` workers each call operation(worker, i) back to back until max_operations
    in total or max_seconds pass. operation returns False for an error (not timed)."""
    result = LoadResult(name, 0, 0, 0.0)
    counter = 0
    deadline = time.perf_counter() + max_seconds

    async def worker(worker_id: int) -> None:
        nonlocal counter
        while counter < max_operations and time.perf_counter() < deadline:
            i = counter
            counter += 1
            started = time.perf_counter()
            ok = await operation(worker_id, i)
            if ok:
                result.latencies_ms.append((time.perf_counter() - started) * 1000)
                result.operations += 1
            else:
                result.errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(concurrency)))
    result.seconds = time.perf_counter() - started
    return result


def pgbench_tps(libpq_url: str, *, clients: int, seconds: int, scale: int = 10) -> float:
    """`pgbench -N` TPS (simple-update without branch/teller updates) against the same server.
    Initializes its own tables in the given database first."""
    binary = str(_postgres_bin() / "pgbench")
    subprocess.run(
        [binary, "-i", "-q", "-s", str(scale), libpq_url], check=True, capture_output=True
    )
    run = subprocess.run(
        [binary, "-N", "-c", str(clients), "-j", "2", "-T", str(seconds), libpq_url],
        check=True,
        capture_output=True,
        text=True,
    )
    match = re.search(r"tps = ([0-9.]+)", run.stdout)
    if not match:
        raise RuntimeError(f"cannot read pgbench output:\n{run.stdout}\n{run.stderr}")
    return float(match.group(1))
