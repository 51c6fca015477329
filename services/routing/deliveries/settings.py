"""Configuration of delivery and voice callbacks (environment variables; see README.md)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from platform_common.config import env_float, env_int, env_str, require_outside_development
from services.routing.deliveries.retries import RetryPolicy
from services.routing.deliveries.secret_box import SecretBox

log = logging.getLogger(__name__)

SECRET_KEYS_VARIABLE = "WEBHOOK_SECRET_KEYS"  # noqa: S105 - a variable name


@dataclass(frozen=True)
class DeliverySettings:
    """Everything delivery-specific; tests build one directly."""

    secret_box: SecretBox = field(default_factory=SecretBox.generated)
    development: bool = False
    timeout_seconds: float = 10.0
    max_in_flight: int = 64
    max_in_flight_per_host: int = 4
    poll_interval_seconds: float = 1.0
    claim_batch: int = 64
    excerpt_bytes: int = 1024
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    voice_callback_timeout_seconds: float = 5.0
    voice_reply_max_bytes: int = 64 * 1024

    def __post_init__(self) -> None:
        if self.max_in_flight < 1 or self.max_in_flight_per_host < 1:
            raise ValueError("delivery concurrency limits must be at least 1")
        if self.timeout_seconds <= 0 or self.voice_callback_timeout_seconds <= 0:
            raise ValueError("timeouts must be positive")

    @property
    def lease_seconds(self) -> float:
        """How long a claimed attempt is ours: longer than any attempt can take."""
        return self.timeout_seconds + 30.0

    @classmethod
    def from_env(cls) -> DeliverySettings:
        defaults = cls()
        keys = os.environ.get(SECRET_KEYS_VARIABLE, "")
        development = env_str("SAUTIKIT_ENV", "production") == "development"
        if keys:
            box = SecretBox.from_config(keys)
        else:
            # Only in-process tests get here: main() refuses to serve without the variable
            # outside development (require_secret_keys).
            log.warning(
                "no WEBHOOK_SECRET_KEYS: signing secrets are sealed with a key that lives only "
                "as long as this process"
            )
            box = SecretBox.generated()
        return cls(
            secret_box=box,
            development=development,
            timeout_seconds=env_float("DELIVERY_TIMEOUT_SECONDS", defaults.timeout_seconds),
            max_in_flight=env_int("DELIVERY_MAX_IN_FLIGHT", defaults.max_in_flight),
            max_in_flight_per_host=env_int(
                "DELIVERY_MAX_IN_FLIGHT_PER_HOST", defaults.max_in_flight_per_host
            ),
            voice_callback_timeout_seconds=env_float(
                "VOICE_CALLBACK_TIMEOUT_SECONDS", defaults.voice_callback_timeout_seconds
            ),
            voice_reply_max_bytes=env_int(
                "VOICE_CALLBACK_MAX_REPLY_BYTES", defaults.voice_reply_max_bytes
            ),
        )


def require_secret_keys() -> None:
    """A serving process outside development must have WEBHOOK_SECRET_KEYS: secrets sealed
    with a throwaway key could not be opened after a restart."""
    require_outside_development(SECRET_KEYS_VARIABLE)
