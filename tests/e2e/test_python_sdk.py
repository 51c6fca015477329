"""The Python SDK against a platform started as `make run` starts it: the SDK is generated
afresh (pinned generator, --fail-on-warning) from the document the running gateway serves,
and the seed journey runs on it in its own process, importing nothing but the SDK: search,
claim, SIP credential create and rotate without a body, routing, an M-Pesa top-up through the
Daraja simulator, release. An optional body declared the old way (`anyOf [model, null]`)
made the generated client crash on create and rotate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from devstack.launcher import RunningPlatform, funded_workspace, platform_env, start_platform
from devstack.sdk import PACKAGE, SDK_DIR, generate
from tests.e2e.journey import FAST_CLAIMS, RENT

JOURNEY = Path(__file__).with_name("sdk_journey.py")


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("sdk")
    env = {**platform_env(data_dir), **FAST_CLAIMS, "DARAJA_SIMULATOR_CALLBACK_DELAY": "0.2"}
    running = start_platform(data_dir, env)
    yield running
    assert running.stop() == 0


async def test_seed_journey_through_a_freshly_generated_sdk(
    platform: RunningPlatform, tmp_path: Path
) -> None:
    served = httpx.get(f"{platform.base_url}/v1/openapi.json", timeout=30)
    assert served.status_code == 200
    document = tmp_path / "openapi.json"
    document.write_bytes(served.content)
    generated = generate(document, tmp_path)
    assert (generated / "api" / "sip_credentials" / "rotate_sip_credential.py").exists()

    _, api_key = await funded_workspace(platform, RENT)
    run = subprocess.run(
        [sys.executable, str(JOURNEY)],
        cwd=tmp_path,
        env={
            **os.environ,
            # The fresh generation first: its sautikit_api_client, not the committed one.
            "PYTHONPATH": os.pathsep.join([str(tmp_path), str(SDK_DIR)]),
            "SAUTIKIT_BASE_URL": platform.base_url,
            "SAUTIKIT_API_KEY": api_key,
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert Path(summary["generated_from"]).is_relative_to(tmp_path / PACKAGE)

    assert summary["claimed"]["status"] == "active"
    assert summary["second_claim"] == {"status": 409, "code": "number_unavailable"}
    assert summary["second_claim_has_request_id"] is True
    credential = summary["credential"]
    assert credential["created_password"] and credential["rotated_password"]
    assert credential["passwords_differ"] is True
    assert len(credential["listed"]) == 1
    assert summary["routing"] == ["https://ivr.example.com/voice", "https://ivr.example.com/events"]
    assert summary["topup"] == {"status": "succeeded", "amount_minor": 50_000}
    assert summary["balance_minor"] == 50_000  # funded RENT, paid RENT, topped up 50,000
    assert summary["ledger"] == ["adjustment", "number_rental", "topup"]  # 3 pages of 1
    assert summary["released"] == "released" and summary["read_back"] == "released"


def test_the_committed_sdk_comes_from_the_served_document(platform: RunningPlatform) -> None:
    served = httpx.get(f"{platform.base_url}/v1/openapi.json", timeout=30)
    assert served.json() == json.loads((SDK_DIR / "openapi.json").read_text()), (
        "the committed SDK was generated from another document: run make sdk"
    )
