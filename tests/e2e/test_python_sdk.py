"""The Python SDK against a platform started as `make run` starts it: the SDK is generated
afresh (pinned generator, --fail-on-warning) from the document the running gateway serves,
and the seed journey runs on it in its own process, importing nothing but the SDK: search,
claim, SIP credential create and rotate without a body, routing, an M-Pesa top-up through the
Daraja simulator, release. An optional body declared the old way (`anyOf [model, null]`)
made the generated client crash on create and rotate. And `pip install ./clients/python`
works on its own: installed offline into a directory, the SDK imports from there alone,
declares every distribution it imports, and calls the gateway."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import httpx
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from devstack.launcher import RunningPlatform, funded_workspace, platform_env, start_platform
from devstack.sdk import PACKAGE, SDK_DIR, generate
from tests.e2e.journey import FAST_CLAIMS, RENT

JOURNEY = Path(__file__).with_name("sdk_journey.py")

# Run from the install target alone: which files were imported, the installed distribution's
# version, and one authenticated call (the wallet) naming the workspace in X-Organization-Id.
INSTALLED_CALL = """
import json, os, sys, uuid
from importlib import metadata
import sautikit_api_client, sautikit_sdk
from sautikit_api_client.api.wallet import get_wallet
from sautikit_sdk import connect
with connect(os.environ["SAUTIKIT_API_KEY"], os.environ["SAUTIKIT_BASE_URL"]) as client:
    wallet = get_wallet.sync(
        client=client, x_organization_id=uuid.UUID(os.environ["SAUTIKIT_WORKSPACE"])
    )
print(json.dumps({
    "files": [sautikit_api_client.__file__, sautikit_sdk.__file__],
    "version": metadata.version("sautikit-sdk"),
    "balance_minor": wallet.balance_minor,
    "currency": wallet.currency,
}))
"""


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("sdk")
    env = {**platform_env(data_dir), **FAST_CLAIMS, "DARAJA_SIMULATOR_CALLBACK_DELAY": "0.2"}
    running = start_platform(data_dir, env)
    yield running
    assert running.stop() == 0


def run_against_platform(
    args: list[str], *, cwd: Path, pythonpath: str, env: dict[str, str], timeout: float
) -> Any:
    """Runs `python <args>` with only `pythonpath` importable ahead of the standard library
    and site-packages; it must succeed and print its answer as JSON on its last line."""
    run = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": pythonpath, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


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
    summary = run_against_platform(
        [str(JOURNEY)],
        cwd=tmp_path,
        # The fresh generation first: its sautikit_api_client, not the committed one.
        pythonpath=os.pathsep.join([str(tmp_path), str(SDK_DIR)]),
        env={"SAUTIKIT_BASE_URL": platform.base_url, "SAUTIKIT_API_KEY": api_key},
        timeout=300,
    )
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


async def test_the_sdk_installs_on_its_own_and_calls_the_gateway(
    platform: RunningPlatform, tmp_path: Path
) -> None:
    """`pip install ./clients/python` as the README says, offline (no index, no build
    isolation: setuptools comes from requirements.lock) from a copy, so the build writes
    nothing into the repository and the copy shows the directory needs nothing outside it."""
    source = tmp_path / "python"
    shutil.copytree(SDK_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    target = tmp_path / "site"
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert install.returncode == 0, install.stderr[-4000:]
    assert (target / "sautikit_sdk" / "py.typed").exists()
    assert third_party_imports(target) <= declared_dependencies(target)

    workspace_id, api_key = await funded_workspace(platform, 1_234)
    answer = run_against_platform(
        ["-c", INSTALLED_CALL],
        cwd=tmp_path,
        pythonpath=str(target),  # neither the repository nor clients/python
        env={
            "SAUTIKIT_BASE_URL": platform.base_url,
            "SAUTIKIT_API_KEY": api_key,
            "SAUTIKIT_WORKSPACE": workspace_id,
        },
        timeout=60,
    )
    assert all(Path(file).is_relative_to(target) for file in answer["files"]), answer["files"]
    project = tomllib.loads((SDK_DIR / "pyproject.toml").read_text())["project"]
    assert answer["version"] == project["version"]
    assert (answer["balance_minor"], answer["currency"]) == (1_234, "KES")


def third_party_imports(target: Path) -> set[str]:
    """The distributions (as this environment names them) the installed packages import."""
    modules = {
        alias.name if isinstance(node, ast.Import) else str(node.module)
        for file in target.rglob("*.py")
        for node in ast.walk(ast.parse(file.read_text()))
        if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom) and node.level == 0)
        for alias in node.names
    }
    own = {"sautikit_api_client", "sautikit_sdk"}
    names = {module.split(".")[0] for module in modules} - own - set(sys.stdlib_module_names)
    providers = metadata.packages_distributions()
    return {canonicalize_name(providers.get(name, [name])[0]) for name in names}


def declared_dependencies(target: Path) -> set[str]:
    """The installed distribution's Requires-Dist names."""
    (installed,) = metadata.distributions(path=[str(target)])
    return {canonicalize_name(Requirement(line).name) for line in installed.requires or []}
