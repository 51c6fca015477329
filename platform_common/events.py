"""Event envelope: CloudEvents 1.0 attributes as NATS headers (binary mode), protobuf body."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf.message import Message

CONTENT_TYPE = "application/protobuf"
SPEC_VERSION = "1.0"


@dataclass(frozen=True)
class OutgoingEvent:
    """An event a use case emits; the unit of work stores it in the outbox."""

    subject: str  # NATS subject, e.g. sautikit.numbers.claimed
    ce_type: str  # CloudEvents type, e.g. sautikit.numbers.claimed.v1
    ce_subject: str  # CloudEvents subject: the resource the event is about
    payload: Message

    @classmethod
    def of(cls, subject: str, resource: str, payload: Message) -> OutgoingEvent:
        return cls(subject=subject, ce_type=f"{subject}.v1", ce_subject=resource, payload=payload)


@dataclass(frozen=True)
class EventEnvelope:
    """An event as a consumer receives it."""

    id: uuid.UUID
    source: str
    ce_type: str
    subject: str
    time: datetime
    nats_subject: str
    data: bytes

    def parse(self, message_type: type[Message]) -> Message:
        message = message_type()
        message.ParseFromString(self.data)
        return message


def headers_for(
    *, event_id: uuid.UUID, source: str, type_: str, ce_subject: str, time: datetime
) -> dict[str, str]:
    """NATS headers for one event. Nats-Msg-Id lets JetStream drop re-published duplicates."""
    return {
        "Nats-Msg-Id": str(event_id),
        "ce-specversion": SPEC_VERSION,
        "ce-id": str(event_id),
        "ce-source": source,
        "ce-type": type_,
        "ce-subject": ce_subject,
        "ce-time": time.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "content-type": CONTENT_TYPE,
    }


def envelope_from_message(
    nats_subject: str, headers: dict[str, str] | None, data: bytes
) -> EventEnvelope:
    """Reads the CloudEvents attributes back from a NATS message; raises ValueError if absent."""
    headers = headers or {}
    try:
        event_id = uuid.UUID(headers["ce-id"])
        time = datetime.fromisoformat(headers["ce-time"].replace("Z", "+00:00"))
        return EventEnvelope(
            id=event_id,
            source=headers["ce-source"],
            ce_type=headers["ce-type"],
            subject=headers.get("ce-subject", ""),
            time=time,
            nats_subject=nats_subject,
            data=data,
        )
    except (KeyError, ValueError) as exc:
        raise ValueError(f"not a CloudEvents binary-mode message: {exc}") from exc


def event_livemode(payload: Message) -> bool:
    """An event's `optional bool livemode` (test mode): false only when set false. Events
    written before test mode leave it unset, and they were all live."""
    return bool(payload.livemode) if payload.HasField("livemode") else True
