"""`make run` acceptance: every part healthy, the demo workspace funded, the operator CLI
working against the live services, a clean stop and a restart that keeps the data."""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import httpx
import psutil
from grpc_health.v1 import health_pb2, health_pb2_grpc

from devstack.launcher import SERVICE_NAMES, RunningPlatform, platform_env, start_platform
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc

HEALTH_CHECKS = {"postgres", "nats", "inventory", "wallet", "credentials", "routing"}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def test_healthz_reports_every_part_healthy(platform: RunningPlatform) -> None:
    reply = httpx.get(f"{platform.base_url}/v1/healthz", timeout=10)
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) >= HEALTH_CHECKS
    assert all(state == "ok" for state in body["checks"].values()), body


async def test_every_service_answers_the_standard_health_check(platform: RunningPlatform) -> None:
    for name in (*SERVICE_NAMES, "gateway-admin"):
        async with grpc.aio.insecure_channel(platform.grpc_address(name)) as channel:
            reply = await health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=5
            )
            assert reply.status == health_pb2.HealthCheckResponse.SERVING, name


def test_demo_workspace_holds_kes_5000(platform: RunningPlatform) -> None:
    reply = httpx.get(
        f"{platform.base_url}/v1/wallet", headers=bearer(platform.demo["api_key"]), timeout=10
    )
    assert reply.status_code == 200, reply.text
    assert reply.json() == {
        "workspace_id": platform.demo["workspace_id"],
        "balance_minor": 500_000,
        "available_minor": 500_000,
        "currency": "KES",
        "livemode": True,
    }
    assert "export SAUTIKIT_API_KEY=" + platform.demo["api_key"] in "".join(platform.output)


async def test_demo_inventory_is_seeded(platform: RunningPlatform) -> None:
    async with grpc.aio.insecure_channel(platform.grpc_address("inventory")) as channel:
        stats = await inventory_pb2_grpc.InventoryServiceStub(channel).GetInventoryStats(
            inventory_pb2.GetInventoryStatsRequest(), timeout=5
        )
    counts = {c.state: c.count for c in stats.counts}
    assert sum(counts.values()) >= 1000


def test_wrong_or_missing_key_is_401_problem(platform: RunningPlatform) -> None:
    for headers, code in (
        ({}, "authentication_required"),
        (bearer("sk_live_nope"), "invalid_api_key"),
    ):
        reply = httpx.get(f"{platform.base_url}/v1/wallet", headers=headers, timeout=10)
        assert reply.status_code == 401
        assert reply.headers["content-type"].startswith("application/problem+json")
        assert reply.json()["code"] == code
        assert reply.json()["request_id"] == reply.headers["x-request-id"]


def test_cli_creates_a_workspace_and_credits_its_wallet(platform: RunningPlatform) -> None:
    created = platform.cli(
        "workspace", "create", "--name", "Acme Kenya", "--email", "ops@acme.co.ke"
    )
    assert created.returncode == 0, created.stderr
    workspace = json.loads(created.stdout)
    assert set(workspace) == {"workspace_id", "api_key"}
    assert workspace["api_key"].startswith("sk_live_")

    credited = platform.cli(
        "wallet",
        "credit",
        "--workspace",
        workspace["workspace_id"],
        "--amount-minor",
        "12345",
        "--reason",
        "welcome credit",
        "--idempotency-key",
        "welcome-1",
    )
    assert credited.returncode == 0, credited.stderr
    assert json.loads(credited.stdout)["balance_minor"] == 12345
    again = platform.cli(
        "wallet",
        "credit",
        "--workspace",
        workspace["workspace_id"],
        "--amount-minor",
        "12345",
        "--reason",
        "welcome credit",
        "--idempotency-key",
        "welcome-1",
    )
    assert json.loads(again.stdout)["balance_minor"] == 12345, "same key credits once"

    wallet = httpx.get(
        f"{platform.base_url}/v1/wallet", headers=bearer(workspace["api_key"]), timeout=10
    )
    assert wallet.json()["balance_minor"] == 12345
    ledger = httpx.get(
        f"{platform.base_url}/v1/wallet/ledger", headers=bearer(workspace["api_key"]), timeout=10
    )
    entries = ledger.json()["data"]
    assert [(e["entry_type"], e["amount_minor"]) for e in entries] == [("adjustment", 12345)]


def test_cli_refuses_unknown_workspace_and_bad_amount(platform: RunningPlatform) -> None:
    unknown = platform.cli(
        "wallet",
        "credit",
        "--workspace",
        "01900000-0000-7000-8000-00000000dead",
        "--amount-minor",
        "100",
        "--reason",
        "x",
    )
    assert unknown.returncode == 1 and "does not exist" in unknown.stderr
    negative = platform.cli(
        "wallet",
        "credit",
        "--workspace",
        platform.demo["workspace_id"],
        "--amount-minor",
        "-5",
        "--reason",
        "x",
    )
    assert negative.returncode == 1


async def _state_counts(platform: RunningPlatform) -> int:
    async with grpc.aio.insecure_channel(platform.grpc_address("inventory")) as channel:
        stats = await inventory_pb2_grpc.InventoryServiceStub(channel).GetInventoryStats(
            inventory_pb2.GetInventoryStatsRequest(), timeout=5
        )
    return sum(c.count for c in stats.counts)


async def test_cli_imports_inventory_idempotently_and_rejects_bad_rows(
    platform: RunningPlatform, tmp_path: Path
) -> None:
    header = (
        "e164,number_type,capabilities,"
        "monthly_price_minor,inbound_per_min_minor,outbound_per_min_minor\n"
    )
    good = tmp_path / "good.csv"
    good.write_text(
        header
        + "+254711000001,mobile,voice;sms,50000,0,400\n"
        + '+254711000002,mobile,"voice,sms",50000,0,400\n'
        + "+254800000123,toll_free,voice,150000,0,0\n"
    )
    first = platform.cli("inventory", "import", str(good))
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"created": 3, "unchanged": 0}
    second = platform.cli("inventory", "import", str(good), "--quiet")
    assert json.loads(second.stdout) == {"created": 0, "unchanged": 3}

    before = await _state_counts(platform)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        header
        + "+254711000003,mobile,voice,50000,0,400\n"
        + "0711000004,mobile,voice,50000,0,400\n"
        + "+254711000005,mobile,fax,-1,0,400\n"
    )
    rejected = platform.cli("inventory", "import", str(bad))
    assert rejected.returncode == 1
    assert "line 3: e164" in rejected.stderr
    assert "line 4: capabilities" in rejected.stderr
    assert "line 4: monthly_price_minor" in rejected.stderr
    assert await _state_counts(platform) == before, "a file with bad rows imports nothing"


def test_docs_render_offline(platform: RunningPlatform) -> None:
    spec = httpx.get(f"{platform.base_url}/v1/openapi.json", timeout=10)
    assert spec.status_code == 200 and "/v1/healthz" in spec.json()["paths"]
    page = httpx.get(f"{platform.base_url}/v1/docs", timeout=10)
    assert page.status_code == 200
    assert "https://" not in page.text.replace("https://docs.sautikit.com", "")


def test_stop_leaves_nothing_running_and_restart_keeps_data(tmp_path: Path) -> None:
    data_dir = tmp_path / "platform"
    env = platform_env(data_dir)
    first = start_platform(data_dir, env)
    try:
        created = json.loads(first.cli("workspace", "create", "--name", "Persisted").stdout)
        first.cli(
            "wallet",
            "credit",
            "--workspace",
            created["workspace_id"],
            "--amount-minor",
            "777",
            "--reason",
            "r",
        )
        started = first.descendants()
        assert len(started) >= 7, "postgres, nats, four services and the gateway"
    finally:
        assert first.stop() == 0
    _gone, alive = psutil.wait_procs(started, timeout=10)
    assert alive == [], f"left running: {[p.pid for p in alive]}"
    assert "all processes stopped" in "".join(first.output)

    second = start_platform(data_dir, env)
    try:
        wallet = httpx.get(
            f"{second.base_url}/v1/wallet", headers=bearer(created["api_key"]), timeout=10
        )
        assert wallet.status_code == 200 and wallet.json()["balance_minor"] == 777
        assert second.demo == first.demo, "the demo workspace is reused, not recreated"
        demo_wallet = httpx.get(
            f"{second.base_url}/v1/wallet", headers=bearer(second.demo["api_key"]), timeout=10
        )
        assert demo_wallet.json()["balance_minor"] == 500_000, "seeding twice does not credit twice"
    finally:
        assert second.stop() == 0


def test_every_service_exports_prometheus_metrics(platform: RunningPlatform) -> None:
    for name in SERVICE_NAMES:
        port = platform.env[f"{name.upper()}_METRICS_PORT"]
        reply = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10)
        assert reply.status_code == 200, name
        assert "grpc_server_handled_total" in reply.text, name
        assert "outbox_events_published_total" in reply.text or name != "wallet", name
    gateway = httpx.get(
        f"http://127.0.0.1:{platform.env['GATEWAY_METRICS_PORT']}/metrics", timeout=10
    )
    assert "gateway_http_requests_total" in gateway.text
    public = httpx.get(f"{platform.base_url}/metrics", timeout=10)
    assert public.status_code == 404, "not on the public port"
