from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from devstack.launcher import RunningPlatform
from tests.faults.harness import SharedPlatform, build_migrated_cluster, scratch_dir

FAILED = pytest.StashKey[bool]()


# Longest first: `-n 2 --dist loadfile` hands files out in collection order (after those with
# more tests), and a long file handed out last would run alone at the end.
FILE_ORDER = (
    "test_service_kills.py",
    "test_shared_platform.py",
    "test_replicas.py",
    "test_nats_cluster.py",
    "test_invariants_checker.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything here starts the platform as processes and breaks it: `-m faults` selects the
    suite, `-m "not faults"` leaves it out. The suite's files are put in FILE_ORDER, in the
    places they already held among the other tests."""
    slots = [i for i, item in enumerate(items) if "tests/faults/" in str(item.fspath)]
    ours = [items[i] for i in slots]
    for item in ours:
        if "test_invariants_checker" not in str(item.fspath):
            item.add_marker(pytest.mark.faults)
            item.add_marker(pytest.mark.e2e)

    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return FILE_ORDER.index(name) if name in FILE_ORDER else len(FILE_ORDER)

    for slot, item in zip(slots, sorted(ours, key=rank), strict=True):
        items[slot] = item


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Remembers a failed setup or call, for the shared platform's teardown."""
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A data directory of this test's own (see harness.scratch_dir)."""
    with scratch_dir("sautikit-faults-") as root:
        yield root / "platform"


@pytest.fixture(scope="session")
def migrated_cluster() -> Iterator[Path]:
    """A stopped PostgreSQL cluster with every schema migrated, copied by each platform."""
    with scratch_dir("sautikit-faults-template-") as root:
        build_migrated_cluster(root / "postgres")
        yield root / "postgres"


@pytest.fixture(scope="session")
def shared_platforms(migrated_cluster: Path) -> Iterator[SharedPlatform]:
    shared = SharedPlatform(migrated_cluster)
    yield shared
    shared.discard()


@pytest.fixture
def shared_platform(
    request: pytest.FixtureRequest, shared_platforms: SharedPlatform
) -> Iterator[RunningPlatform]:
    """The platform this test process's plain fault tests share; after a failed test it is
    stopped, and the next test gets a new one."""
    yield shared_platforms.get()
    if request.node.stash.get(FAILED, False):
        shared_platforms.discard(keep_logs=True)
