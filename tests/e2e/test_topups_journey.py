"""M-Pesa top-ups on the platform as `make run` starts it (the Daraja simulator is one of its
processes, logging at DEBUG): the README's curl top-up with the sandbox phone ends credited
once, a cancelled one credits nothing, and no Daraja secret or callback token reaches a log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.launcher import RunningPlatform, funded_workspace, platform_env, start_platform
from tests.conftest import eventually
from tests.e2e.journey import balance, client

SECRET_VALUES = {
    "DARAJA_CONSUMER_SECRET": "e2e-consumer-secret-71c0d4",
    "DARAJA_PASSKEY": "e2e-passkey-5aa81e09f2",
}


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("topups")
    env = {
        **platform_env(data_dir),
        **SECRET_VALUES,
        "DARAJA_SIMULATOR_CALLBACK_DELAY": "0.2",
        "LOG_LEVEL": "DEBUG",
    }
    running = start_platform(data_dir, env)
    yield running
    assert running.stop() == 0


async def test_sandbox_phone_top_up_is_credited_once_and_a_cancelled_one_is_not(
    platform: RunningPlatform,
) -> None:
    _, api_key = await funded_workspace(platform, 0)
    async with client(platform, api_key) as api:
        started = await api.post(
            "/v1/wallet/topups", json={"amount_minor": 50_000, "phone": "254708374149"}
        )
        assert started.status_code == 202, started.text
        cancelled = await api.post(
            "/v1/wallet/topups", json={"amount_minor": 70_000, "phone": "0700001032"}
        )
        assert cancelled.status_code == 202, cancelled.text

        async def status(topup_id: str) -> str:
            reply = await api.get(f"/v1/wallet/topups/{topup_id}")
            return str(reply.json()["status"])

        async def both_settled() -> bool:
            return "pending" not in {
                await status(started.json()["id"]),
                await status(cancelled.json()["id"]),
            }

        await eventually(both_settled, timeout=60, interval=0.2)
        done = (await api.get(f"/v1/wallet/topups/{started.json()['id']}")).json()
        assert done["status"] == "succeeded" and done["result_code"] == 0
        assert done["mpesa_receipt_number"]
        failed = (await api.get(f"/v1/wallet/topups/{cancelled.json()['id']}")).json()
        assert (failed["status"], failed["result_code"]) == ("failed", 1032)
        assert await balance(api) == 50_000
        ledger = (await api.get("/v1/wallet/ledger")).json()["data"]
        assert [(e["entry_type"], e["amount_minor"]) for e in ledger] == [("topup", 50_000)]
    logs = "".join(p.read_text() for p in (platform.data_dir / "logs").glob("*.log"))
    assert "/v1/mpesa/callbacks/{token}" in logs  # the callback arrived, logged redacted
    assert re.search(r"/v1/mpesa/callbacks/[A-Za-z0-9_-]{20,}", logs) is None  # no token
    for name, value in SECRET_VALUES.items():
        assert value not in logs, name
