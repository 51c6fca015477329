"""The running platform as the fault tests see it: its processes (found by module, killed by
pid), its database and its NATS server."""

from __future__ import annotations

import os
import signal

import psutil

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


def processes_running(platform: RunningPlatform, module: str) -> list[psutil.Process]:
    found = []
    for process in platform.descendants():
        try:
            if module in process.cmdline() and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.NoSuchProcess:
            continue
    return found


def process_named(platform: RunningPlatform, name: str) -> psutil.Process:
    [process] = [p for p in platform.descendants() if p.name() == name]
    return process


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
