"""Routing domain rules without I/O: the number states this context follows, how an event about
a number is judged against what we know, and whether a number may take calls."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from platform_common.errors import Conflict, FieldViolation, InvalidArgument, NotFound
from platform_common.number_projection import (  # noqa: F401 (re-exported)
    NUMBER_EVENT_TRANSITIONS,
    NumberEvent,
    NumberStatus,
    Reaction,
    react_to_settings_event,
    react_to_status_event,
)

E164_PATTERN = re.compile(r"^\+[1-9][0-9]{6,14}$")
URL_FIELDS = ("voice_callback_url", "events_url")


class RoutingNotFound(NotFound):
    """The workspace's number has no routing any more (it was released)."""

    default_code = "routing_not_found"


class NumberNotFound(NotFound):
    """No such number in this workspace: unknown, or another workspace's. The same reason as
    inventory and credentials give for it (protos/README.md, "Unknown ids")."""

    default_code = "number_not_found"


class RouteNotFound(NotFound):
    default_code = "route_not_found"


class NumberReleased(Conflict):
    default_code = "number_released"


class Refusal(StrEnum):
    """Why a number may not take calls now (none: it may)."""

    NONE = "none"
    NUMBER_SUSPENDED = "number_suspended"
    NUMBER_RELEASED = "number_released"
    NUMBER_DISABLED = "number_disabled"
    INBOUND_NOT_ALLOWED = "inbound_not_allowed"
    # Test mode: a test-pool number takes only simulated calls (POST /v1/test/calls), never a
    # call through the live edge. Same name as the credentials' and wallet usage's reason.
    TEST_NUMBER_ON_LIVE_EDGE = "test_number_on_live_edge"


@dataclass(frozen=True)
class NumberView:
    """What this context knows about a tenant number's holding (fed by inventory's events)."""

    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    status: str
    allow_inbound: bool
    allow_outbound: bool
    status_changed_at: datetime
    settings_changed_at: datetime
    held_since: datetime | None = None
    status_reason: str | None = None  # why it is suspended (inventory's words)
    disabled: bool = False  # the workspace turned the number off
    livemode: bool = True  # false: a test-pool number (test mode's sandbox)


def refusal_for(
    status: str, allow_inbound: bool, disabled: bool = False, *, livemode: bool = True
) -> Refusal:
    """A number takes calls only while active, not disabled, with inbound allowed. Suspended
    and disabled are independent: either one refuses, until both are cleared. ResolveRoute
    answers the live edge, so a test number is refused there whatever else holds."""
    if not livemode:
        return Refusal.TEST_NUMBER_ON_LIVE_EDGE
    if status == NumberStatus.RELEASED:
        return Refusal.NUMBER_RELEASED
    if status == NumberStatus.SUSPENDED:
        return Refusal.NUMBER_SUSPENDED
    if disabled:
        return Refusal.NUMBER_DISABLED
    if not allow_inbound:
        return Refusal.INBOUND_NOT_ALLOWED
    return Refusal.NONE


def validate_e164(e164: str) -> str:
    if not E164_PATTERN.match(e164):
        description = "must be an E.164 number such as +254712345678"
        raise InvalidArgument(
            f"e164 {description}", violations=[FieldViolation("e164", description)]
        )
    return e164
