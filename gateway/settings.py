"""Gateway process configuration, read from environment variables."""

from __future__ import annotations

from dataclasses import dataclass

from platform_common.config import (
    DEFAULT_GRPC_PORTS,
    env_float,
    env_int,
    env_str,
    service_address,
)

ONE_MIB = 1024 * 1024


@dataclass(frozen=True)
class GatewaySettings:
    """Everything the gateway process needs; tests build one directly with their own URLs."""

    database_url: str
    nats_url: str = "nats://127.0.0.1:4222"
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    admin_grpc_host: str = "127.0.0.1"
    admin_grpc_port: int = DEFAULT_GRPC_PORTS["gateway-admin"]
    inventory_addr: str = "127.0.0.1:50051"
    wallet_addr: str = "127.0.0.1:50052"
    credentials_addr: str = "127.0.0.1:50053"
    routing_addr: str = "127.0.0.1:50054"
    log_level: str = "INFO"
    shutdown_grace_seconds: float = 10.0
    # A revoked key keeps working for at most this long on each replica (see README).
    # A fallback only: revocations reach every replica's cache at once (key_revocations.py).
    auth_cache_seconds: float = 5.0
    upstream_timeout_seconds: float = 5.0
    health_timeout_seconds: float = 1.0
    # /v1/healthz is unauthenticated; caching its report keeps probes and scrapers from turning
    # into a database and gRPC load generator.
    health_cache_seconds: float = 1.0
    max_body_bytes: int = ONE_MIB
    # An in-progress idempotency record older than this is considered abandoned (the replica
    # that held it died) and may be taken over by a retry with the same request.
    idempotency_lease_seconds: float = 60.0
    idempotency_purge_interval_seconds: float = 3600.0
    # How long an idle keep-alive connection stays open: longer than clients' idle timeouts.
    http_keepalive_seconds: float = 75.0
    # Prometheus /metrics on a port of its own, never on the public one (0: not served).
    metrics_host: str = "127.0.0.1"
    metrics_port: int = 9105

    @property
    def upstream_addresses(self) -> dict[str, str]:
        return {
            "inventory": self.inventory_addr,
            "wallet": self.wallet_addr,
            "credentials": self.credentials_addr,
            "routing": self.routing_addr,
        }

    @classmethod
    def from_env(cls) -> GatewaySettings:
        return cls(
            database_url=env_str("DATABASE_URL"),
            nats_url=env_str("NATS_URL", "nats://127.0.0.1:4222"),
            http_host=env_str("GATEWAY_HOST", "127.0.0.1"),
            http_port=env_int("GATEWAY_PORT", 8080),
            admin_grpc_host=env_str("GATEWAY_ADMIN_GRPC_HOST", "127.0.0.1"),
            admin_grpc_port=env_int("GATEWAY_ADMIN_GRPC_PORT", DEFAULT_GRPC_PORTS["gateway-admin"]),
            inventory_addr=service_address("inventory"),
            wallet_addr=service_address("wallet"),
            credentials_addr=service_address("credentials"),
            routing_addr=service_address("routing"),
            log_level=env_str("LOG_LEVEL", "INFO"),
            shutdown_grace_seconds=env_float("SHUTDOWN_GRACE_SECONDS", 10.0),
            auth_cache_seconds=env_float("GATEWAY_AUTH_CACHE_SECONDS", 5.0),
            upstream_timeout_seconds=env_float("GATEWAY_UPSTREAM_TIMEOUT_SECONDS", 5.0),
            health_timeout_seconds=env_float("GATEWAY_HEALTH_TIMEOUT_SECONDS", 1.0),
            max_body_bytes=env_int("GATEWAY_MAX_BODY_BYTES", ONE_MIB),
            http_keepalive_seconds=env_float("GATEWAY_HTTP_KEEPALIVE_SECONDS", 75.0),
            metrics_host=env_str("GATEWAY_METRICS_HOST", "127.0.0.1"),
            metrics_port=env_int("GATEWAY_METRICS_PORT", 9105),
        )
