"""Enums shared by requests and responses: each is one named component of the OpenAPI document,
so a generated client has one type per idea (a `Capability` in a search filter is the same type
as in a number it reads back).

Responses whose values come from a protobuf enum keep a plain `str` at run time (a value this
build does not know reads "unknown" instead of failing the whole response) and are documented
with `documented_as(...)`, a reference to the enum's component; build_openapi registers every
enum of SHARED_ENUMS, used in a request or not."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import TypeAdapter, WithJsonSchema


class NumberType(StrEnum):
    mobile = "mobile"
    fixed_line = "fixed_line"
    toll_free = "toll_free"


class Capability(StrEnum):
    voice = "voice"
    sms = "sms"


class NumberStatus(StrEnum):
    """A tenant number's status. disabled: turned off by the workspace (still billed); a number
    both suspended and disabled reads suspended."""

    active = "active"
    disabled = "disabled"
    suspended = "suspended"
    released = "released"


class SipCredentialStatus(StrEnum):
    active = "active"
    revoked = "revoked"


class LedgerEntryType(StrEnum):
    adjustment = "adjustment"
    number_rental = "number_rental"
    topup = "topup"
    call_usage = "call_usage"


class HealthStatus(StrEnum):
    ok = "ok"
    degraded = "degraded"


class CheckState(StrEnum):
    ok = "ok"
    down = "down"


SHARED_ENUMS: tuple[type[StrEnum], ...] = (
    NumberType,
    Capability,
    NumberStatus,
    SipCredentialStatus,
    LedgerEntryType,
    HealthStatus,
    CheckState,
)


def component_ref(enum: type[StrEnum]) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{enum.__name__}"}


def documented_as(enum: type[StrEnum], *, array: bool = False) -> WithJsonSchema:
    """A `str` (or list of `str`) field documented as the named enum. Wrapped in allOf, as
    pydantic resolves a bare `$ref` against its own definitions; build_openapi unwraps it."""
    schema: dict[str, Any] = {"allOf": [component_ref(enum)]}
    if array:
        schema = {"type": "array", "items": schema}
    return WithJsonSchema(schema)


def enum_component(enum: type[StrEnum]) -> dict[str, Any]:
    """The component pydantic writes for the enum, for enums no request model uses."""
    schema: dict[str, Any] = TypeAdapter(enum).json_schema()
    return schema
