"""Shared measuring tools: latency summaries, a bounded closed-loop load driver, pgbench."""

from __future__ import annotations

import asyncio
import contextlib
import re
import statistics
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
import psutil
import psycopg

from devstack.infra import _postgres_bin


@dataclass
class LoadResult:
    name: str
    operations: int
    errors: int
    seconds: float
    latencies_ms: list[float] = field(repr=False, default_factory=list)
    failures: list[str] = field(repr=False, default_factory=list)
    # Filled by stages that measure it: CPU ms per operation of each platform process.
    cpu_ms_per_operation: dict[str, float] = field(repr=False, default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.operations / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    def summary(self) -> dict[str, object]:
        return {
            "name": self.name,
            "operations": self.operations,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "per_second": round(self.per_second, 1),
            "p50_ms": round(self.percentile(50), 2),
            "p99_ms": round(self.percentile(99), 2),
            "mean_ms": round(statistics.fmean(self.latencies_ms), 2) if self.latencies_ms else 0.0,
            **({"first_failures": self.failures[:3]} if self.failures else {}),
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
            try:
                ok = await operation(worker_id, i)
            except (OSError, asyncio.IncompleteReadError, httpx.TransportError) as exc:
                # Counted and reported, not fatal: one dropped connection must not void a run.
                ok = False
                result.failures.append(repr(exc))
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


class KeepAliveHttp:
    """A minimal HTTP/1.1 keep-alive client (one connection per worker) for the load paths
    where the load generator's own CPU would otherwise dominate: it costs a few microseconds
    per request where httpx costs close to a millisecond, on the same two cores as the server.
    Only what our servers send is understood: responses with Content-Length."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        host_port = base_url.removeprefix("http://").rstrip("/")
        host, _, port = host_port.partition(":")
        self.host, self.port = host, int(port or 80)
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        self._head_tail = f"Host: {host_port}\r\n{extra}\r\n".encode()
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        return await self.request("GET", path)

    async def post(self, path: str) -> tuple[int, bytes]:
        """A POST without a body."""
        return await self.request("POST", path, b"Content-Length: 0\r\n")

    async def request(self, method: str, path: str, extra: bytes = b"") -> tuple[int, bytes]:
        if self._writer is None or self._reader is None:
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        try:
            return await self._exchange(f"{method} {path} HTTP/1.1\r\n".encode() + extra)
        except (OSError, asyncio.IncompleteReadError):
            await self.close()  # the next request opens a fresh connection
            raise

    async def _exchange(self, request_line: bytes) -> tuple[int, bytes]:
        assert self._reader is not None and self._writer is not None
        self._writer.write(request_line + self._head_tail)
        head = await self._reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        close = False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        body = await self._reader.readexactly(length) if length else b""
        if close:
            await self.close()
        return status, body

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
        self._reader = self._writer = None


def _process_group(process: psutil.Process) -> str | None:
    """gateway / inventory / ... / postgres / nats, or None for processes not of the platform."""
    try:
        name = process.name()
        cmdline = process.cmdline()
    except psutil.Error:
        return None
    if "-m" in cmdline:
        module = cmdline[cmdline.index("-m") + 1]
        if module.startswith("services."):
            return module.split(".")[1]
        if module == "gateway.main":
            return "gateway"
        return None
    if name.startswith("postgres") or "postgres" in " ".join(cmdline[:1]):
        return "postgres"
    if "nats" in name:
        return "nats"
    return None


def cpu_seconds(root_pid: int) -> dict[str, float]:
    """CPU seconds (user + system) used so far by each platform process group under root_pid,
    plus this load generator ("loadgen"). Processes that ended in between are not counted."""
    totals: dict[str, float] = {}
    for process in psutil.Process(root_pid).children(recursive=True):
        group = _process_group(process)
        if group is None:
            continue
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        spent = times.user + times.system
        if group == "postgres":
            # Backends come and go with connections: the postmaster's reaped-children times
            # keep the CPU of those that ended.
            spent += times.children_user + times.children_system
        totals[group] = totals.get(group, 0.0) + spent
    own = psutil.Process().cpu_times()
    totals["loadgen"] = own.user + own.system
    return totals


def cpu_ms_per_operation(
    before: dict[str, float], after: dict[str, float], operations: int
) -> dict[str, float]:
    """Milliseconds of CPU each process group spent per operation between two snapshots."""
    if not operations:
        return {}
    return {
        group: round((after[group] - before.get(group, 0.0)) * 1000 / operations, 2)
        for group in sorted(after)
    }


def settle_database(libpq_url: str) -> float:
    """VACUUM (ANALYZE) every database on the server, then CHECKPOINT; returns seconds taken.
    Run between stages: the clean-up a stage's bulk writes leave behind (its pgbench tables,
    100,000 renewals, a million numbers) would otherwise be done by autovacuum while the next
    stage measures latency. Measured: autovacuum ran for ~6 s of the call-billing stage's 57
    after the renewal stage, and its AuthorizeCall p99 rose from 8-9 ms (alone) to 11-21 ms."""
    started = time.perf_counter()
    with psycopg.connect(libpq_url, autocommit=True) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate"
            )
        ]
    base = libpq_url.rsplit("/", 1)[0]
    for name in names:
        with psycopg.connect(f"{base}/{name}", autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE)")
    with psycopg.connect(libpq_url, autocommit=True) as conn:
        conn.execute("CHECKPOINT")
    return time.perf_counter() - started
