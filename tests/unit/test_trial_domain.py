"""Trial rules without I/O: the window trial_until must fall in, when the reminder is due."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from platform_common.errors import InvalidArgument
from services.inventory.trials.domain import (
    conversion_key,
    ensure_trial_window,
    remind_at_once,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "until",
    [None, NOW, NOW - timedelta(seconds=1), NOW + timedelta(days=30, seconds=1)],
    ids=["missing", "now", "past", "beyond the maximum"],
)
def test_trial_until_outside_the_window_names_the_field(until: datetime | None) -> None:
    with pytest.raises(InvalidArgument) as raised:
        ensure_trial_window(until, now=NOW, max_days=30)
    assert [v.field for v in raised.value.violations] == ["trial_until"]


def test_trial_until_inside_the_window_is_accepted_up_to_the_maximum() -> None:
    for until in (NOW + timedelta(seconds=1), NOW + timedelta(days=30)):
        assert ensure_trial_window(until, now=NOW, max_days=30) == until
    with pytest.raises(InvalidArgument):  # the maximum is configuration
        ensure_trial_window(NOW + timedelta(days=3), now=NOW, max_days=2)


def test_the_reminder_is_due_at_once_with_a_day_or_less_left() -> None:
    assert remind_at_once(NOW + timedelta(hours=23), NOW)
    assert remind_at_once(NOW + timedelta(hours=24), NOW)
    assert not remind_at_once(NOW + timedelta(hours=24, seconds=1), NOW)


def test_a_conversion_has_one_debit_key_per_trial() -> None:
    tenant_number_id = uuid.uuid4()
    assert conversion_key(tenant_number_id) == f"trial-conversion:{tenant_number_id}"
