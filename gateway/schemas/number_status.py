"""The statuses a customer may set on a number (PATCH /v1/numbers/{id}): a named enum in the
OpenAPI document. The field stays a plain string in the model so that any other value gets the
precise 400 status_not_settable rather than a generic validation error."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class NumberStatus(StrEnum):
    """A number's status as the API shows it, and the values GET /v1/numbers filters by:
    released and suspended first, then disabled (active, but turned off by the workspace)."""

    active = "active"
    disabled = "disabled"
    suspended = "suspended"
    released = "released"


SETTABLE_STATUSES = ("active", "disabled")

SETTABLE_NUMBER_STATUS = "SettableNumberStatus"
SETTABLE_NUMBER_STATUS_SCHEMA: dict[str, Any] = {
    "title": SETTABLE_NUMBER_STATUS,
    "type": "string",
    "enum": list(SETTABLE_STATUSES),
    "description": "A status the customer may set on a number",
}
SETTABLE_NUMBER_STATUS_FIELD: dict[str, Any] = {
    "anyOf": [{"$ref": f"#/components/schemas/{SETTABLE_NUMBER_STATUS}"}, {"type": "null"}]
}
