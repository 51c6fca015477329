from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything here starts the platform as processes and breaks it: `-m faults` selects the
    suite, `-m "not faults"` leaves it out."""
    for item in items:
        if "tests/faults/" in str(item.fspath) and "test_invariants_checker" not in str(
            item.fspath
        ):
            item.add_marker(pytest.mark.faults)
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A data directory outside pytest's basetemp: every pytest session on the machine resets
    /tmp/pytest-of-<user> to mode 0700, which would lock the unprivileged PostgreSQL user out
    of a platform that is running at that moment."""
    with tempfile.TemporaryDirectory(prefix="sautikit-faults-") as root:
        yield Path(root) / "platform"
