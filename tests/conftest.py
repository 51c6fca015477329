"""Test infrastructure: real PostgreSQL and NATS servers, started here on free ports unless
TEST_DATABASE_URL / TEST_NATS_URL point at existing ones.

Isolation: every test that asks for `database_url` gets a fresh database cloned from a
template that already holds every schema's migrations (cloning costs ~50 ms). Every test that
asks for `nats_url` gets an empty JetStream: its own server, or the shared one with the
platform's streams deleted first.
"""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import os
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client as NatsClient

from devstack.infra import (
    DEFAULT_PORT_RANGE,
    InfraError,
    NatsServer,
    PostgresServer,
    create_database,
    drop_database,
    free_port,
)
from devstack.migrate import migrate_all
from platform_common.nats_link import STREAMS


def _own_port_slice() -> None:
    """Each pytest-xdist process picks ports from a slice of its own (DEVSTACK_PORT_RANGE), so
    two test processes starting platforms at once never pick the same port: a port is only
    checked free when picked, and the other process could bind it before our server does."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... under -n
    if not worker.startswith("gw") or "DEVSTACK_PORT_RANGE" in os.environ:
        return
    index = int(worker[2:])
    count = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), index + 1)
    size = len(DEFAULT_PORT_RANGE) // count
    start = DEFAULT_PORT_RANGE.start + index * size
    os.environ["DEVSTACK_PORT_RANGE"] = f"{start}-{start + size - 1}"


_own_port_slice()


@pytest.fixture(scope="session")
def tmp_root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="sautikit-test-") as root:
        yield Path(root)


@pytest.fixture(scope="session")
def pg_admin_url(tmp_root: Path) -> Iterator[str]:
    """URL of a database we may connect to in order to create and drop test databases."""
    external = os.environ.get("TEST_DATABASE_URL")
    if external:
        yield external
        return
    server = PostgresServer(tmp_root / "pg", free_port(), durable=False)
    server.start()
    try:
        yield server.url("postgres")
    finally:
        server.stop()


def _url_for(admin_url: str, database: str) -> str:
    base, _, _ = admin_url.rpartition("/")
    return f"{base}/{database}"


@pytest.fixture(scope="session")
def template_database(pg_admin_url: str) -> Iterator[str]:
    name = f"sautikit_tpl_{uuid.uuid4().hex[:8]}"
    create_database(pg_admin_url, name)
    migrate_all(_url_for(pg_admin_url, name))
    yield name
    drop_database(pg_admin_url, name)


@pytest.fixture
def database_url(pg_admin_url: str, template_database: str) -> Iterator[str]:
    """A fresh, fully migrated database for this test only."""
    name = f"sautikit_t_{uuid.uuid4().hex[:10]}"
    create_database(pg_admin_url, name, template=template_database)
    yield _url_for(pg_admin_url, name)
    drop_database(pg_admin_url, name)


@pytest.fixture(scope="session")
def nats_server_factory(tmp_root: Path):  # type: ignore[no-untyped-def]
    started: list[NatsServer] = []

    def start(store_dir: Path | None = None, port: int | None = None) -> NatsServer:
        store = store_dir or tmp_root / f"nats-{uuid.uuid4().hex[:8]}"
        # A port we picked can be taken by another test process between the pick and
        # nats-server's bind ("address already in use"): pick again, a few times at most.
        attempts = 1 if port else 3
        for attempt in range(attempts):
            server = NatsServer(store, port or free_port())
            try:
                server.start()
            except InfraError:
                server.stop()
                if attempt == attempts - 1:
                    raise
                continue
            started.append(server)
            return server
        raise AssertionError("unreachable")

    yield start
    for server in started:
        server.stop()


async def _delete_platform_streams(url: str) -> None:
    client = await nats.connect(url)
    try:
        js = client.jetstream()
        for name in STREAMS:
            with contextlib.suppress(Exception):  # an absent stream is the goal
                await js.delete_stream(name)
    finally:
        await client.close()


@pytest.fixture
async def nats_url(nats_server_factory) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """An empty JetStream for this test."""
    external = os.environ.get("TEST_NATS_URL")
    if external:
        await _delete_platform_streams(external)
        yield external
        return
    server = nats_server_factory()
    yield server.url
    server.stop()


@pytest.fixture(scope="session", autouse=True)
async def close_leaked_nats_clients() -> AsyncIterator[None]:
    """A NATS client that a failed test or fixture never closed keeps its tasks running (read
    loop, pings, and after its server stops a reconnect loop that does not end on
    cancellation): the session's event loop would then hang forever while closing. Close every
    such client, whatever its tasks are doing, when the session ends."""
    yield
    leaked: set[NatsClient] = set()
    for task in asyncio.all_tasks():
        frame = getattr(task.get_coro(), "cr_frame", None)
        owner = frame.f_locals.get("self") if frame is not None else None
        if isinstance(owner, NatsClient) and not owner.is_closed:
            leaked.add(owner)
    for client in leaked:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(client.close(), timeout=5)


# How long a test process may take to exit once pytest is done with it. Exiting normally takes
# well under a second; gRPC's and concurrent.futures' exit hooks can wait forever on something a
# failed test left open. pytest-xdist ends its own workers 10 s after they finish; this bounds
# the process that prints the report, and a run with TEST_WORKERS=0.
EXIT_WATCHDOG_SECONDS = 120


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Arms a watchdog for the interpreter's exit: past EXIT_WATCHDOG_SECONDS it prints every
    thread's stack and ends the process with status 1. (Each test, its fixtures' teardown
    included, is bounded by pytest-timeout; this bounds what runs after the last one.)"""
    faulthandler.dump_traceback_later(EXIT_WATCHDOG_SECONDS, exit=True, file=sys.__stderr__)


async def eventually(predicate, *, timeout: float = 10.0, interval: float = 0.05):  # type: ignore[no-untyped-def]
    """Polls an async or sync predicate until it returns a truthy value; returns that value."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(interval)
