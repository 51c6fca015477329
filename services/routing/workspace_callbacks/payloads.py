"""Numbers events as a workspace's callback receives them.

    {"id": "<event id>", "type": "number_order.updated", "created_at": "2026-...Z",
     "data": {"object": "number_order", "id": "<order id>", "version": 4,
              "status": "submitted", "status_reason": "customer_submitted", "livemode": true,
              ...},
     "links": {"self": "/v1/number-orders/<order id>"}}

`data.version` orders the events of one resource: a number order's own version (it grows with
every change), and for a number the event's time in microseconds since 1970. Delivery order is
not guaranteed (a retried event does not hold back newer ones), so receivers keep the highest
version per `data.id` and ignore older events, and GET `links.self` when in doubt.
Registration values and documents are never in a callback.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC

from google.protobuf.message import DecodeError, Message

from platform_common.events import EventEnvelope, event_livemode
from sautikit.events.v1 import events_pb2

ORDER_SUBJECT = "sautikit.numbers.order_updated"
# Subject -> (the number's status after it, payload message). "updated" is a settings change.
NUMBER_SUBJECTS: dict[str, tuple[str | None, type[Message]]] = {
    "sautikit.numbers.claimed": ("active", events_pb2.NumberClaimed),
    "sautikit.numbers.released": ("released", events_pb2.NumberReleased),
    "sautikit.numbers.suspended": ("suspended", events_pb2.NumberSuspended),
    "sautikit.numbers.resumed": ("active", events_pb2.NumberResumed),
    "sautikit.numbers.updated": (None, events_pb2.NumberSettingsChanged),
}


@dataclass(frozen=True)
class CallbackEvent:
    workspace_id: uuid.UUID
    resource_id: uuid.UUID
    e164: str
    event_type: str
    body: str


def _iso(envelope: EventEnvelope) -> str:
    return envelope.time.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _body(envelope: EventEnvelope, event_type: str, data: dict[str, object], link: str) -> str:
    return json.dumps(
        {
            "id": str(envelope.id),
            "type": event_type,
            "created_at": _iso(envelope),
            "data": data,
            "links": {"self": link},
        },
        separators=(",", ":"),
    )


def callback_event(envelope: EventEnvelope) -> CallbackEvent | None:
    """The callback for one numbers event; None for events customers do not receive."""
    try:
        if envelope.nats_subject == ORDER_SUBJECT:
            order = envelope.parse(events_pb2.NumberOrderUpdated)
            assert isinstance(order, events_pb2.NumberOrderUpdated)
            data: dict[str, object] = {
                "object": "number_order",
                "id": order.order_id,
                "version": order.version,
                "status": order.status,
                "status_reason": order.status_reason,
                "number_id": order.number_id,
                "e164": order.e164,
                "updated_at": order.updated_at.ToDatetime(tzinfo=UTC)
                .isoformat()
                .replace("+00:00", "Z"),
                "livemode": event_livemode(order),
            }
            if order.tenant_number_id:
                data["tenant_number_id"] = order.tenant_number_id
            return CallbackEvent(
                workspace_id=uuid.UUID(order.workspace_id),
                resource_id=uuid.UUID(order.order_id),
                e164=order.e164,
                event_type="number_order.updated",
                body=_body(
                    envelope, "number_order.updated", data, f"/v1/number-orders/{order.order_id}"
                ),
            )
        if envelope.nats_subject not in NUMBER_SUBJECTS:
            return None
        status, message_type = NUMBER_SUBJECTS[envelope.nats_subject]
        message = envelope.parse(message_type)
    except (DecodeError, ValueError):
        return None
    tenant_number_id = str(message.tenant_number_id)  # type: ignore[attr-defined]
    data = {
        "object": "number",
        "id": tenant_number_id,
        "version": int(envelope.time.timestamp() * 1_000_000),
        "change": envelope.nats_subject.removeprefix("sautikit.numbers."),
        "number_id": str(message.number_id),  # type: ignore[attr-defined]
        "e164": str(message.e164),  # type: ignore[attr-defined]
        "livemode": event_livemode(message),
    }
    if status is not None:
        data["status"] = status
    if isinstance(message, events_pb2.NumberSettingsChanged):
        data.update(
            allow_inbound=message.allow_inbound,
            allow_outbound=message.allow_outbound,
            disabled=message.disabled,
        )
    return CallbackEvent(
        workspace_id=uuid.UUID(str(message.workspace_id)),  # type: ignore[attr-defined]
        resource_id=uuid.UUID(tenant_number_id),
        e164=str(message.e164),  # type: ignore[attr-defined]
        event_type="number.updated",
        body=_body(envelope, "number.updated", data, f"/v1/numbers/{tenant_number_id}"),
    )
