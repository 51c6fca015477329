"""Trials and customer email on the platform as `make run` starts it (notifications service
and SMTP sink among its processes): support sets a workspace's email and provisions a trial
with the CLI; the workspace sees trial_until over HTTP, lists its trials, gets the reminder as
a .eml file under the data folder's mail/, fails to keep the number without money (402, trial
untouched), and keeps it after a credit (201, trial_until gone); another workspace gets 409."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import pytest

from devstack.launcher import RunningPlatform, funded_workspace, platform_env, start_platform
from sautikit.gateway.v1 import admin_pb2, admin_pb2_grpc
from sautikit.inventory.v1 import inventory_pb2, inventory_pb2_grpc
from tests.conftest import eventually
from tests.e2e.journey import RENT, available_mobile_numbers, client


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("trials")
    env = {**platform_env(data_dir), "NOTIFY_INTERVAL_SECONDS": "0.5"}
    running = start_platform(data_dir, env)
    yield running
    assert running.stop() == 0


async def e164_of(platform: RunningPlatform, number_id: str) -> str:
    async with grpc.aio.insecure_channel(platform.grpc_address("inventory")) as channel:
        page = await inventory_pb2_grpc.InventoryServiceStub(channel).SearchAvailableNumbers(
            inventory_pb2.SearchAvailableNumbersRequest(
                number_type=inventory_pb2.NUMBER_TYPE_MOBILE, limit=50, starts_with="2547"
            )
        )
    [e164] = [n.e164 for n in page.numbers if n.id == number_id]
    return e164


async def test_a_trial_from_provisioning_to_reminder_email_to_a_paid_number(
    platform: RunningPlatform,
) -> None:
    workspace, api_key = await funded_workspace(platform, 0)
    updated = platform.cli(
        "workspace", "update", "--workspace", workspace, "--email", "ops@acme.co.ke"
    )
    assert updated.returncode == 0, updated.stderr
    [number_id] = await available_mobile_numbers(platform, 1)
    e164 = await e164_of(platform, number_id)
    until = (datetime.now(UTC) + timedelta(hours=10)).replace(microsecond=0)
    provisioned = platform.cli(
        "trial",
        "provision",
        "--workspace",
        workspace,
        "--number",
        e164,
        "--until",
        until.isoformat(),
    )
    assert provisioned.returncode == 0, provisioned.stderr
    trial = json.loads(provisioned.stdout)

    async with client(platform, api_key) as api:
        shown = (await api.get(f"/v1/numbers/{trial['tenant_number_id']}")).json()
        assert datetime.fromisoformat(shown["trial_until"]) == until
        assert "next_renewal_at" not in shown
        listed = (await api.get("/v1/numbers", params={"trial": "true"})).json()
        assert [n["id"] for n in listed["data"]] == [trial["tenant_number_id"]]

        mail_dir = platform.data_dir / "mail"

        async def reminder_arrived() -> bool:
            return any(mail_dir.glob("*.eml")) if mail_dir.exists() else False

        await eventually(reminder_arrived, timeout=30)
        [eml] = list(mail_dir.glob("*.eml"))
        message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
        assert message["To"] == "ops@acme.co.ke" and e164 in message["Subject"]
        assert until.astimezone().strftime("%Y") in message["Subject"]

        refused = await api.post(f"/v1/numbers/{number_id}/claim")
        assert refused.status_code == 402, refused.text
        assert refused.json()["code"] == "wallet_insufficient_funds"
        again = (await api.get(f"/v1/numbers/{trial['tenant_number_id']}")).json()
        assert datetime.fromisoformat(again["trial_until"]) == until

        other, other_key = await funded_workspace(platform, RENT)
        async with client(platform, other_key) as stranger:
            taken = await stranger.post(f"/v1/numbers/{number_id}/claim")
            assert taken.status_code == 409, taken.text
            assert taken.json()["code"] == "number_unavailable"

        credited = platform.cli(
            "wallet",
            "credit",
            "--workspace",
            workspace,
            "--amount-minor",
            str(RENT),
            "--reason",
            "e2e",
        )
        assert credited.returncode == 0, credited.stderr
        kept = await api.post(f"/v1/numbers/{number_id}/claim")
        assert kept.status_code == 201, kept.text
        assert "trial_until" not in kept.json() and "next_renewal_at" in kept.json()
        wallet = (await api.get("/v1/wallet")).json()
        assert wallet["balance_minor"] == 0
    async with grpc.aio.insecure_channel(platform.grpc_address("gateway-admin")) as channel:
        found = await admin_pb2_grpc.WorkspaceAdminServiceStub(channel).GetWorkspace(
            admin_pb2.GetWorkspaceRequest(workspace_id=other)
        )
    assert found.workspace.email == ""  # no email for the other workspace: none was sent
    assert len(list(mail_dir.glob("*.eml"))) == 1
