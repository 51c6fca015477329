"""`make bench`: starts one throwaway platform, runs every stage next to its same-run baseline,
prints ONE table (path, figure, baseline, ratio, target, met) and writes the same rows as JSON
to .data/bench/<UTC timestamp>.json and .data/bench/latest.json.

`python -m bench.run_all [STAGE ...] [--profile] [--profile-format raw|flamegraph]`

A stage is one line of STAGES: a name and `async def run(platform, db_url) -> list[dict]`
returning rows made by bench.report.row (keys path, figure, unit, baseline, baseline_unit,
ratio, target, met). Stages run in table order on the same platform.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import (
    call_billing,
    claims,
    credentials,
    gateway_overhead,
    ledger_integrity,
    renewal,
    routing_delivery,
    routing_resolve,
    search,
)
from bench.measure import settle_database
from bench.platform_fixture import running_platform
from bench.profiling import StageProfile, platform_processes
from bench.report import table, write_json
from devstack.launcher import ROOT, RunningPlatform

Stage = Callable[[RunningPlatform, str], Coroutine[Any, Any, list[dict[str, Any]]]]

# Order matters: verification first, while the inventory is small (a bulk load must not share
# the CPU with it); the search stage loads 1,000,000 numbers, which the claims stage reuses.
STAGES: list[tuple[str, Stage]] = [
    ("credentials", credentials.run),
    ("gateway", gateway_overhead.run),
    ("search", search.run),
    ("claims", claims.run),
    ("routing_resolve", routing_resolve.run),
    ("routing_delivery", routing_delivery.run),
    ("ledger_integrity", ledger_integrity.run),
    ("renewal", renewal.run),
    ("call_billing", call_billing.run),
]

RESULTS = ROOT / ".data" / "bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stages", nargs="*", help=f"default: all of {[n for n, _ in STAGES]}")
    parser.add_argument("--profile", action="store_true", help="py-spy every process per stage")
    parser.add_argument("--profile-format", default="raw", choices=("raw", "flamegraph"))
    args = parser.parse_args()
    unknown = set(args.stages) - {name for name, _ in STAGES}
    if unknown:
        parser.error(f"unknown stage(s) {sorted(unknown)}")
    wanted = [(name, run) for name, run in STAGES if not args.stages or name in args.stages]
    started = time.perf_counter()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    rows: list[dict[str, Any]] = []
    stage_seconds: dict[str, float] = {}
    with running_platform() as (platform, db_url):
        for index, (name, run) in enumerate(wanted):
            if index:
                # Each stage measures on a settled database, whichever stages ran before it.
                settled = settle_database(db_url)
                print(f"  (database settled in {settled:.1f} s)", flush=True)
            print(f"{name} ...", flush=True)
            profile = None
            if args.profile:
                profile = StageProfile(RESULTS / "profiles" / stamp, name, args.profile_format)
                profile.start(platform_processes(platform))
            stage_started = time.perf_counter()
            try:
                rows.extend(asyncio.run(run(platform, db_url)))
            finally:
                stage_seconds[name] = round(time.perf_counter() - stage_started, 1)
                if profile is not None:
                    profile.stop()
    report = {
        "started_at": stamp,
        "seconds": round(time.perf_counter() - started, 1),
        "stage_seconds": stage_seconds,
        "rows": rows,
    }
    path = write_json(RESULTS, report)
    print()
    print(table(rows))
    print(f"\n{report['seconds']} s; written to {Path(path).relative_to(ROOT)} and latest.json")


if __name__ == "__main__":
    main()
