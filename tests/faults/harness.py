"""How the fault tests get a running platform without paying for what no fault depends on.

A platform start used to cost, besides its eight Python processes: `initdb` and every schema's
migrations (the same for every platform, so done once per test process here, into a template
cluster that each platform starts from a copy of), and fsyncs to the disk of a machine that other
jobs keep busy (the data lives on tmpfs when the machine has one: no fault here is a machine
crash, and a PostgreSQL or NATS process killed outright loses nothing the OS already holds).

The tests whose platform needs nothing special share one per test process (`SharedPlatform`):
each uses its own workspace and numbers, leaves the platform recovered (that is what it asserts),
and a test that fails hands the next one a fresh platform instead of a broken one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from devstack.infra import PostgresServer, create_database, free_port
from devstack.launcher import RunningPlatform, platform_env, start_platform
from devstack.migrate import migrate_all
from tests.e2e.journey import FAST_CLAIMS
from tests.faults.platform import stop_platform

# Every fault platform: claims settle fast, and SIGTERM's grace is short (a stop at the end of a
# test has nothing in flight worth waiting 10 s for; clean shutdown has its own test).
FAULT_ENV = {**FAST_CLAIMS, "SHUTDOWN_GRACE_SECONDS": "1"}
# The shared platform: M-Pesa answers top-ups quickly.
SHARED_ENV = {**FAULT_ENV, "DARAJA_SIMULATOR_CALLBACK_DELAY": "0.2"}


def scratch_root() -> str | None:
    """tmpfs when there is one we may write to, else the default temporary directory."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


@contextlib.contextmanager
def scratch_dir(prefix: str) -> Iterator[Path]:
    """A directory outside pytest's basetemp: every pytest session on the machine resets
    /tmp/pytest-of-<user> to mode 0700, which would lock the unprivileged PostgreSQL user out
    of a platform that is running at that moment."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=scratch_root()) as root:
        yield Path(root)


def build_migrated_cluster(target: Path) -> None:
    """A stopped PostgreSQL cluster in `target` holding the devstack's database, every schema
    migrated: what `devstack.run` makes on a fresh machine before it starts the services."""
    server = PostgresServer(target, free_port(), durable=False)
    try:
        server.start()
        create_database(server.url("postgres"), "sautikit")
        migrate_all(server.url("sautikit"))
    finally:
        server.stop()


def start_fault_platform(
    data_dir: Path, env: dict[str, str], template: Path | None = None
) -> RunningPlatform:
    """`make run` on free ports in `data_dir`, from a copy of the migrated `template` cluster
    (`cp -a` keeps the PostgreSQL user's ownership); the devstack then finds its database
    there and its migrations already applied."""
    if template is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", str(template), str(data_dir / "postgres")], check=True)
    return start_platform(data_dir, env)


class SharedPlatform:
    """At most one running platform with SHARED_ENV, handed to one test after another."""

    def __init__(self, template: Path) -> None:
        self.template = template
        self.running: RunningPlatform | None = None
        self._dir: contextlib.ExitStack | None = None

    def get(self) -> RunningPlatform:
        if self.running is not None and self.running.process.poll() is not None:
            self.discard()  # the devstack gave up on a process that kept crashing
        if self.running is None:
            self._dir = contextlib.ExitStack()
            root = self._dir.enter_context(scratch_dir("sautikit-faults-"))
            data_dir = root / "platform"
            self.running = start_fault_platform(
                data_dir, {**platform_env(data_dir), **SHARED_ENV}, self.template
            )
        return self.running

    def discard(self, *, keep_logs: bool = False) -> None:
        """Stops the platform and every server a test started for it, removes its data (but,
        with `keep_logs`, keeps its logs for the failure's reader)."""
        running, self.running = self.running, None
        try:
            if running is not None:
                stop_platform(running)
                if keep_logs:
                    kept = Path(tempfile.mkdtemp(prefix="sautikit-faults-logs-"))
                    shutil.copytree(running.data_dir / "logs", kept, dirs_exist_ok=True)
                    print(f"\nlogs of the failed test's platform: {kept}")
        finally:
            if self._dir is not None:
                self._dir.close()
                self._dir = None
