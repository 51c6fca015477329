"""The disabled switch in each context's refusal rule: independent of status, checked after
suspension and release, so a number both suspended and disabled stays refused (as suspended)
until both are cleared."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from services.credentials.domain import NumberView as CredentialsView
from services.routing.domain import Refusal, refusal_for
from services.wallet.usage.domain import CallDirection, RefusalReason
from services.wallet.usage.domain import NumberView as CallsView
from services.wallet.usage.domain import refusal_for as call_refusal_for

NOW = datetime(2026, 11, 29, tzinfo=UTC)

# (status, disabled) -> (credentials reason, routing refusal, call refusal)
CASES = [
    ("active", False, None, Refusal.NONE, None),
    ("active", True, "number_disabled", Refusal.NUMBER_DISABLED, RefusalReason.NUMBER_DISABLED),
    (
        "suspended",
        True,
        "number_suspended",
        Refusal.NUMBER_SUSPENDED,
        RefusalReason.NUMBER_SUSPENDED,
    ),
    (
        "suspended",
        False,
        "number_suspended",
        Refusal.NUMBER_SUSPENDED,
        RefusalReason.NUMBER_SUSPENDED,
    ),
    ("released", True, "number_released", Refusal.NUMBER_RELEASED, RefusalReason.NUMBER_DISABLED),
]


@pytest.mark.parametrize(("status", "disabled", "credentials", "routing", "calls"), CASES)
def test_each_context_refuses_a_disabled_number(
    status: str,
    disabled: bool,
    credentials: str | None,
    routing: Refusal,
    calls: RefusalReason | None,
) -> None:
    ids: dict[str, Any] = {
        "tenant_number_id": uuid.uuid4(),
        "workspace_id": uuid.uuid4(),
        "e164": "+254700000001",
    }
    common: dict[str, Any] = ids | {
        "status": status,
        "allow_inbound": True,
        "allow_outbound": True,
        "status_changed_at": NOW,
        "settings_changed_at": NOW,
        "disabled": disabled,
    }
    view = CredentialsView(**common)
    assert view.refusal == credentials
    assert view.takes_calls is (credentials is None)
    assert refusal_for(status, True, disabled) is routing
    number = CallsView(**common, inbound_per_min_minor=200, outbound_per_min_minor=300)
    assert call_refusal_for(number, CallDirection.INBOUND) == calls
