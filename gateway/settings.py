"""Gateway process configuration, read from environment variables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from platform_common.config import (
    DEFAULT_GRPC_PORTS,
    ConfigError,
    env_bool,
    env_float,
    env_int,
    env_str,
    service_address,
)
from platform_common.passwords import HashParameters, ThrottlePolicy, hash_parameters_from_env

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
    # Wire timeouts (gateway/http_protocol.py): from a request's first byte until its headers
    # are complete, then until its body is; an idle keep-alive connection is closed after
    # http_keepalive_seconds, a connection that never sends a byte after the header timeout.
    http_header_timeout_seconds: float = 10.0
    http_body_timeout_seconds: float = 30.0
    # JSON bodies (gateway/body_guards.py): deeper or longer is a 400 before any parsing.
    json_max_depth: int = 32
    json_max_string_chars: int = 10_000
    # Rate limits (gateway/rate_limits.py): requests per window per API key and per source
    # address, per route class. High enough for any honest client; 429 past them.
    rate_limit_window_seconds: int = 60
    rate_limit_sync_seconds: float = 0.2
    rate_limit_search_per_key: int = 600
    rate_limit_mutations_per_key: int = 600
    rate_limit_credentials_per_key: int = 120
    rate_limit_reads_per_key: int = 3000
    rate_limit_search_per_address: int = 1200
    rate_limit_mutations_per_address: int = 1200
    rate_limit_credentials_per_address: int = 240
    rate_limit_reads_per_address: int = 6000
    # Keys the HMAC that names an address's bucket; every replica must share it. Empty: derived
    # from database_url (which every replica shares already).
    rate_limit_secret: str = ""
    # The URL clients reach this API at: the OpenAPI document's `servers` entry (and so the
    # default base URL of clients generated from it).
    public_base_url: str = "http://127.0.0.1:8080"
    # Console sessions (gateway/users): the cookie's Secure flag (false only for plain-http
    # development and tests), origins besides the gateway's own allowed to post with a
    # session, how long a session lives idle and at most, how long emailed links work.
    cookie_secure: bool = True
    console_origins: tuple[str, ...] = ()
    session_idle_seconds: float = 2 * 3600.0
    session_lifetime_seconds: float = 24 * 3600.0
    password_reset_seconds: float = 3600.0
    invitation_seconds: float = 7 * 24 * 3600.0
    # The origin emailed links point at (`<base>/console/#/reset?token=...`); empty: the
    # public_base_url. Never a request header (gateway/users/mail.py): see console_link_base_url.
    console_base_url: str = ""
    notifications_addr: str = "127.0.0.1:50056"
    # The same Argon2id parameters as SIP credentials (ARGON2_*, platform_common/passwords.py).
    hash_parameters: HashParameters = field(default_factory=HashParameters)
    hash_workers: int = 2
    # Failed sign-ins per email and per source address: the SIP credentials' throttle shape.
    signin_throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)

    @property
    def console_link_base_url(self) -> str:
        """Where emailed links point: CONSOLE_BASE_URL, else GATEWAY_PUBLIC_BASE_URL (whose
        default is `make run`'s http://127.0.0.1:8080). Configuration only, so a forged Host
        header can never send someone's reset token to another site."""
        return (self.console_base_url or self.public_base_url).rstrip("/")

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
            http_header_timeout_seconds=env_float("GATEWAY_HTTP_HEADER_TIMEOUT_SECONDS", 10.0),
            http_body_timeout_seconds=env_float("GATEWAY_HTTP_BODY_TIMEOUT_SECONDS", 30.0),
            json_max_depth=env_int("GATEWAY_JSON_MAX_DEPTH", 32),
            json_max_string_chars=env_int("GATEWAY_JSON_MAX_STRING_CHARS", 10_000),
            rate_limit_secret=env_str("GATEWAY_RATE_LIMIT_SECRET", ""),
            public_base_url=env_str("GATEWAY_PUBLIC_BASE_URL", "http://127.0.0.1:8080"),
            cookie_secure=env_bool("GATEWAY_COOKIE_SECURE", True),
            console_origins=tuple(
                o.strip().rstrip("/")
                for o in env_str("GATEWAY_CONSOLE_ORIGINS", "").split(",")
                if o.strip()
            ),
            session_idle_seconds=env_float("GATEWAY_SESSION_IDLE_SECONDS", 2 * 3600.0),
            session_lifetime_seconds=env_float("GATEWAY_SESSION_LIFETIME_SECONDS", 24 * 3600.0),
            password_reset_seconds=env_float("GATEWAY_PASSWORD_RESET_SECONDS", 3600.0),
            invitation_seconds=env_float("GATEWAY_INVITATION_SECONDS", 7 * 24 * 3600.0),
            console_base_url=origin_from_env("CONSOLE_BASE_URL", ""),
            notifications_addr=service_address("notifications"),
            hash_parameters=hash_parameters_from_env(),
            hash_workers=env_int("GATEWAY_HASH_WORKERS", 2),
            signin_throttle=ThrottlePolicy(
                free_failures=env_int("GATEWAY_SIGNIN_FREE_FAILURES", 5),
                base_delay_seconds=env_float("GATEWAY_SIGNIN_THROTTLE_BASE_SECONDS", 1.0),
                max_delay_seconds=env_float("GATEWAY_SIGNIN_THROTTLE_MAX_SECONDS", 300.0),
                forget_after_seconds=env_float("GATEWAY_SIGNIN_FAILURES_FORGET_SECONDS", 900.0),
            ),
            **_rate_limits_from_env(),
        )


def origin_from_env(name: str, default: str) -> str:
    """An http(s)://host[:port] origin (no path, query, fragment or credentials), without a
    trailing slash; `default` when unset or empty; ConfigError naming the variable otherwise."""
    value = env_str(name, default).strip().rstrip("/")
    if not value:
        return value
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        raise ConfigError(f"{name} must be an origin like https://api.example.com, got {value!r}")
    return value


def _rate_limits_from_env() -> dict[str, Any]:
    """GATEWAY_RATE_LIMIT_WINDOW_SECONDS, GATEWAY_RATE_LIMIT_SYNC_SECONDS and
    GATEWAY_RATE_LIMIT_<CLASS>_PER_KEY / _PER_ADDRESS for search, mutations, credentials and
    reads; unset ones keep their defaults."""
    defaults = GatewaySettings(database_url="")
    values: dict[str, Any] = {
        "rate_limit_window_seconds": env_int(
            "GATEWAY_RATE_LIMIT_WINDOW_SECONDS", defaults.rate_limit_window_seconds
        ),
        "rate_limit_sync_seconds": env_float(
            "GATEWAY_RATE_LIMIT_SYNC_SECONDS", defaults.rate_limit_sync_seconds
        ),
    }
    for kind in ("search", "mutations", "credentials", "reads"):
        for scope in ("key", "address"):
            name = f"rate_limit_{kind}_per_{scope}"
            values[name] = env_int(f"GATEWAY_{name.upper()}", getattr(defaults, name))
    return values
