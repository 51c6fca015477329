"""Two fault tests that need nothing special of the platform, one after the other on one running
platform (see harness.SharedPlatform; test_service_kills.py shares it too when it runs in the
same test process). Each lives in its own module; they are collected here, in one file, so that
`-n 2 --dist loadfile` (files are its unit) keeps them on one test process: one platform start
for both, and about as long as the service kills, which the other process runs."""

from __future__ import annotations

import pytest

from devstack.launcher import RunningPlatform
from tests.faults.nats_outage import test_nats_outage_longer_than_every_timeout_loses_nothing
from tests.faults.postgres_restart import test_postgres_restart_mid_load_answers_503_then_recovers

# Collected by pytest from here, in this order.
__all__ = [
    "test_nats_outage_longer_than_every_timeout_loses_nothing",
    "test_postgres_restart_mid_load_answers_503_then_recovers",
]


@pytest.fixture
def platform(shared_platform: RunningPlatform) -> RunningPlatform:
    return shared_platform
