"""Identifiers: UUIDv7 everywhere (time-ordered, so indexes stay compact)."""

from __future__ import annotations

import uuid

import uuid6


def new_id() -> uuid.UUID:
    """A new UUIDv7 as a standard uuid.UUID."""
    return uuid.UUID(bytes=uuid6.uuid7().bytes)


def new_id_str() -> str:
    return str(new_id())


def parse_uuid(value: str) -> uuid.UUID | None:
    """Parses a canonical UUID string; None when it is not one (callers raise their own error)."""
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def require_uuid(value: str, field: str) -> uuid.UUID:
    """Parses a UUID from a request field or raises InvalidArgument naming the field."""
    from platform_common.errors import FieldViolation, InvalidArgument

    parsed = parse_uuid(value)
    if parsed is None:
        raise InvalidArgument(
            f"{field} must be a UUID",
            violations=[FieldViolation(field, "must be a UUID")],
        )
    return parsed
