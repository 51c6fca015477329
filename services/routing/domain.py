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
    default_code = "routing_not_found"


class RouteNotFound(NotFound):
    default_code = "route_not_found"


class NumberReleased(Conflict):
    default_code = "number_released"


class Refusal(StrEnum):
    """Why a number may not take calls now (none: it may)."""

    NONE = "none"
    NUMBER_SUSPENDED = "number_suspended"
    NUMBER_RELEASED = "number_released"
    INBOUND_NOT_ALLOWED = "inbound_not_allowed"


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


def refusal_for(status: str, allow_inbound: bool) -> Refusal:
    """A number takes calls only while active with inbound allowed."""
    if status == NumberStatus.RELEASED:
        return Refusal.NUMBER_RELEASED
    if status == NumberStatus.SUSPENDED:
        return Refusal.NUMBER_SUSPENDED
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
