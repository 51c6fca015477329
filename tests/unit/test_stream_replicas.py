"""NATS_STREAM_REPLICAS: how many copies of each stream the platform asks JetStream for."""

from __future__ import annotations

import pytest

from platform_common.config import ConfigError
from platform_common.nats_link import stream_replicas


def test_one_copy_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NATS_STREAM_REPLICAS", raising=False)
    assert stream_replicas() == 1


def test_three_on_a_three_node_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NATS_STREAM_REPLICAS", "3")
    assert stream_replicas() == 3


@pytest.mark.parametrize("value", ["0", "6", "three"])
def test_outside_jetstreams_range_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("NATS_STREAM_REPLICAS", value)
    with pytest.raises(ConfigError):
        stream_replicas()
