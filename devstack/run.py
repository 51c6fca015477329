"""`make run`: the whole platform on one machine, one command.

Starts PostgreSQL and NATS JetStream from their wheels under .data/ (unless DATABASE_URL /
NATS_URL point elsewhere), migrates every schema, starts the five services, the gateway, the
Daraja (M-Pesa) simulator and a local SMTP sink (emails as .eml files under .data/mail/) as
separate processes, seeds demo inventory and a funded demo
workspace, prints how to call the API, and on Ctrl-C or SIGTERM stops every process it
started. Data survives restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from devstack.daraja_simulator import SANDBOX_PASSKEY, SANDBOX_SHORTCODE
from devstack.infra import (
    NatsServer,
    PostgresServer,
    create_database,
    die_with_parent,
    free_port,
)
from devstack.migrate import migrate_all
from devstack.seed import seed_demo
from devstack.webhook_keys import order_data_keys, webhook_secret_keys
from platform_common.config import DEFAULT_GRPC_PORTS, DEFAULT_METRICS_PORTS

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("inventory", "wallet", "credentials", "routing", "notifications")


@dataclass
class Child:
    name: str
    module: str
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None


def say(message: str) -> None:
    print(f"[sautikit] {message}", flush=True)


def grpc_port(name: str) -> int:
    """The port a process binds is the one its clients dial: <NAME>_ADDR, else the default."""
    address = os.environ.get(f"{name.upper().replace('-', '_')}_ADDR")
    return int(address.rsplit(":", 1)[1]) if address else DEFAULT_GRPC_PORTS[name]


def metrics_port(name: str) -> int:
    return int(os.environ.get(f"{name.upper()}_METRICS_PORT", DEFAULT_METRICS_PORTS[name]))


def daraja_env(gateway_port: int) -> dict[str, str]:
    """Top-ups against the local Daraja simulator unless DARAJA_BASE_URL names a real Daraja.
    The sandbox credentials below are public test values, not secrets."""
    simulator_port = os.environ.get("DARAJA_SIMULATOR_PORT", "8089")
    env = {
        "DARAJA_SIMULATOR_PORT": simulator_port,
        "DARAJA_BASE_URL": os.environ.get("DARAJA_BASE_URL", f"http://127.0.0.1:{simulator_port}"),
        "DARAJA_CONSUMER_KEY": os.environ.get("DARAJA_CONSUMER_KEY", "sandbox-consumer-key"),
        "DARAJA_CONSUMER_SECRET": os.environ.get(
            "DARAJA_CONSUMER_SECRET", "sandbox-consumer-secret"
        ),
        "DARAJA_SHORTCODE": os.environ.get("DARAJA_SHORTCODE", SANDBOX_SHORTCODE),
        "DARAJA_PASSKEY": os.environ.get("DARAJA_PASSKEY", SANDBOX_PASSKEY),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL", f"http://127.0.0.1:{gateway_port}"),
        # Test-mode (sandbox) top-ups always go to the simulator, whatever Daraja is live.
        "DARAJA_TEST_BASE_URL": f"http://127.0.0.1:{simulator_port}",
    }
    if not os.environ.get("DARAJA_BASE_URL"):
        # The simulator is the live Daraja too, checking the credentials above.
        for name in ("CONSUMER_KEY", "CONSUMER_SECRET", "SHORTCODE", "PASSKEY"):
            env[f"DARAJA_TEST_{name}"] = env[f"DARAJA_{name}"]
    return env


def simulator_env(common: dict[str, str]) -> dict[str, str]:
    """Standing in for the live Daraja, the simulator checks the live side's (sandbox)
    credentials, which the wallet's test side then sends too (daraja_env). Beside a real Daraja
    it keeps its public defaults, never seeing the real credentials."""
    if not os.environ.get("DARAJA_BASE_URL"):
        return common
    real = ("DARAJA_CONSUMER_KEY", "DARAJA_CONSUMER_SECRET", "DARAJA_PASSKEY", "DARAJA_SHORTCODE")
    return {k: v for k, v in common.items() if k not in real}


def smtp_env(data: Path, gateway_port: int) -> dict[str, str]:
    """Emails go to the local SMTP sink (files in .data/mail/) unless SMTP_HOST names a real
    SMTP server (then SMTP_PORT, SMTP_SECURITY, SMTP_USERNAME, SMTP_PASSWORD apply)."""
    sink_port = os.environ.get("SMTP_SINK_PORT", "1025")
    env = {
        "SMTP_SINK_PORT": sink_port,
        "SMTP_SINK_DIR": os.environ.get("SMTP_SINK_DIR", str(data / "mail")),
        "PUBLIC_API_URL": os.environ.get("PUBLIC_API_URL", f"http://127.0.0.1:{gateway_port}"),
    }
    if not os.environ.get("SMTP_HOST"):
        env.update({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": sink_port, "SMTP_SECURITY": "none"})
    return env


def replica_count() -> int:
    """DEVSTACK_REPLICAS: how many processes of each service and of the gateway to run (default
    1), to see the platform as production runs it: replicas side by side on one database."""
    count = int(os.environ.get("DEVSTACK_REPLICAS", "1"))
    if count < 1:
        raise ValueError("DEVSTACK_REPLICAS must be 1 or more")
    return count


def replica_ports(replicas: int) -> dict[str, list[int]]:
    """Each process's ports: the first replica keeps the configured ones, the others take free
    ones. Keys: every gRPC name, and "gateway-http" for the public API."""
    gateway_port = int(os.environ.get("GATEWAY_PORT", "8080"))
    ports = {name: [grpc_port(name)] for name in (*SERVICES, "gateway-admin")}
    ports["gateway-http"] = [gateway_port]
    for extra in ports.values():
        extra.extend(free_port() for _ in range(replicas - 1))
    return ports


def client_address(ports: list[int]) -> str:
    """What clients dial: one address, or every replica's (gRPC balances round robin)."""
    if len(ports) == 1:
        return f"127.0.0.1:{ports[0]}"
    return "ipv4:" + ",".join(f"127.0.0.1:{port}" for port in ports)


def replica_name(name: str, replica: int) -> str:
    return name if replica == 0 else f"{name}-{replica + 1}"


def service_children(database_url: str, nats_url: str, ports: dict[str, list[int]]) -> list[Child]:
    gateway_port = ports["gateway-http"][0]
    common = {
        **os.environ,
        "DATABASE_URL": database_url,
        "NATS_URL": nats_url,
        "SAUTIKIT_ENV": os.environ.get("SAUTIKIT_ENV", "development"),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        "GRPC_HOST": "127.0.0.1",
        "METRICS_HOST": "127.0.0.1",
        **daraja_env(gateway_port),
        **smtp_env(data_dir(), gateway_port),
        **{
            f"{name.upper().replace('-', '_')}_ADDR": client_address(ports[name])
            for name in DEFAULT_GRPC_PORTS
        },
    }
    children = [
        Child(
            replica_name(name, replica),
            f"services.{name}.main",
            {
                **common,
                "GRPC_PORT": str(port),
                # Extra replicas serve no metrics: one scrape target per service is enough here.
                "METRICS_PORT": str(metrics_port(name)) if replica == 0 else "0",
            },
        )
        for name in SERVICES
        for replica, port in enumerate(ports[name])
    ]
    # Outside the platform, faked at the wire: M-Pesa's Daraja API. It answers live top-ups
    # unless DARAJA_BASE_URL names a real Daraja, and test-mode top-ups always.
    children.append(Child("daraja-simulator", "devstack.daraja_simulator", simulator_env(common)))
    if not os.environ.get("SMTP_HOST"):
        # Outside the platform, faked at the wire: the SMTP server customer emails go to.
        children.append(Child("smtp-sink", "devstack.smtp_sink", common))
    for replica, (http_port, admin_port) in enumerate(
        zip(ports["gateway-http"], ports["gateway-admin"], strict=True)
    ):
        children.append(
            Child(
                replica_name("gateway", replica),
                "gateway.main",
                {
                    **common,
                    "GATEWAY_HOST": os.environ.get("GATEWAY_HOST", "127.0.0.1"),
                    "GATEWAY_PORT": str(http_port),
                    "GATEWAY_ADMIN_GRPC_PORT": str(admin_port),
                    # The console's session cookie over plain http://127.0.0.1 (see README).
                    "GATEWAY_COOKIE_SECURE": os.environ.get("GATEWAY_COOKIE_SECURE", "false"),
                    # Emailed links point at the console the banner prints, whichever replica
                    # (and whatever Host header) the request came in with.
                    "CONSOLE_BASE_URL": os.environ.get(
                        "CONSOLE_BASE_URL", f"http://127.0.0.1:{gateway_port}"
                    ),
                    "GATEWAY_METRICS_HOST": "127.0.0.1",
                    "GATEWAY_METRICS_PORT": (
                        os.environ.get("GATEWAY_METRICS_PORT", "9105") if replica == 0 else "0"
                    ),
                },
            )
        )
    return children


def data_dir() -> Path:
    return Path(os.environ.get("SAUTIKIT_DATA_DIR", ROOT / ".data")).resolve()


def start_child(child: Child, logs_dir: Path) -> None:
    log_file = open(logs_dir / f"{child.name}.log", "ab")  # noqa: SIM115 - closed with the process
    child.process = subprocess.Popen(
        [sys.executable, "-m", child.module],
        env=child.env,
        cwd=ROOT,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C reaches us only; we stop children in order
        preexec_fn=die_with_parent,
    )


async def wait_serving(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while True:
            try:
                reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=1)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.aio.AioRpcError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing SERVING on port {port} after {timeout}s")
            await asyncio.sleep(0.2)


def stop_children(children: list[Child]) -> None:
    running = [c for c in children if c.process is not None and c.process.poll() is None]
    for child in running:
        assert child.process is not None
        child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 20
    for child in running:
        assert child.process is not None
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{child.name} did not stop in time; killing it")
            child.process.kill()
            child.process.wait()


def main() -> int:
    # If `make` itself is killed, we are told (SIGTERM) and clean up like on Ctrl-C.
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGTERM)
    stop_requested = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stop_requested
        stop_requested = True

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    data = data_dir()
    logs_dir = data / "logs"
    logs_dir.mkdir(parents=True, exist_ok=True)
    postgres: PostgresServer | None = None
    nats_server: NatsServer | None = None
    children: list[Child] = []
    gateway_port = int(os.environ.get("GATEWAY_PORT", "8080"))
    try:
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            postgres = PostgresServer(
                data / "postgres", int(os.environ.get("DEVSTACK_PG_PORT", "55432"))
            )
            say(f"starting PostgreSQL on 127.0.0.1:{postgres.port} (data in {postgres.data_dir})")
            postgres.start()
            create_database(postgres.url("postgres"), "sautikit")
            database_url = postgres.url("sautikit")
        nats_url = os.environ.get("NATS_URL")
        if not nats_url:
            nats_server = NatsServer(
                data / "nats", int(os.environ.get("DEVSTACK_NATS_PORT", "54222"))
            )
            say(f"starting NATS JetStream on 127.0.0.1:{nats_server.port}")
            nats_server.start()
            nats_url = nats_server.url
        say("migrating schemas")
        migrate_all(database_url)
        os.environ.setdefault("WEBHOOK_SECRET_KEYS", webhook_secret_keys(data))
        os.environ.setdefault("ORDER_DATA_KEYS", order_data_keys(data))
        ports = replica_ports(replica_count())
        # Where every replica listens, for tests and tools that talk to one replica directly.
        (data / "replicas.json").write_text(json.dumps(ports))
        children = service_children(database_url, nats_url, ports)
        # The seeding below and the CLI dial the same addresses the children bind.
        os.environ.update({k: v for k, v in children[0].env.items() if k.endswith("_ADDR")})
        for child in children:
            start_child(child, logs_dir)
        say(f"started {', '.join(c.name for c in children)} (logs in {logs_dir})")
        grpc_ports = [p for name in (*SERVICES, "gateway-admin") for p in ports[name]]

        async def wait_all() -> None:
            await asyncio.gather(*(wait_serving(p) for p in grpc_ports))

        asyncio.run(wait_all())
        demo = asyncio.run(seed_demo(data / "demo-workspace.json", database_url))
        print_banner(gateway_port, demo)
        print_console_banner(gateway_port, demo)
        restarts: dict[str, list[float]] = {c.name: [] for c in children}
        while not stop_requested:
            for child in children:
                assert child.process is not None
                if child.process.poll() is None:
                    continue
                # Like a Kubernetes restart policy: bring a crashed process back, but give up
                # on one that keeps crashing.
                recent = [t for t in restarts[child.name] if time.monotonic() - t < 60]
                log_path = logs_dir / f"{child.name}.log"
                if len(recent) >= 5:
                    say(f"{child.name} keeps exiting ({child.process.returncode}); see {log_path}")
                    return 1
                code = child.process.returncode
                say(f"{child.name} exited with {code}; restarting (log: {log_path})")
                restarts[child.name] = [*recent, time.monotonic()]
                start_child(child, logs_dir)
            time.sleep(0.5)
        say("stopping")
        return 0
    except Exception as exc:
        say(f"failed: {exc}")
        return 1
    finally:
        stop_children(children)
        if nats_server is not None:
            nats_server.stop()
        if postgres is not None:
            postgres.stop()
        say("all processes stopped")


def print_banner(gateway_port: int, demo: dict[str, str]) -> None:
    base = f"http://127.0.0.1:{gateway_port}"
    print(
        f"""
Sautikit is running.
  API:        {base}/v1      docs: {base}/v1/docs
  Health:     curl -s {base}/v1/healthz
  Workspace:  {demo["workspace_id"]}  (KES 5,000 in the wallet, 1,000 demo numbers in inventory)

  export SAUTIKIT_API_KEY={demo["api_key"]}
  curl -s {base}/v1/wallet -H "Authorization: Bearer $SAUTIKIT_API_KEY"
  curl -s "{base}/v1/numbers/available?country=KE&currency=KES" \\
    -H "Authorization: Bearer $SAUTIKIT_API_KEY"
  curl -s -X POST {base}/v1/wallet/topups -H "Authorization: Bearer $SAUTIKIT_API_KEY" \\
    -H "Content-Type: application/json" \\
    -d '{{"amount_minor": 50000, "phone": "254708374149"}}'   # M-Pesa top-up (simulated)

  Emails the platform sends (trial reminders, suspensions, receipts) land as .eml files in
  {data_dir() / "mail"}  (set SMTP_HOST to use a real SMTP server instead).

Press Ctrl-C to stop everything (data is kept in .data/).
""",
        flush=True,
    )


def print_console_banner(gateway_port: int, demo: dict[str, str]) -> None:
    """The customer console and the demo workspace's console owner (devstack/seed.py)."""
    lines = [f"Console:    http://127.0.0.1:{gateway_port}/console/"]
    if demo.get("console_email") and demo.get("console_password"):
        lines.append(
            f"  sign in as {demo['console_email']}  password {demo['console_password']}"
            "  (owner of the demo workspace)"
        )
    print("\n".join(lines) + "\n", flush=True)


if __name__ == "__main__":
    sys.exit(main())
