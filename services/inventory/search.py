"""Search filters for available numbers: validated and normalized here (pure), run as SQL in
the repository."""

from __future__ import annotations

import re
from dataclasses import dataclass

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.paging import decode_token, encode_token
from services.inventory.domain import COUNTRY, CURRENCY, Capability, NumberType

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_DIGITS = re.compile(r"^\+?[0-9]{1,15}$")
_KENYA_PREFIX = "254"


@dataclass(frozen=True)
class SearchFilters:
    number_type: NumberType | None
    capability: Capability | None
    # LIKE patterns over the e164 text (which starts with "+"); None when not filtered.
    starts_with: str | None
    contains: str | None
    ends_with: str | None
    limit: int
    after_e164: str | None
    # The caller's mode: true searches the live pool, false the test pool.
    livemode: bool = True


def _digits(value: str, field: str, violations: list[FieldViolation]) -> str | None:
    if not value:
        return None
    if not _DIGITS.fullmatch(value):
        violations.append(FieldViolation(field, "must be 1 to 15 digits, optionally after '+'"))
        return None
    return value.lstrip("+")


def encode_cursor(e164: str) -> str:
    return encode_token(e164)


def decode_cursor(cursor: str) -> str | None:
    e164 = decode_token(cursor)
    return e164 if e164 is not None and re.fullmatch(r"\+[0-9]{2,15}", e164) else None


def build_filters(
    *,
    country: str,
    currency: str,
    number_type: NumberType | None,
    capability: Capability | None,
    starts_with: str,
    contains: str,
    ends_with: str,
    limit: int,
    cursor: str,
    livemode: bool = True,
) -> SearchFilters:
    """Validates every filter at once; a bad one raises validation_failed naming it."""
    violations: list[FieldViolation] = []
    if (country or COUNTRY).upper() != COUNTRY:
        violations.append(FieldViolation("country", "must be KE"))
    if (currency or CURRENCY).upper() != CURRENCY:
        violations.append(FieldViolation("currency", "must be KES"))
    prefix = _digits(starts_with, "starts_with", violations)
    if prefix is not None and prefix.startswith("0"):
        # Kenyans write numbers nationally: 0712... is +254712...
        prefix = _KENYA_PREFIX + prefix[1:]
    middle = _digits(contains, "contains", violations)
    suffix = _digits(ends_with, "ends_with", violations)
    if limit == 0:
        limit = DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        violations.append(FieldViolation("limit", f"must be between 1 and {MAX_LIMIT}"))
    after = None
    if cursor:
        after = decode_cursor(cursor)
        if after is None:
            violations.append(FieldViolation("cursor", "must be a cursor this API returned"))
    if violations:
        raise InvalidArgument(
            "; ".join(f"{v.field} {v.description}" for v in violations), violations=violations
        )
    return SearchFilters(
        number_type=number_type,
        capability=capability,
        starts_with=f"+{prefix}%" if prefix else None,
        contains=f"%{middle}%" if middle else None,
        ends_with=f"%{suffix}" if suffix else None,
        limit=limit,
        after_e164=after,
        livemode=livemode,
    )
