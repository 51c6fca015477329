"""Conversions between aware datetimes (always UTC) and protobuf Timestamps."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp


def to_timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    stamp = Timestamp()
    stamp.FromDatetime(value.astimezone(UTC))
    return stamp


def from_timestamp(stamp: Timestamp) -> datetime:
    return stamp.ToDatetime(tzinfo=UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


def optional_time(message: Message, field: str) -> datetime | None:
    """A message's Timestamp field as a datetime, or None when the field is unset."""
    return from_timestamp(getattr(message, field)) if message.HasField(field) else None
