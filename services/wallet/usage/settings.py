"""Call billing configuration (environment variables; see services/wallet/README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from platform_common.config import env_float, env_int
from services.wallet.usage.domain import BillingIncrements


@dataclass(frozen=True)
class UsageSettings:
    """Everything call-billing-specific; tests build one directly."""

    increments: BillingIncrements = field(default_factory=BillingIncrements)
    # Talk time one AuthorizeCall or ExtendCall reserves at most (the rest of the balance stays
    # available to other calls; a long call asks again with ExtendCall).
    slice_seconds: int = 3600
    # A reservation with no end event expires this long after its talk time would have ended
    # (ringing time and late events fit in it).
    grace: timedelta = timedelta(seconds=300)
    expiry_interval_seconds: float = 15.0
    expiry_batch: int = 500
    # sautikit.wallet.low_balance is published when the available balance falls under this.
    low_balance_threshold_minor: int = 10_000
    inventory_timeout_seconds: float = 3.0

    def __post_init__(self) -> None:
        if self.slice_seconds < self.increments.initial:
            raise ValueError("CALL_RESERVATION_SLICE_SECONDS must cover the initial increment")
        if self.low_balance_threshold_minor < 0:
            raise ValueError("LOW_BALANCE_THRESHOLD_MINOR must not be negative")

    @classmethod
    def from_env(cls) -> UsageSettings:
        defaults = cls()
        return cls(
            increments=BillingIncrements(
                initial=env_int("CALL_BILLING_INITIAL_SECONDS", defaults.increments.initial),
                subsequent=env_int(
                    "CALL_BILLING_SUBSEQUENT_SECONDS", defaults.increments.subsequent
                ),
            ),
            slice_seconds=env_int("CALL_RESERVATION_SLICE_SECONDS", defaults.slice_seconds),
            grace=timedelta(
                seconds=env_float("CALL_RESERVATION_GRACE_SECONDS", defaults.grace.total_seconds())
            ),
            expiry_interval_seconds=env_float(
                "CALL_EXPIRY_INTERVAL_SECONDS", defaults.expiry_interval_seconds
            ),
            low_balance_threshold_minor=env_int(
                "LOW_BALANCE_THRESHOLD_MINOR", defaults.low_balance_threshold_minor
            ),
            inventory_timeout_seconds=env_float(
                "INVENTORY_TIMEOUT_SECONDS", defaults.inventory_timeout_seconds
            ),
        )
