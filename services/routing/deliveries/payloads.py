"""Call events as customers receive them: the JSON body POSTed to an events_url.

    {"id": "<event id>", "type": "call.completed", "created_at": "2026-...Z",
     "data": {"call_id": "...", "number": "+2547...", "from": "...", "to": "...",
              "direction": "inbound", "started_at": "...", "duration_seconds": 42, ...}}

Fields come from the protobuf payloads in protos/sautikit/events/v1/calls.proto; a timestamp
the publisher left unset is omitted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import DecodeError, Message
from google.protobuf.timestamp_pb2 import Timestamp

from platform_common.events import EventEnvelope
from sautikit.events.v1 import calls_pb2

SUBJECT_PREFIX = "sautikit.calls."
# NATS subject suffix -> (delivered type, payload message)
CALL_EVENTS: dict[str, tuple[str, type[Message]]] = {
    "started": ("call.started", calls_pb2.CallStarted),
    "answered": ("call.answered", calls_pb2.CallAnswered),
    "completed": ("call.completed", calls_pb2.CallCompleted),
    "failed": ("call.failed", calls_pb2.CallFailed),
    "recording.ready": ("call.recording.ready", calls_pb2.CallRecordingReady),
}
_DIRECTIONS = {
    calls_pb2.CALL_DIRECTION_INBOUND: "inbound",
    calls_pb2.CALL_DIRECTION_OUTBOUND: "outbound",
}


class UnknownCallEvent(ValueError):
    """A message on sautikit.calls.> that is not one of the five call events."""


@dataclass(frozen=True)
class CallEventBody:
    event_type: str
    e164: str
    body: str


def _iso(stamp: Timestamp) -> str:
    return stamp.ToDatetime(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def _fields(message: Message) -> dict[str, object]:
    data: dict[str, object] = {}
    for descriptor in message.DESCRIPTOR.fields:
        value = getattr(message, descriptor.name)
        if descriptor.message_type is not None:
            is_time = descriptor.message_type.full_name == Timestamp.DESCRIPTOR.full_name
            if is_time and message.HasField(descriptor.name):
                data[descriptor.name] = _iso(value)
            continue
        if descriptor.type == FieldDescriptor.TYPE_ENUM:
            continue
        data[descriptor.name] = value
    return data


def call_event_body(envelope: EventEnvelope) -> CallEventBody:
    """The JSON a customer receives for one call event; raises UnknownCallEvent."""
    suffix = envelope.nats_subject.removeprefix(SUBJECT_PREFIX)
    if suffix not in CALL_EVENTS or not envelope.nats_subject.startswith(SUBJECT_PREFIX):
        raise UnknownCallEvent(f"not a call event subject: {envelope.nats_subject}")
    event_type, message_type = CALL_EVENTS[suffix]
    try:
        message = envelope.parse(message_type)
    except DecodeError as exc:
        raise UnknownCallEvent(f"payload of {event_type} does not parse") from exc
    call: calls_pb2.CallParty = message.call  # type: ignore[attr-defined]
    data: dict[str, object] = {
        "call_id": call.call_id,
        "number": call.e164,
        "from": call.from_number,
        "to": call.to_number,
        "direction": _DIRECTIONS.get(call.direction, "unknown"),
    }
    data.update(_fields(message))
    body = {
        "id": str(envelope.id),
        "type": event_type,
        "created_at": envelope.time.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    return CallEventBody(event_type, call.e164, json.dumps(body, separators=(",", ":")))
