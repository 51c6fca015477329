"""The inventory's lifecycle events, built from a tenant number (payloads in
protos/sautikit/events/v1). One place, so every event names the number the same way."""

from __future__ import annotations

from platform_common.events import OutgoingEvent
from platform_common.timestamps import to_timestamp, utc_now
from sautikit.events.v1 import events_pb2
from services.inventory.holdings_repository import TenantNumberRow


def _identity(row: TenantNumberRow) -> dict[str, str]:
    return {
        "tenant_number_id": str(row.id),
        "number_id": str(row.number_id),
        "workspace_id": str(row.workspace_id),
        "e164": row.e164,
    }


def _event(subject: str, row: TenantNumberRow, payload: object) -> OutgoingEvent:
    return OutgoingEvent.of(subject, f"tenant-numbers/{row.id}", payload)  # type: ignore[arg-type]


def number_released(row: TenantNumberRow) -> OutgoingEvent:
    return _event(
        "sautikit.numbers.released",
        row,
        events_pb2.NumberReleased(**_identity(row), released_at=to_timestamp(utc_now())),
    )


def number_suspended(row: TenantNumberRow, reason: str) -> OutgoingEvent:
    return _event(
        "sautikit.numbers.suspended",
        row,
        events_pb2.NumberSuspended(
            **_identity(row),
            inbound_per_min_minor=row.inbound_per_min_minor,
            outbound_per_min_minor=row.outbound_per_min_minor,
            reason=reason,
            suspended_at=to_timestamp(utc_now()),
        ),
    )


def number_resumed(row: TenantNumberRow) -> OutgoingEvent:
    return _event(
        "sautikit.numbers.resumed",
        row,
        events_pb2.NumberResumed(
            **_identity(row),
            inbound_per_min_minor=row.inbound_per_min_minor,
            outbound_per_min_minor=row.outbound_per_min_minor,
            resumed_at=to_timestamp(utc_now()),
        ),
    )


def settings_changed(row: TenantNumberRow) -> OutgoingEvent:
    """`row` is the number after the change."""
    return _event(
        "sautikit.numbers.updated",
        row,
        events_pb2.NumberSettingsChanged(
            **_identity(row),
            inbound_per_min_minor=row.inbound_per_min_minor,
            outbound_per_min_minor=row.outbound_per_min_minor,
            allow_inbound=row.allow_inbound,
            allow_outbound=row.allow_outbound,
            changed_at=to_timestamp(utc_now()),
        ),
    )
