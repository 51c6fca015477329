"""Each service as a real process (its `python -m services.<name>.main`), idle for a while with
its consumers polling JetStream, then SIGTERM: it exits 0, and its log has no error-level line
(no "exception was never retrieved") and no consumer resubscribing after an idle fetch."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from devstack.infra import free_port
from tests.conftest import eventually

# Long enough for several idle fetches (1 s each) of every consumer.
IDLE_SECONDS = 3.5


@pytest.mark.parametrize("service", ["credentials", "routing", "inventory"])
async def test_sigterm_after_idling_logs_no_error_and_no_resubscribe(
    database_url: str, nats_url: str, service: str
) -> None:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        f"services.{service}.main",
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "NATS_URL": nats_url,
            "GRPC_HOST": "127.0.0.1",
            "GRPC_PORT": str(port),
            "METRICS_HOST": "127.0.0.1",
            "METRICS_PORT": str(free_port()),
            "SAUTIKIT_ENV": "development",
            "LOG_LEVEL": "INFO",
            "SHUTDOWN_GRACE_SECONDS": "2",
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            health = health_pb2_grpc.HealthStub(channel)

            async def serving() -> bool:
                try:
                    reply = await health.Check(health_pb2.HealthCheckRequest(), timeout=1)
                except grpc.aio.AioRpcError:
                    return False
                return reply.status == health_pb2.HealthCheckResponse.SERVING

            await eventually(serving, timeout=30, interval=0.2)
        await asyncio.sleep(IDLE_SECONDS)  # idle on purpose: the consumers' fetches time out
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, output.decode()
    lines = output.decode().splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert records, "the service logs JSON lines"
    errors = [r for r in records if str(r.get("level", "")).upper() in {"ERROR", "CRITICAL"}]
    assert errors == [], json.dumps(errors)[:2000]
    assert not [line for line in lines if not line.startswith("{")], "only JSON log lines"
    assert not [r for r in records if "resubscribing" in str(r.get("msg", ""))]
