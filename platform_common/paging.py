"""Opaque cursors for keyset pagination. Clients treat them as tokens; a cursor we did not
issue is a validation error naming the `cursor` parameter."""

from __future__ import annotations

import base64
import binascii
import uuid
from dataclasses import dataclass
from datetime import datetime

from platform_common.errors import FieldViolation, InvalidArgument


def encode_token(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_token(cursor: str) -> str | None:
    """The text inside a cursor, or None when it is not base64url of UTF-8."""
    try:
        return base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def invalid_cursor() -> InvalidArgument:
    return InvalidArgument(
        "cursor is not one this API returned",
        violations=[FieldViolation("cursor", "must be a cursor this API returned")],
    )


@dataclass(frozen=True)
class TimeOrderedCursor:
    """The position after the last row of a newest-first page ordered by (timestamp, id)."""

    at: datetime
    id: uuid.UUID

    def encode(self) -> str:
        return encode_token(f"{self.at.isoformat()}|{self.id}")

    @classmethod
    def decode(cls, cursor: str) -> TimeOrderedCursor | None:
        """None for an empty cursor (the first page); InvalidArgument for a foreign one."""
        if not cursor:
            return None
        text = decode_token(cursor)
        try:
            stamp, _, ident = (text or "").partition("|")
            decoded = cls(at=datetime.fromisoformat(stamp), id=uuid.UUID(ident))
        except ValueError:
            raise invalid_cursor() from None
        if decoded.at.tzinfo is None:
            raise invalid_cursor()
        return decoded
