"""Top-up configuration, from the environment only (secrets included: never from a file in
the repository, never logged)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from platform_common.config import env_float, env_int, env_str
from services.wallet.topups.daraja import DarajaConfig
from services.wallet.topups.domain import MINOR_PER_SHILLING, TopupLimits

SANDBOX_SHORTCODE = "174379"
# The simulator's public defaults (devstack/daraja_simulator.py): test values, not secrets.
SIMULATOR_CONSUMER_KEY = "sandbox-consumer-key"
SIMULATOR_CONSUMER_SECRET = "sandbox-consumer-secret"  # noqa: S105
SIMULATOR_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"


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
    # Where test-mode (sandbox) top-ups go: the Daraja simulator, whatever `daraja` is. None:
    # test-mode top-ups are refused (never sent to the live Daraja).
    test_daraja: DarajaConfig | None = None

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
            test_daraja=simulator_config_from_env(),
        )


def simulator_config_from_env() -> DarajaConfig | None:
    """The Daraja simulator test-mode top-ups use (DARAJA_TEST_BASE_URL and, when it checks
    other values than its public sandbox defaults, DARAJA_TEST_CONSUMER_KEY, _CONSUMER_SECRET,
    _SHORTCODE, _PASSKEY); None when DARAJA_TEST_BASE_URL is unset."""
    base_url = env_str("DARAJA_TEST_BASE_URL", "-")
    if base_url == "-":
        return None
    return DarajaConfig(
        base_url=base_url,
        consumer_key=env_str("DARAJA_TEST_CONSUMER_KEY", SIMULATOR_CONSUMER_KEY),
        consumer_secret=env_str("DARAJA_TEST_CONSUMER_SECRET", SIMULATOR_CONSUMER_SECRET),
        shortcode=env_str("DARAJA_TEST_SHORTCODE", SANDBOX_SHORTCODE),
        passkey=env_str("DARAJA_TEST_PASSKEY", SIMULATOR_PASSKEY),
        timeout_seconds=env_float("DARAJA_TIMEOUT_SECONDS", 10.0),
    )
