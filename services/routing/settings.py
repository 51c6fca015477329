"""Configuration of the routing API and route resolution (environment variables; see
README.md). Delivery settings live with the deliveries package."""

from __future__ import annotations

from dataclasses import dataclass

from platform_common.config import ConfigError, env_float, env_str, service_address


@dataclass(frozen=True)
class RoutingSettings:
    """Tests build one directly."""

    # SAUTIKIT_ENV=development allows http:// URLs and local hosts (loopback receivers).
    development: bool = False
    inventory_timeout_seconds: float = 3.0
    # How long a ResolveRoute answer may be reused; below 1 s so a suspension or release
    # reaches every replica's answers within the second the voice platform relies on.
    route_cache_seconds: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.inventory_timeout_seconds <= 60:
            raise ValueError("INVENTORY_TIMEOUT_SECONDS must be in (0, 60]")
        if not 0 <= self.route_cache_seconds <= 0.8:
            raise ValueError("ROUTE_CACHE_SECONDS must be between 0 and 0.8")

    @classmethod
    def from_env(cls) -> RoutingSettings:
        environment = env_str("SAUTIKIT_ENV", "production")
        if environment not in {"production", "development"}:
            raise ConfigError("SAUTIKIT_ENV must be production or development")
        return cls(
            development=environment == "development",
            inventory_timeout_seconds=env_float(
                "INVENTORY_TIMEOUT_SECONDS", cls.inventory_timeout_seconds
            ),
            route_cache_seconds=env_float("ROUTE_CACHE_SECONDS", cls.route_cache_seconds),
        )


def inventory_address() -> str:
    """INVENTORY_ADDR, for re-reading a number's current state."""
    return service_address("inventory")


def wallet_address() -> str:
    """WALLET_ADDR, for AuthorizeCall of test mode's simulated calls."""
    return service_address("wallet")
