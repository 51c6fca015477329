"""The running platform as the fault tests see it: its processes (found by module, killed by
pid), its database and its NATS server, and the servers a test started again in their place
(they outlive the test when the platform is shared, and stop with the platform)."""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import psutil

from devstack.infra import NatsServer, PostgresServer
from devstack.launcher import RunningPlatform
from devstack.run import wait_serving
from tests.conftest import eventually

# Every process the devstack supervises that the fault tests kill, by `python -m` module, with
# the gRPC address name whose health check says it is back (the gateway: its admin server).
MODULES = {
    "inventory": ("services.inventory.main", "inventory"),
    "wallet": ("services.wallet.main", "wallet"),
    "credentials": ("services.credentials.main", "credentials"),
    "routing": ("services.routing.main", "routing"),
    "notifications": ("services.notifications.main", "notifications"),
    "gateway": ("gateway.main", "gateway-admin"),
}


def database_url(platform: RunningPlatform) -> str:
    return f"postgresql://postgres@127.0.0.1:{platform.env['DEVSTACK_PG_PORT']}/sautikit"


def nats_url(platform: RunningPlatform) -> str:
    return f"nats://127.0.0.1:{platform.env['DEVSTACK_NATS_PORT']}"


# Servers started again by a test after it stopped the platform's own, by platform data dir.
_revived: dict[Path, list[PostgresServer | NatsServer]] = {}


def revive_postgres(platform: RunningPlatform) -> PostgresServer:
    """Starts PostgreSQL again on the platform's data and port, as an operator would."""
    server = PostgresServer(platform.data_dir / "postgres", int(platform.env["DEVSTACK_PG_PORT"]))
    _revived.setdefault(platform.data_dir, []).append(server)
    server.start()
    return server


def revive_nats(platform: RunningPlatform) -> NatsServer:
    """Starts NATS again on the platform's JetStream store and port."""
    server = NatsServer(platform.data_dir / "nats", int(platform.env["DEVSTACK_NATS_PORT"]))
    _revived.setdefault(platform.data_dir, []).append(server)
    server.start()
    return server


def stop_platform(platform: RunningPlatform) -> None:
    """Ends a throwaway platform at once: the devstack first (so it restarts nothing), every
    process it started with SIGKILL, PostgreSQL by its fast shutdown (a killed one would leave
    its shared memory behind), then the servers tests started for it. A graceful stop only
    costs time here; clean shutdown has its own tests."""
    devstack = psutil.Process(platform.process.pid)
    started = devstack.children(recursive=True)
    postmasters = [p for p in started if p.name() == "postgres" and p.ppid() == devstack.pid]
    others = [p for p in started if p.name() != "postgres"]
    record_cpu(platform, [devstack, *started])
    devstack.kill()
    platform.process.wait(timeout=10)
    for process in others:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    for process in postmasters:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.send_signal(signal.SIGINT)
    psutil.wait_procs([*others, *postmasters], timeout=20)
    for server in _revived.pop(platform.data_dir, []):
        server.stop()


def record_cpu(platform: RunningPlatform, processes: list[psutil.Process]) -> None:
    """With SAUTIKIT_FAULTS_CPU_LOG set, appends the CPU seconds the platform's processes used
    (restarted ones included, through their parent): killed processes are reaped by init, so
    `time` around pytest no longer sees them. The load-robust figure for the suite's cost."""
    log = os.environ.get("SAUTIKIT_FAULTS_CPU_LOG")
    if not log:
        return
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            times = process.cpu_times()
            total += times.user + times.system + times.children_user + times.children_system
    with open(log, "a") as out:
        out.write(f"{platform.data_dir} {total:.1f}\n")


def postmaster(platform: RunningPlatform) -> psutil.Process:
    """The PostgreSQL server process serving the platform now."""
    return _serving(platform, "postgres", PostgresServer)


def nats_process(platform: RunningPlatform) -> psutil.Process:
    """The NATS server process serving the platform now."""
    return _serving(platform, "nats-server", NatsServer)


def _serving(platform: RunningPlatform, name: str, kind: type) -> psutil.Process:
    alive = [
        s.process
        for s in _revived.get(platform.data_dir, [])
        if isinstance(s, kind) and s.process is not None and s.process.poll() is None
    ]
    if alive:
        return psutil.Process(alive[-1].pid)
    # Otherwise the devstack's own server: its direct child.
    [process] = [p for p in psutil.Process(platform.process.pid).children() if p.name() == name]
    return process


def processes_running(platform: RunningPlatform, module: str) -> list[psutil.Process]:
    found = []
    for process in platform.descendants():
        try:
            if module in process.cmdline() and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.NoSuchProcess:
            continue
    return found


async def kill_and_await_restart(
    platform: RunningPlatform, name: str, *, until_serving: bool = True
) -> None:
    """SIGKILLs the named service (every replica of it) and waits until the devstack's
    supervisor has restarted it and, with `until_serving`, it answers its health check."""
    module = MODULES[name][0]
    victims = processes_running(platform, module)
    assert victims, f"{name} is not running"
    for victim in victims:
        os.kill(victim.pid, signal.SIGKILL)
    psutil.wait_procs(victims, timeout=10)
    old = {v.pid for v in victims}
    await eventually(
        lambda: (
            len([p for p in processes_running(platform, module) if p.pid not in old])
            == len(victims)
        ),
        timeout=30,
        interval=0.1,
    )
    if until_serving:
        await wait_serving(grpc_port(platform, name), timeout=60)


def grpc_port(platform: RunningPlatform, name: str) -> int:
    return int(platform.grpc_address(MODULES[name][1]).rsplit(":", 1)[1])
