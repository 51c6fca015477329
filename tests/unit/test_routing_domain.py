"""Routing rules without I/O: whether a number may take calls, how events about a number are
judged against what we know, and the ResolveRoute cache's lifetime (moved by a fake clock)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from platform_common.errors import InvalidArgument
from services.routing.domain import (
    NumberEvent,
    NumberStatus,
    NumberView,
    Reaction,
    Refusal,
    react_to_settings_event,
    react_to_status_event,
    refusal_for,
    validate_e164,
)
from services.routing.route_cache import RouteCache
from services.routing.settings import RoutingSettings

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def view(status: NumberStatus, at: datetime = T0) -> NumberView:
    return NumberView(
        tenant_number_id=uuid.uuid4(),
        workspace_id=uuid.uuid4(),
        e164="+254712345678",
        status=status.value,
        allow_inbound=True,
        allow_outbound=True,
        status_changed_at=at,
        settings_changed_at=at,
    )


@pytest.mark.parametrize(
    ("status", "inbound", "refusal"),
    [
        ("active", True, Refusal.NONE),
        ("active", False, Refusal.INBOUND_NOT_ALLOWED),
        ("suspended", True, Refusal.NUMBER_SUSPENDED),
        ("suspended", False, Refusal.NUMBER_SUSPENDED),
        ("released", True, Refusal.NUMBER_RELEASED),
        ("released", False, Refusal.NUMBER_RELEASED),
    ],
)
def test_only_an_active_number_with_inbound_allowed_takes_calls(
    status: str, inbound: bool, refusal: Refusal
) -> None:
    assert refusal_for(status, inbound) is refusal


@pytest.mark.parametrize(
    ("current", "event", "at", "reaction"),
    [
        (None, NumberEvent.SUSPENDED, T0, Reaction.REREAD),
        (NumberStatus.ACTIVE, NumberEvent.SUSPENDED, T0 + timedelta(seconds=1), Reaction.APPLY),
        (NumberStatus.SUSPENDED, NumberEvent.RESUMED, T0 + timedelta(seconds=1), Reaction.APPLY),
        (NumberStatus.ACTIVE, NumberEvent.RESUMED, T0 + timedelta(seconds=1), Reaction.REREAD),
        (NumberStatus.SUSPENDED, NumberEvent.SUSPENDED, T0, Reaction.REREAD),
        (NumberStatus.ACTIVE, NumberEvent.SUSPENDED, T0 - timedelta(seconds=1), Reaction.REREAD),
        (NumberStatus.RELEASED, NumberEvent.RESUMED, T0 + timedelta(days=1), Reaction.IGNORE),
    ],
)
def test_status_events_apply_only_as_the_next_step(
    current: NumberStatus | None, event: NumberEvent, at: datetime, reaction: Reaction
) -> None:
    known = view(current) if current is not None else None
    assert react_to_status_event(known, event, at) is reaction


def test_settings_events() -> None:
    assert react_to_settings_event(None, T0) is Reaction.REREAD
    assert react_to_settings_event(view(NumberStatus.ACTIVE), T0) is Reaction.APPLY
    assert react_to_settings_event(view(NumberStatus.SUSPENDED), T0) is Reaction.APPLY
    old = T0 - timedelta(seconds=1)
    assert react_to_settings_event(view(NumberStatus.ACTIVE), old) is Reaction.REREAD
    assert react_to_settings_event(view(NumberStatus.RELEASED), T0) is Reaction.IGNORE


@pytest.mark.parametrize("e164", ["", "254712345678", "+0712345678", "+2547" + "1" * 20, "+254 7"])
def test_malformed_e164_is_refused(e164: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        validate_e164(e164)
    assert [v.field for v in refused.value.violations] == ["e164"]


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_route_cache_keeps_an_answer_for_its_ttl_and_forgets_on_change() -> None:
    clock = FakeClock()
    cache: RouteCache[str] = RouteCache(ttl_seconds=0.5, clock=clock)
    cache.put("+254712345678", "active")
    clock.now += 0.49
    assert cache.get("+254712345678") == "active"
    clock.now += 0.01
    assert cache.get("+254712345678") is None, "expired at the TTL"
    cache.put("+254712345678", "active")
    cache.forget("+254712345678")
    assert cache.get("+254712345678") is None, "a change this process saw drops it at once"


def test_route_cache_is_bounded_and_can_be_off() -> None:
    clock = FakeClock()
    cache: RouteCache[int] = RouteCache(ttl_seconds=1.0, clock=clock, max_entries=3)
    for i in range(10):
        cache.put(f"+25471234567{i}", i)
        assert len(cache._entries) <= 3
    off: RouteCache[int] = RouteCache(ttl_seconds=0, clock=clock)
    off.put("+254712345678", 1)
    assert off.get("+254712345678") is None


@pytest.mark.parametrize("seconds", [-0.1, 0.9, 5.0])
def test_the_cache_lifetime_stays_under_the_one_second_promise(seconds: float) -> None:
    with pytest.raises(ValueError):
        RoutingSettings(route_cache_seconds=seconds)
