"""Where the console's emailed links point comes from configuration only: CONSOLE_BASE_URL,
else GATEWAY_PUBLIC_BASE_URL (default `make run`'s http://127.0.0.1:8080)."""

from __future__ import annotations

import pytest

from gateway.settings import GatewaySettings
from platform_common.config import ConfigError


@pytest.fixture(autouse=True)
def _database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://u@127.0.0.1/db")
    monkeypatch.delenv("CONSOLE_BASE_URL", raising=False)
    monkeypatch.delenv("GATEWAY_PUBLIC_BASE_URL", raising=False)


def test_console_base_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONSOLE_BASE_URL", "https://console.example.com/")
    monkeypatch.setenv("GATEWAY_PUBLIC_BASE_URL", "https://api.example.com")
    assert GatewaySettings.from_env().console_link_base_url == "https://console.example.com"


def test_else_the_public_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_PUBLIC_BASE_URL", "https://api.example.com/")
    assert GatewaySettings.from_env().console_link_base_url == "https://api.example.com"


def test_else_the_devstack_default() -> None:
    assert GatewaySettings.from_env().console_link_base_url == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    "value",
    [
        "console.example.com",
        "ftp://console.example.com",
        "https://",
        "https://console.example.com/console",
        "https://console.example.com?x=1",
        "https://console.example.com#x",
        "https://user@console.example.com",
    ],
)
def test_console_base_url_must_be_an_origin(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CONSOLE_BASE_URL", value)
    with pytest.raises(ConfigError, match="CONSOLE_BASE_URL"):
        GatewaySettings.from_env()
