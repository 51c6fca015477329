"""Starts a throwaway platform for a benchmark and gives direct database access to it."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from devstack.infra import create_database
from devstack.launcher import RunningPlatform, platform_env, start_platform


@contextlib.contextmanager
def running_platform() -> Iterator[tuple[RunningPlatform, str]]:
    """Yields the platform and a libpq URL of its database (same server as the services)."""
    with tempfile.TemporaryDirectory(prefix="sautikit-bench-") as root:
        data_dir = Path(root) / "platform"
        env = platform_env(data_dir)
        env["LOG_LEVEL"] = "WARNING"  # access logs off the hot path while measuring
        # Benches measure speed from one address with one key: rate limits out of the way.
        for kind in ("SEARCH", "MUTATIONS", "CREDENTIALS", "READS"):
            for scope in ("KEY", "ADDRESS"):
                env[f"GATEWAY_RATE_LIMIT_{kind}_PER_{scope}"] = str(10**9)
        platform = start_platform(data_dir, env)
        try:
            yield platform, f"postgresql://postgres@127.0.0.1:{env['DEVSTACK_PG_PORT']}/sautikit"
        finally:
            platform.stop()


def scratch_database(server_db_url: str, name: str) -> str:
    """A separate database on the same server (for pgbench's own tables)."""
    base, _, _ = server_db_url.rpartition("/")
    create_database(f"{base}/postgres", name)
    return f"{base}/{name}"
