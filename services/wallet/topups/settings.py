"""Top-up configuration, from the environment only (secrets included: never from a file in
the repository, never logged)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from platform_common.config import env_float, env_int, env_str
from services.wallet.topups.daraja import DarajaConfig
from services.wallet.topups.domain import MINOR_PER_SHILLING, TopupLimits

SANDBOX_SHORTCODE = "174379"


@dataclass(frozen=True)
class TopupSettings:
    daraja: DarajaConfig
    # Daraja posts callbacks to {public_base_url}/v1/mpesa/callbacks/{token} (the gateway).
    public_base_url: str
    limits: TopupLimits = field(default_factory=TopupLimits)
    # A pending top-up is queried this long after it started if no callback made it due.
    query_after: timedelta = timedelta(seconds=60)
    # A top-up that M-Pesa has not settled this long after it started ends FAILED.
    give_up_after: timedelta = timedelta(minutes=30)
    # Back-off between queries answered "still processing": doubles up to the maximum.
    backoff_initial: timedelta = timedelta(seconds=15)
    backoff_max: timedelta = timedelta(minutes=5)
    # How long a replica holds a claimed top-up before another may query it.
    lease: timedelta = timedelta(seconds=60)
    reconcile_interval_seconds: float = 5.0
    reconcile_batch_size: int = 50

    def callback_url(self, token: str) -> str:
        return f"{self.public_base_url.rstrip('/')}/v1/mpesa/callbacks/{token}"

    def backoff(self, attempts: int) -> timedelta:
        doubled = self.backoff_initial * (2 ** max(0, min(attempts - 1, 16)))
        return min(doubled, self.backoff_max)

    @classmethod
    def from_env(cls) -> TopupSettings | None:
        """None when DARAJA_BASE_URL is unset: top-ups are then refused as unavailable."""
        base_url = env_str("DARAJA_BASE_URL", "-")
        if base_url == "-":
            return None
        return cls(
            daraja=DarajaConfig(
                base_url=base_url,
                consumer_key=env_str("DARAJA_CONSUMER_KEY"),
                consumer_secret=env_str("DARAJA_CONSUMER_SECRET"),
                shortcode=env_str("DARAJA_SHORTCODE", SANDBOX_SHORTCODE),
                passkey=env_str("DARAJA_PASSKEY"),
                timeout_seconds=env_float("DARAJA_TIMEOUT_SECONDS", 10.0),
            ),
            public_base_url=env_str("PUBLIC_BASE_URL"),
            limits=TopupLimits(
                min_minor=env_int("TOPUP_MIN_SHILLINGS", 1) * MINOR_PER_SHILLING,
                max_minor=env_int("TOPUP_MAX_SHILLINGS", 250_000) * MINOR_PER_SHILLING,
            ),
            query_after=timedelta(seconds=env_float("TOPUP_QUERY_AFTER_SECONDS", 60)),
            give_up_after=timedelta(seconds=env_float("TOPUP_GIVE_UP_AFTER_SECONDS", 1800)),
            backoff_initial=timedelta(seconds=env_float("TOPUP_BACKOFF_INITIAL_SECONDS", 15)),
            backoff_max=timedelta(seconds=env_float("TOPUP_BACKOFF_MAX_SECONDS", 300)),
            reconcile_interval_seconds=env_float("TOPUP_RECONCILE_INTERVAL_SECONDS", 5.0),
        )
