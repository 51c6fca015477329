"""The inventory's lifecycle events, built from a tenant number (payloads in
protos/sautikit/events/v1). One place, so every event names the number the same way."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from platform_common.events import OutgoingEvent
from platform_common.timestamps import to_timestamp, utc_now
from sautikit.events.v1 import events_pb2
from services.inventory.holdings_repository import TenantNumberRow
from services.inventory.renewals.domain import UNPAID_RENTAL


def _identity(row: TenantNumberRow) -> dict[str, Any]:
    return {
        "tenant_number_id": str(row.id),
        "number_id": str(row.number_id),
        "workspace_id": str(row.workspace_id),
        "e164": row.e164,
        # Every numbers.* event says which side the number is on (false: test mode's sandbox).
        "livemode": row.livemode,
    }


def _event(subject: str, row: TenantNumberRow, payload: object) -> OutgoingEvent:
    return OutgoingEvent.of(subject, f"tenant-numbers/{row.id}", payload)  # type: ignore[arg-type]


def number_claimed(row: TenantNumberRow) -> OutgoingEvent:
    """sautikit.numbers.claimed for a holding made outside the claim saga (a trial)."""
    return _event(
        "sautikit.numbers.claimed",
        row,
        events_pb2.NumberClaimed(
            tenant_number_id=str(row.id),
            number_id=str(row.number_id),
            workspace_id=str(row.workspace_id),
            e164=row.e164,
            livemode=row.livemode,
            monthly_price_minor=row.monthly_price_minor,
            currency=row.currency,
            claimed_at=to_timestamp(row.claimed_at),
            allow_inbound=row.allow_inbound,
            allow_outbound=row.allow_outbound,
            inbound_per_min_minor=row.inbound_per_min_minor,
            outbound_per_min_minor=row.outbound_per_min_minor,
        ),
    )


def number_released(row: TenantNumberRow, reason: str = "") -> OutgoingEvent:
    """`reason`: empty for the workspace's own release, "trial_expired" when a trial ended."""
    return _event(
        "sautikit.numbers.released",
        row,
        events_pb2.NumberReleased(
            **_identity(row), released_at=to_timestamp(utc_now()), reason=reason
        ),
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
            # What the month owed costs, so the customer's email can say it.
            amount_due_minor=row.monthly_price_minor if reason == UNPAID_RENTAL else 0,
            currency=row.currency if reason == UNPAID_RENTAL else "",
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
            disabled=row.disabled,
            changed_at=to_timestamp(utc_now()),
        ),
    )


def trial_expiring(
    *,
    tenant_number_id: object,
    number_id: object,
    workspace_id: object,
    e164: str,
    trial_until: datetime,
    monthly_price_minor: int,
    currency: str,
    livemode: bool,
) -> OutgoingEvent:
    """sautikit.numbers.trial_expiring: the trial ends at `trial_until` unless claimed."""
    return OutgoingEvent.of(
        "sautikit.numbers.trial_expiring",
        f"tenant-numbers/{tenant_number_id}",
        events_pb2.NumberTrialExpiring(
            tenant_number_id=str(tenant_number_id),
            number_id=str(number_id),
            workspace_id=str(workspace_id),
            e164=e164,
            trial_until=to_timestamp(trial_until),
            monthly_price_minor=monthly_price_minor,
            currency=currency,
            livemode=livemode,
        ),
    )
