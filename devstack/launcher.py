"""Starts the whole platform the way `make run` does (python -m devstack.run), on free ports
and a throwaway data directory, and stops it with SIGTERM like Ctrl-C would. Used by the
end-to-end tests and the benchmarks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import psutil

from devstack.infra import free_port
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc
from sautikit.wallet.v1 import wallet_pb2, wallet_pb2_grpc

ROOT = Path(__file__).resolve().parent.parent
SERVICE_NAMES = ("inventory", "wallet", "credentials", "routing", "notifications")


@dataclass
class RunningPlatform:
    process: subprocess.Popen[str]
    data_dir: Path
    env: dict[str, str]
    base_url: str
    output: list[str] = field(default_factory=list)

    @property
    def demo(self) -> dict[str, str]:
        return json.loads((self.data_dir / "demo-workspace.json").read_text())

    def grpc_address(self, name: str) -> str:
        return self.env[f"{name.upper().replace('-', '_')}_ADDR"]

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children(recursive=True)

    def cli(self, *args: str, input_file: Path | None = None) -> subprocess.CompletedProcess[str]:
        """Runs the installed `sautikit` console script against this platform."""
        return subprocess.run(
            [str(Path(sys.executable).parent / "sautikit"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def stop(self, timeout: float = 60.0) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)


def platform_env(data_dir: Path, ports: dict[str, int] | None = None) -> dict[str, str]:
    """Environment for devstack.run: every port free, data under data_dir, PostgreSQL and
    NATS managed by devstack itself (as on a fresh machine)."""
    ports = ports or {}
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NATS_URL")}
    env.update(
        {
            "SAUTIKIT_DATA_DIR": str(data_dir),
            "DEVSTACK_PG_PORT": str(ports.get("pg") or free_port()),
            "DEVSTACK_NATS_PORT": str(ports.get("nats") or free_port()),
            "GATEWAY_PORT": str(ports.get("gateway") or free_port()),
            "DARAJA_SIMULATOR_PORT": str(ports.get("daraja-simulator") or free_port()),
            "SMTP_SINK_PORT": str(ports.get("smtp-sink") or free_port()),
            "LOG_LEVEL": "INFO",
        }
    )
    for name in (*SERVICE_NAMES, "gateway-admin"):
        key = name.upper().replace("-", "_")
        env[f"{key}_ADDR"] = f"127.0.0.1:{ports.get(name) or free_port()}"
    for name in SERVICE_NAMES:
        env[f"{name.upper()}_METRICS_PORT"] = str(ports.get(f"{name}-metrics") or free_port())
    env["GATEWAY_METRICS_PORT"] = str(ports.get("gateway-metrics") or free_port())
    return env


def start_platform(data_dir: Path, env: dict[str, str], timeout: float = 180.0) -> RunningPlatform:
    process = subprocess.Popen(
        [sys.executable, "-m", "devstack.run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    platform = RunningPlatform(process, data_dir, env, f"http://127.0.0.1:{env['GATEWAY_PORT']}")
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            platform.output.append(line)
            if "Sautikit is running." in line:
                ready.set()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.2):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            logs = "".join(
                f"\n--- {p.name}\n{p.read_text()[-3000:]}"
                for p in sorted((data_dir / "logs").glob("*.log"))
            )
            raise RuntimeError("platform did not start:\n" + "".join(platform.output) + logs)
    return platform


async def funded_workspace(platform: RunningPlatform, amount_minor: int) -> tuple[str, str]:
    """A new workspace holding amount_minor; returns (workspace_id, api_key)."""
    async with grpc.aio.insecure_channel(platform.grpc_address("gateway-admin")) as channel:
        created = await admin_pb2_grpc.WorkspaceAdminServiceStub(channel).CreateWorkspace(
            admin_pb2.CreateWorkspaceRequest(name=f"e2e {uuid.uuid4().hex[:6]}")
        )
    if amount_minor:
        async with grpc.aio.insecure_channel(platform.grpc_address("wallet")) as channel:
            await wallet_pb2_grpc.WalletServiceStub(channel).Credit(
                wallet_pb2.CreditRequest(
                    workspace_id=created.workspace.id,
                    amount_minor=amount_minor,
                    entry_type=wallet_pb2.ENTRY_TYPE_ADJUSTMENT,
                    idempotency_key=f"e2e-fund:{created.workspace.id}",
                )
            )
    return created.workspace.id, created.api_key
