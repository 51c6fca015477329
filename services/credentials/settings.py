"""Configuration of the credentials service (environment variables; see README.md)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from platform_common.config import env_float, env_int, service_address
from platform_common.passwords import HashParameters, ThrottlePolicy, hash_parameters_from_env


@dataclass(frozen=True)
class CredentialsSettings:
    """Everything credentials-specific; tests build one directly."""

    hash_parameters: HashParameters = field(default_factory=HashParameters)
    # argon2-cffi releases the GIL while hashing, so one thread per CPU uses every core.
    hash_workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    max_active_per_number: int = 20
    inventory_timeout_seconds: float = 3.0
    maintenance_interval_seconds: float = 60.0

    def __post_init__(self) -> None:
        if not 1 <= self.hash_workers <= 256:
            raise ValueError("HASH_WORKERS must be between 1 and 256")
        if self.max_active_per_number < 1:
            raise ValueError("MAX_ACTIVE_CREDENTIALS_PER_NUMBER must be at least 1")

    @classmethod
    def from_env(cls) -> CredentialsSettings:
        defaults = cls()
        return cls(
            hash_parameters=hash_parameters_from_env(),
            hash_workers=env_int("HASH_WORKERS", defaults.hash_workers),
            throttle=ThrottlePolicy(
                free_failures=env_int("VERIFY_FREE_FAILURES", defaults.throttle.free_failures),
                base_delay_seconds=env_float(
                    "VERIFY_THROTTLE_BASE_SECONDS", defaults.throttle.base_delay_seconds
                ),
                max_delay_seconds=env_float(
                    "VERIFY_THROTTLE_MAX_SECONDS", defaults.throttle.max_delay_seconds
                ),
                forget_after_seconds=env_float(
                    "VERIFY_FAILURES_FORGET_SECONDS", defaults.throttle.forget_after_seconds
                ),
            ),
            max_active_per_number=env_int(
                "MAX_ACTIVE_CREDENTIALS_PER_NUMBER", defaults.max_active_per_number
            ),
            inventory_timeout_seconds=env_float(
                "INVENTORY_TIMEOUT_SECONDS", defaults.inventory_timeout_seconds
            ),
        )


def inventory_address() -> str:
    """INVENTORY_ADDR, for re-reading a number's current state."""
    return service_address("inventory")
