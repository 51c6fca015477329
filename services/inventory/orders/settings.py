"""Configuration of number orders (environment variables, documented in the inventory README)."""

from __future__ import annotations

from dataclasses import dataclass

from platform_common.config import env_float, env_int


@dataclass(frozen=True)
class OrderSettings:
    hold_hours: float = 48.0  # how long an order holds its number before it expires
    # Personal data of an order that ended without a number is shredded this long after it
    # ended (30 days: time to answer a dispute about the refusal).
    retention_hours: float = 720.0
    sweep_interval_seconds: float = 60.0
    sweep_batch: int = 100
    requirements_cache_seconds: float = 5.0

    @classmethod
    def from_env(cls) -> OrderSettings:
        return cls(
            hold_hours=env_float("ORDER_HOLD_HOURS", 48.0),
            retention_hours=env_float("ORDER_PERSONAL_DATA_RETENTION_HOURS", 720.0),
            sweep_interval_seconds=env_float("ORDER_SWEEP_INTERVAL_SECONDS", 60.0),
            sweep_batch=env_int("ORDER_SWEEP_BATCH", 100),
            requirements_cache_seconds=env_float("ORDER_REQUIREMENTS_CACHE_SECONDS", 5.0),
        )
