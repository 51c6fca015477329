"""Process configuration from environment variables (twelve-factor style)."""

from __future__ import annotations

import os
from dataclasses import dataclass


class ConfigError(RuntimeError):
    """A required setting is missing or malformed."""


def env_str(name: str, default: str | None = None) -> str:
    """Returns an environment variable, or the default; raises when neither exists."""
    value = os.environ.get(name, default)
    if value is None or value == "":
        if default is not None:
            return default
        raise ConfigError(f"environment variable {name} is required")
    return value


def require_outside_development(name: str) -> None:
    """Refuses to serve outside development without the variable: for keys whose absence a
    process could paper over with a throwaway value it would forget at exit. The deploy check
    reads calls to this function as "required in the manifests"."""
    if env_str("SAUTIKIT_ENV", "production") != "development" and not os.environ.get(name):
        raise ConfigError(f"{name} is required outside development")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"environment variable {name} must be an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"environment variable {name} must be a number, got {raw!r}") from exc


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"environment variable {name} must be true or false, got {raw!r}")


# Default gRPC ports of each process; devstack and the Kubernetes manifests use the same.
DEFAULT_GRPC_PORTS = {
    "inventory": 50051,
    "wallet": 50052,
    "credentials": 50053,
    "routing": 50054,
    "gateway-admin": 50055,
    "notifications": 50056,
}
DEFAULT_METRICS_PORTS = {
    "inventory": 9101,
    "wallet": 9102,
    "credentials": 9103,
    "routing": 9104,
    "notifications": 9106,
}


@dataclass(frozen=True)
class ServiceSettings:
    """Settings every gRPC service process reads."""

    service: str
    database_url: str
    nats_url: str
    grpc_host: str
    grpc_port: int
    metrics_host: str
    metrics_port: int
    log_level: str
    environment: str  # "production" or "development"
    shutdown_grace_seconds: float

    @property
    def is_development(self) -> bool:
        return self.environment == "development"

    @classmethod
    def from_env(cls, service: str) -> ServiceSettings:
        environment = env_str("SAUTIKIT_ENV", "production")
        if environment not in {"production", "development"}:
            raise ConfigError("SAUTIKIT_ENV must be production or development")
        return cls(
            service=service,
            database_url=env_str("DATABASE_URL"),
            nats_url=env_str("NATS_URL", "nats://127.0.0.1:4222"),
            grpc_host=env_str("GRPC_HOST", "0.0.0.0"),
            grpc_port=env_int("GRPC_PORT", DEFAULT_GRPC_PORTS[service]),
            metrics_host=env_str("METRICS_HOST", "0.0.0.0"),
            metrics_port=env_int("METRICS_PORT", DEFAULT_METRICS_PORTS.get(service, 0)),
            log_level=env_str("LOG_LEVEL", "INFO"),
            environment=environment,
            shutdown_grace_seconds=env_float("SHUTDOWN_GRACE_SECONDS", 10.0),
        )


def service_address(service: str) -> str:
    """The host:port a client dials for a service, e.g. WALLET_ADDR=wallet:50052."""
    key = service.upper().replace("-", "_") + "_ADDR"
    return env_str(key, f"127.0.0.1:{DEFAULT_GRPC_PORTS[service]}")
