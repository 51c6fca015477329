"""Call billing rules, no I/O: the rating rule, how much talk time a balance pays for, and why
a call may be refused.

Rating: a call of `s` billable seconds is billed on a grid of increments, the first of
`initial` seconds and then steps of `subsequent` seconds (60/1 by default): 0 s costs nothing;
1..initial s bill `initial`; longer calls bill `initial` plus whole `subsequent` steps, rounded
up. The cost is `ceil(billed_seconds * rate_per_min / 60)` minor units: integers only, rounded up
once per call (never per increment, never through a float). 61 s at 60/1 and KES 2/min (200):
billed 61 s, ceil(61 * 200 / 60) = ceil(203.33) = 204.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from platform_common.consumer import EventNotReady
from platform_common.errors import Conflict, NotFound
from platform_common.number_projection import NumberStatus

MAX_CALL_ID_LENGTH = 200
MAX_PARTY_LENGTH = 64


class CallDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class CallStatus(StrEnum):
    AUTHORIZED = "authorized"
    COMPLETED = "completed"
    FAILED = "failed"
    EXPIRED = "expired"
    REFUSED = "refused"


# A reservation still holds money only while authorized; an expired call may still be
# charged by a late call.completed (the call did happen) or closed by call.failed.
SETTLEABLE = (CallStatus.AUTHORIZED, CallStatus.EXPIRED)


class RefusalReason(StrEnum):
    INSUFFICIENT_FUNDS = "insufficient_funds"
    NUMBER_SUSPENDED = "number_suspended"
    NUMBER_DISABLED = "number_disabled"
    DIRECTION_NOT_ALLOWED = "direction_not_allowed"
    # Test mode: a test number takes only simulated calls, and a simulated call only test
    # numbers, so test money and live money never meet. Same names as routing's and
    # credentials' reasons.
    TEST_NUMBER_ON_LIVE_EDGE = "test_number_on_live_edge"
    LIVE_NUMBER_IN_TEST_MODE = "live_number_in_test_mode"


@dataclass(frozen=True)
class BillingIncrements:
    """Initial and subsequent billing increments in seconds (60/1, 60/60, 1/1, ...)."""

    initial: int = 60
    subsequent: int = 1

    def __post_init__(self) -> None:
        if self.initial < 1 or self.subsequent < 1:
            raise ValueError("billing increments must be at least 1 second")

    def billed_seconds(self, seconds: int) -> int:
        if seconds <= 0:
            return 0
        if seconds <= self.initial:
            return self.initial
        steps = -(-(seconds - self.initial) // self.subsequent)
        return self.initial + steps * self.subsequent


def cost_minor(seconds: int, rate_per_min_minor: int, increments: BillingIncrements) -> int:
    """What a call of `seconds` billable seconds costs, in minor units, rounded up."""
    billed = increments.billed_seconds(seconds)
    return -(-(billed * rate_per_min_minor) // 60)


def affordable_seconds(
    *, money_minor: int, rate_per_min_minor: int, increments: BillingIncrements, cap_seconds: int
) -> int:
    """The longest talk time on the billing grid, at most `cap_seconds`, whose cost is at most
    `money_minor`; 0 when not even the first increment is affordable (or fits the cap)."""
    if cap_seconds < increments.initial:
        return 0
    # cost(S) <= money  <=>  S * rate <= 60 * money  <=>  S <= floor(60 * money / rate)
    fit_money = cap_seconds if rate_per_min_minor == 0 else (60 * money_minor) // rate_per_min_minor
    limit = min(fit_money, cap_seconds)
    if limit < increments.initial:
        return 0
    return increments.initial + (limit - increments.initial) // increments.subsequent * (
        increments.subsequent
    )


@dataclass(frozen=True)
class NumberView:
    """The wallet's view of a tenant number, kept from inventory's numbers.* events."""

    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    status: str
    allow_inbound: bool
    allow_outbound: bool
    inbound_per_min_minor: int
    outbound_per_min_minor: int
    status_changed_at: datetime
    settings_changed_at: datetime
    disabled: bool = False  # the workspace turned the number off
    livemode: bool = True  # false: a test-pool number (test mode's sandbox)

    def rate_for(self, direction: CallDirection) -> int:
        if direction is CallDirection.INBOUND:
            return self.inbound_per_min_minor
        return self.outbound_per_min_minor


def refusal_for(
    number: NumberView | None, direction: CallDirection, *, simulated: bool = False
) -> RefusalReason | None:
    """Why the number may not carry a call this way now, before looking at money. `simulated`:
    the caller is test mode's call simulator rather than the voice platform's edge."""
    if number is None or number.status == NumberStatus.RELEASED:
        return RefusalReason.NUMBER_DISABLED
    if simulated and number.livemode:
        return RefusalReason.LIVE_NUMBER_IN_TEST_MODE
    if not simulated and not number.livemode:
        return RefusalReason.TEST_NUMBER_ON_LIVE_EDGE
    if number.status == NumberStatus.SUSPENDED:
        return RefusalReason.NUMBER_SUSPENDED
    if number.disabled:  # independent of suspension: refused until both are cleared
        return RefusalReason.NUMBER_DISABLED
    allowed = number.allow_inbound if direction is CallDirection.INBOUND else number.allow_outbound
    if not allowed:
        return RefusalReason.DIRECTION_NOT_ALLOWED
    return None


def crossed_low_balance(*, before_minor: int, after_minor: int, threshold_minor: int) -> bool:
    """True for exactly the change that takes the available balance from at or over the
    threshold to under it. Changes of one wallet are serialised by its row lock, so each
    downward crossing is seen by exactly one transaction."""
    return before_minor >= threshold_minor > after_minor


@dataclass(frozen=True)
class CallRecord:
    id: uuid.UUID
    call_id: str
    workspace_id: uuid.UUID
    tenant_number_id: uuid.UUID
    e164: str
    direction: CallDirection
    from_number: str
    to_number: str
    status: CallStatus
    refusal_reason: RefusalReason | None
    rate_per_min_minor: int
    currency: str
    max_duration_seconds: int
    reserved_minor: int
    authorized_at: datetime
    expires_at: datetime | None
    started_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    billable_seconds: int | None
    cost_minor: int | None
    charged_minor: int | None
    ledger_entry_id: uuid.UUID | None
    failure_reason: str | None


@dataclass(frozen=True)
class Authorization:
    """AuthorizeCall's answer. `call` is None only for a number nobody holds."""

    allowed: bool
    refusal_reason: RefusalReason | None
    max_duration_seconds: int
    reserved_minor: int
    rate_per_min_minor: int
    call: CallRecord | None
    replayed: bool = False


class CallNotFound(NotFound):
    default_code = "call_not_found"


class CallNotInProgress(Conflict):
    default_code = "call_not_in_progress"


class NumberNotKnownYet(EventNotReady):
    """A call ended on a number this view has never heard of: its numbers.claimed is still on
    the way (claims are published through the outbox, calls by the voice platform directly).
    The call.* event is redelivered until the claim arrives, so the call is charged."""
