"""`make bench`: starts a throwaway platform, runs the credential-verification benchmark, loads
1,000,000 numbers, runs the search and claim benchmarks, each next to its same-run baseline,
prints the report and writes bench/results/latest.json."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from bench import claims, credentials, search
from bench.platform_fixture import running_platform

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    """`python -m bench.run_all [credentials] [search] [claims]`: all when none is named."""
    wanted = set(sys.argv[1:]) or {"credentials", "search", "claims"}
    report: dict[str, object] = {}
    with running_platform() as (platform, db_url):
        # First, on a small inventory: verification must not share the CPU with a bulk load.
        if "credentials" in wanted:
            print("credential verification benchmark ...", flush=True)
            report["credentials"] = asyncio.run(credentials.run(platform))
        if "search" in wanted:
            print(f"loading {search.INVENTORY:,} numbers ...", flush=True)
            report["inventory_load_seconds"] = round(search.load_inventory(db_url), 1)
            print("search benchmark ...", flush=True)
            report["search"] = asyncio.run(search.run(platform, db_url, platform.demo["api_key"]))
        if "claims" in wanted:
            print("claim benchmark ...", flush=True)
            report["claims"] = asyncio.run(claims.run(platform, db_url))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
