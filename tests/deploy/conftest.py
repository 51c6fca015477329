"""Deploy checks run offline: kubectl renders the overlays once per session; tests that alter
manifests or code work on copies under tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devstack.deploy_check.parts import ROOT
from devstack.deploy_check.rendering import Manifest, render

SOURCE_PACKAGES = ("platform_common", "services", "gateway", "operator_cli")


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[Manifest]]:
    if shutil.which("kubectl") is None:
        pytest.fail("kubectl is required (Debian package kubectl; .ci/run installs it)")
    return {name: render(ROOT / "deploy" / "k8s" / "overlays" / name) for name in ("dev", "prod")}


@pytest.fixture
def deploy_copy(tmp_path: Path) -> Path:
    """A copy of deploy/ a test may break."""
    target = tmp_path / "deploy"
    shutil.copytree(ROOT / "deploy", target)
    return target


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    """A copy of the Python packages a test may change (parsed, never imported)."""
    root = tmp_path / "src"
    for package in SOURCE_PACKAGES:
        shutil.copytree(
            ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return root
