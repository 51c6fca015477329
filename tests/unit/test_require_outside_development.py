"""require_outside_development: the keys a serving process must have outside development (and
which deploy-check therefore requires in the manifests)."""

from __future__ import annotations

import pytest

from platform_common.config import ConfigError, require_outside_development


@pytest.mark.parametrize("environment", [None, "production"])
def test_refused_outside_development_without_the_variable(
    monkeypatch: pytest.MonkeyPatch, environment: str | None
) -> None:
    monkeypatch.delenv("SOME_KEYS", raising=False)
    if environment is None:
        monkeypatch.delenv("SAUTIKIT_ENV", raising=False)
    else:
        monkeypatch.setenv("SAUTIKIT_ENV", environment)
    with pytest.raises(ConfigError, match="SOME_KEYS is required outside development"):
        require_outside_development("SOME_KEYS")
    monkeypatch.setenv("SOME_KEYS", "")
    with pytest.raises(ConfigError):
        require_outside_development("SOME_KEYS")


def test_accepted_when_set_or_in_development(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAUTIKIT_ENV", "production")
    monkeypatch.setenv("SOME_KEYS", "k1:abc")
    require_outside_development("SOME_KEYS")
    monkeypatch.delenv("SOME_KEYS")
    monkeypatch.setenv("SAUTIKIT_ENV", "development")
    require_outside_development("SOME_KEYS")
