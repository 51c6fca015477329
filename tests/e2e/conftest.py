from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.launcher import RunningPlatform, platform_env, start_platform


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("platform")
    running = start_platform(data_dir, platform_env(data_dir))
    yield running
    assert running.stop() == 0
