"""The call rating rule and the talk time a balance pays for, as tables of cases."""

from __future__ import annotations

import pytest

from services.wallet.usage.domain import (
    BillingIncrements,
    CallDirection,
    NumberStatus,
    RefusalReason,
    affordable_seconds,
    cost_minor,
    crossed_low_balance,
    refusal_for,
)

SIXTY_ONE = BillingIncrements(60, 1)


@pytest.mark.parametrize(
    ("seconds", "increments", "rate", "billed", "cost"),
    [
        # 60/1 at KES 2/min (200 minor units per minute): the example is 61 s -> 204.
        (0, SIXTY_ONE, 200, 0, 0),  # answered, hung up at once: nothing billed
        (1, SIXTY_ONE, 200, 60, 200),  # the first increment is billed whole
        (59, SIXTY_ONE, 200, 60, 200),
        (60, SIXTY_ONE, 200, 60, 200),
        (61, SIXTY_ONE, 200, 61, 204),  # 203.33 rounded up, once per call
        (62, SIXTY_ONE, 200, 62, 207),  # 206.67 -> 207
        (90, SIXTY_ONE, 200, 90, 300),
        (3_600, SIXTY_ONE, 200, 3_600, 12_000),  # one hour
        (86_401, SIXTY_ONE, 200, 86_401, 288_004),  # a day and a second: 288003.33 -> 288004
        # 60/60: every started minute is billed whole.
        (61, BillingIncrements(60, 60), 200, 120, 400),
        (120, BillingIncrements(60, 60), 200, 120, 400),
        (121, BillingIncrements(60, 60), 450, 180, 1_350),
        # 1/1: per second.
        (1, BillingIncrements(1, 1), 200, 1, 4),  # 3.33 -> 4
        (61, BillingIncrements(1, 1), 200, 61, 204),
        (30, BillingIncrements(1, 1), 7, 30, 4),  # 3.5 -> 4
        # 30/6.
        (31, BillingIncrements(30, 6), 600, 36, 360),
        # A free direction (rate 0) costs nothing, however long.
        (5_000, SIXTY_ONE, 0, 5_000, 0),
    ],
)
def test_rating_rule(
    seconds: int, increments: BillingIncrements, rate: int, billed: int, cost: int
) -> None:
    assert increments.billed_seconds(seconds) == billed
    assert cost_minor(seconds, rate, increments) == cost
    assert isinstance(cost_minor(seconds, rate, increments), int)


@pytest.mark.parametrize(
    ("money", "rate", "increments", "cap", "seconds"),
    [
        (2_000, 200, SIXTY_ONE, 3_600, 600),  # exactly 10 minutes' money: 10 minutes
        (2_000, 200, SIXTY_ONE, 180, 180),  # the slice caps it
        (199, 200, SIXTY_ONE, 3_600, 0),  # not even the first minute
        (200, 200, SIXTY_ONE, 3_600, 60),
        (203, 200, SIXTY_ONE, 3_600, 60),  # 61 s would cost 204
        (204, 200, SIXTY_ONE, 3_600, 61),
        (2_000, 200, BillingIncrements(60, 60), 3_600, 600),
        (2_100, 200, BillingIncrements(60, 60), 3_600, 600),  # 660 s would cost 2,200
        (0, 0, SIXTY_ONE, 3_600, 3_600),  # free calls get the whole slice
        (10_000, 200, SIXTY_ONE, 30, 0),  # a cap under the first increment grants nothing
    ],
)
def test_affordable_seconds_never_cost_more_than_the_money(
    money: int, rate: int, increments: BillingIncrements, cap: int, seconds: int
) -> None:
    granted = affordable_seconds(
        money_minor=money, rate_per_min_minor=rate, increments=increments, cap_seconds=cap
    )
    assert granted == seconds
    assert cost_minor(granted, rate, increments) <= money
    if granted and granted < cap:
        # One more step would not be affordable: the grant is the longest on the grid.
        assert cost_minor(granted + increments.subsequent, rate, increments) > money


def test_affordable_seconds_exhaustively_matches_the_rating_rule() -> None:
    for increments in (SIXTY_ONE, BillingIncrements(60, 60), BillingIncrements(1, 1)):
        for rate in (1, 7, 200, 450):
            for money in range(0, 1_500, 37):
                granted = affordable_seconds(
                    money_minor=money,
                    rate_per_min_minor=rate,
                    increments=increments,
                    cap_seconds=10_000,
                )
                best = max(
                    (
                        s
                        for s in range(0, 10_001)
                        if s == increments.billed_seconds(s)
                        and s > 0
                        and cost_minor(s, rate, increments) <= money
                    ),
                    default=0,
                )
                assert granted == best, (increments, rate, money)


@pytest.mark.parametrize(
    ("status", "allow_inbound", "allow_outbound", "direction", "reason"),
    [
        ("active", True, True, CallDirection.OUTBOUND, None),
        ("active", True, False, CallDirection.OUTBOUND, RefusalReason.DIRECTION_NOT_ALLOWED),
        ("active", False, True, CallDirection.INBOUND, RefusalReason.DIRECTION_NOT_ALLOWED),
        ("active", False, True, CallDirection.OUTBOUND, None),
        ("suspended", True, True, CallDirection.INBOUND, RefusalReason.NUMBER_SUSPENDED),
        ("released", True, True, CallDirection.INBOUND, RefusalReason.NUMBER_DISABLED),
    ],
)
def test_refusal_reasons(
    status: str,
    allow_inbound: bool,
    allow_outbound: bool,
    direction: CallDirection,
    reason: RefusalReason | None,
) -> None:
    import uuid
    from datetime import UTC, datetime

    from services.wallet.usage.domain import NumberView

    now = datetime.now(UTC)
    view = NumberView(
        tenant_number_id=uuid.uuid4(),
        workspace_id=uuid.uuid4(),
        e164="+254700000000",
        status=NumberStatus(status).value,
        allow_inbound=allow_inbound,
        allow_outbound=allow_outbound,
        inbound_per_min_minor=0,
        outbound_per_min_minor=0,
        status_changed_at=now,
        settings_changed_at=now,
    )
    assert refusal_for(view, direction) == reason
    assert refusal_for(None, direction) == RefusalReason.NUMBER_DISABLED


@pytest.mark.parametrize(
    ("before", "after", "crossed"),
    [
        (1_500, 900, True),
        (1_000, 999, True),
        (1_000, 1_000, False),
        (900, 500, False),
        (500, 1_500, False),
        (2_000, 1_500, False),
    ],
)
def test_low_balance_crossing_is_the_one_change_that_goes_under(
    before: int, after: int, crossed: bool
) -> None:
    assert (
        crossed_low_balance(before_minor=before, after_minor=after, threshold_minor=1_000)
        is crossed
    )
