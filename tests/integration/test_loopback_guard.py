"""The guard the isolation and schemathesis suites rely on to keep their traffic on loopback:
lookups and connections elsewhere are refused before any packet leaves, and noted."""

from __future__ import annotations

import socket

import pytest

from tests.integration.loopback_guard import loopback_only


def test_lookups_and_connections_beyond_loopback_are_refused_and_noted() -> None:
    with loopback_only() as refused:
        with pytest.raises(socket.gaierror):
            socket.getaddrinfo("example.com", 443)
        with socket.socket() as sock, pytest.raises(ConnectionRefusedError):
            sock.connect(("192.0.2.1", 443))  # TEST-NET-1: never routed
        assert socket.getaddrinfo("127.0.0.1", 80)
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen()
            with socket.socket() as client:
                client.connect(server.getsockname())
    assert refused == ["lookup example.com", "connect ('192.0.2.1', 443)"]
