"""free_port: the ~20 ports of one platform are picked one by one and only checked free, not
held, until their servers bind them; the same port must never be handed out twice meanwhile,
and each parallel test process keeps to its own slice (DEVSTACK_PORT_RANGE)."""

from __future__ import annotations

import os
import socket

import pytest

from devstack import infra

CANDIDATES = range(29990, 30000)


def free_now() -> list[int]:
    """The candidate ports nothing holds right now (a server of this test process might)."""
    free = []
    for port in CANDIDATES:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            free.append(port)
    return free


def test_a_port_is_not_handed_out_twice_while_its_server_may_still_be_starting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(infra, "_handed_out", {})
    monkeypatch.setenv("DEVSTACK_PORT_RANGE", f"{CANDIDATES.start}-{CANDIDATES.stop - 1}")
    free = free_now()
    picked = [infra.free_port() for _ in free]  # nothing binds them in between
    assert sorted(picked) == free


def test_a_port_comes_back_once_its_hold_has_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_now()[0]
    monkeypatch.setenv("DEVSTACK_PORT_RANGE", f"{port}-{port}")
    monkeypatch.setattr(infra, "_handed_out", {port: -1000.0})  # handed out long ago
    assert infra.free_port() == port


def test_each_parallel_test_process_picks_from_a_slice_of_its_own() -> None:
    configured = infra._pickable_ports()
    assert configured.start >= 20000 and configured.stop <= 32768  # below the ephemeral range
    processes = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if processes > 1:  # the suite's conftest gave this process its slice
        assert len(configured) == len(infra.DEFAULT_PORT_RANGE) // processes
