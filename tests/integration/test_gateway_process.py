"""`python -m gateway.main` as a real process: env config, HTTP and admin gRPC in one loop, JSON
logs, graceful SIGTERM, and `migrate`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import grpc
import httpx

from devstack.infra import free_port
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc
from tests.conftest import eventually

ROOT = Path(__file__).resolve().parents[2]


def gateway_env(
    database_url: str, nats_url: str, http_port: int, admin_port: int
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_ADDR")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "NATS_URL": nats_url,
            "GATEWAY_PORT": str(http_port),
            "GATEWAY_ADMIN_GRPC_PORT": str(admin_port),
            "WALLET_ADDR": "127.0.0.1:1",
            "INVENTORY_ADDR": "127.0.0.1:1",
            "CREDENTIALS_ADDR": "127.0.0.1:1",
            "ROUTING_ADDR": "127.0.0.1:1",
            "LOG_LEVEL": "INFO",
        }
    )
    return env


async def test_serve_then_stop_on_sigterm(database_url: str, nats_url: str) -> None:
    http_port, admin_port = free_port(), free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway.main", "serve"],
        cwd=ROOT,
        env=gateway_env(database_url, nats_url, http_port, admin_port),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base_url = f"http://127.0.0.1:{http_port}"
    try:

        async def http_up() -> bool:
            try:
                async with httpx.AsyncClient(base_url=base_url) as client:
                    return (await client.get("/v1/healthz")).status_code == 503
            except httpx.TransportError:
                assert process.poll() is None, "gateway exited"
                return False

        await eventually(http_up, timeout=20)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{admin_port}") as channel:
            created = await admin_pb2_grpc.WorkspaceAdminServiceStub(channel).CreateWorkspace(
                admin_pb2.CreateWorkspaceRequest(name="Process test"), timeout=5
            )
        async with httpx.AsyncClient(base_url=base_url) as client:
            authed = await client.get(
                "/v1/wallet", headers={"Authorization": f"Bearer {created.api_key}"}
            )
            anonymous = await client.get("/v1/wallet")
        # The key authenticates (no wallet service runs here, hence 503 rather than 401).
        assert authed.status_code == 503, authed.text
        assert anonymous.status_code == 401
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=20)
    assert process.returncode == 0, output
    records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    access = [r for r in records if r.get("logger") == "gateway.access"]
    assert {(r["path"], r["status"]) for r in access} >= {("/v1/wallet", 503), ("/v1/wallet", 401)}
    assert all(r["request_id"] for r in access)
    assert created.api_key not in output
    assert any(r["msg"] == "stopped" for r in records)


def test_migrate_is_repeatable(database_url: str) -> None:
    env = gateway_env(database_url, "nats://127.0.0.1:1", free_port(), free_port())
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-m", "gateway.main", "migrate"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stdout + done.stderr
