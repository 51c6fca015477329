"""The fault tests that need nothing special of the platform, one after another on one running
platform (see harness.SharedPlatform). Each lives in its own module; they are collected here, in
one file, so that `-n 2 --dist loadfile` (files are its unit) keeps them on one test process
and the platform starts once for the three instead of once per test process."""

from __future__ import annotations

import pytest

from devstack.launcher import RunningPlatform
from tests.faults.nats_outage import test_nats_outage_longer_than_every_timeout_loses_nothing
from tests.faults.postgres_restart import test_postgres_restart_mid_load_answers_503_then_recovers
from tests.faults.service_kills import test_every_service_killed_in_turn_under_load

# Collected by pytest from here, in this order.
__all__ = [
    "test_every_service_killed_in_turn_under_load",
    "test_nats_outage_longer_than_every_timeout_loses_nothing",
    "test_postgres_restart_mid_load_answers_503_then_recovers",
]


@pytest.fixture
def platform(shared_platform: RunningPlatform) -> RunningPlatform:
    return shared_platform
