from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.launcher import RunningPlatform, platform_env, start_platform
from tests.console.browser import chromium_path
from tests.e2e.journey import FAST_CLAIMS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/console/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    """The whole platform as `make run` starts it, once per module; skipped (before starting
    anything) on a machine without Debian's chromium."""
    if chromium_path() is None:
        pytest.skip("chromium is not on the PATH (Debian: apt-get install chromium)")
    data_dir: Path = tmp_path_factory.mktemp("console")
    env = {
        **platform_env(data_dir),
        **FAST_CLAIMS,
        "DARAJA_SIMULATOR_CALLBACK_DELAY": "0.2",
        # The tests browse http://127.0.0.1: a Secure cookie would never be sent back.
        "GATEWAY_COOKIE_SECURE": "false",
    }
    running = start_platform(data_dir, env)
    yield running
    assert running.stop() == 0
