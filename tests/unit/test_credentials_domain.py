"""Credentials domain rules without I/O: secret shapes, the hashing floor, labels, grace
periods, what a credential may do in each status, and how events about numbers are judged."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from platform_common.config import ConfigError
from platform_common.errors import InvalidArgument
from services.credentials.domain import (
    USERNAME_PATTERN,
    CredentialAction,
    HashParameters,
    NumberEvent,
    NumberView,
    Reaction,
    ThrottlePolicy,
    could_be_credential,
    ensure_credential_allows,
    new_password,
    new_username,
    react_to_settings_event,
    react_to_status_event,
    validate_grace_seconds,
    validate_label,
)
from services.credentials.errors import CredentialRevoked
from services.credentials.settings import CredentialsSettings

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def test_usernames_are_sip_safe_random_and_unique() -> None:
    names = {new_username() for _ in range(2000)}
    assert len(names) == 2000
    for name in names:
        assert len(name) == 20 and USERNAME_PATTERN.match(name)
        assert name[0].isalpha() and name == name.lower()
    assert len({name[1] for name in names}) == 36, "every letter and digit turns up"


def test_passwords_are_32_url_safe_characters_from_the_os() -> None:
    passwords = {new_password() for _ in range(2000)}
    assert len(passwords) == 2000
    alphabet = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
    for password in passwords:
        assert len(password) == 32 and set(password) <= alphabet


@pytest.mark.parametrize(
    ("username", "password", "plausible"),
    [
        ("abcdefghij0123456789", "p", True),
        ("Abcdefghij0123456789", "p", False),
        ("1bcdefghij0123456789", "p", False),
        ("short", "p", False),
        ("abcdefghij0123456789", "", False),
        ("abcdefghij0123456789", "p" * 129, False),
        ("abcdefghij01234567'9", "p", False),
    ],
)
def test_only_plausible_attempts_are_worth_a_hash(
    username: str, password: str, plausible: bool
) -> None:
    assert could_be_credential(username, password) is plausible


@pytest.mark.parametrize(
    "parameters",
    [
        {"memory_kib": 19_455},
        {"time_cost": 1},
        {"parallelism": 0},
        {"memory_kib": 8 * 1024 * 1024},
    ],
)
def test_hash_parameters_never_go_below_the_owasp_minimum(parameters: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        HashParameters(**parameters)


def test_hash_parameters_may_be_raised() -> None:
    assert HashParameters(memory_kib=65_536, time_cost=3, parallelism=2).time_cost == 3
    assert HashParameters() == HashParameters(memory_kib=19_456, time_cost=2, parallelism=1)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARGON2_MEMORY_KIB", "65536")
    monkeypatch.setenv("ARGON2_TIME_COST", "3")
    monkeypatch.setenv("HASH_WORKERS", "4")
    monkeypatch.setenv("VERIFY_FREE_FAILURES", "3")
    monkeypatch.setenv("VERIFY_THROTTLE_MAX_SECONDS", "60")
    settings = CredentialsSettings.from_env()
    assert settings.hash_parameters == HashParameters(memory_kib=65_536, time_cost=3)
    assert settings.hash_workers == 4
    assert settings.throttle.free_failures == 3 and settings.throttle.max_delay_seconds == 60

    monkeypatch.setenv("ARGON2_TIME_COST", "1")
    with pytest.raises(ValueError, match="ARGON2_TIME_COST"):
        CredentialsSettings.from_env()
    monkeypatch.setenv("ARGON2_TIME_COST", "two")
    with pytest.raises(ConfigError):
        CredentialsSettings.from_env()


def test_throttle_policy_must_be_coherent() -> None:
    with pytest.raises(ValueError):
        ThrottlePolicy(base_delay_seconds=0)
    with pytest.raises(ValueError):
        ThrottlePolicy(base_delay_seconds=10, max_delay_seconds=5)
    with pytest.raises(ValueError):
        ThrottlePolicy(max_delay_seconds=600, forget_after_seconds=60)


@pytest.mark.parametrize(
    ("label", "cleaned"),
    [("main-ivr", "main-ivr"), ("  spaced  ", "spaced"), ("", ""), ("ñandú 📞", "ñandú 📞")],
)
def test_good_labels(label: str, cleaned: str) -> None:
    assert validate_label(label) == cleaned


@pytest.mark.parametrize("label", ["x" * 101, "line\nbreak", "nul\x00", "esc\x1b[31m"])
def test_bad_labels_name_the_field(label: str) -> None:
    with pytest.raises(InvalidArgument) as raised:
        validate_label(label)
    assert [v.field for v in raised.value.violations] == ["label"]


@pytest.mark.parametrize(("grace", "ok"), [(0, True), (3600, True), (-1, False), (3601, False)])
def test_grace_seconds_range(grace: int, ok: bool) -> None:
    if ok:
        assert validate_grace_seconds(grace) == grace
    else:
        with pytest.raises(InvalidArgument):
            validate_grace_seconds(grace)


def test_a_revoked_credential_can_do_nothing() -> None:
    for action in CredentialAction:
        ensure_credential_allows("active", action)
        with pytest.raises(CredentialRevoked) as raised:
            ensure_credential_allows("revoked", action)
        assert raised.value.code == "credential_revoked"


def view(status: str, *, at: datetime = T0, inbound: bool = True, outbound: bool = True):  # type: ignore[no-untyped-def]
    return NumberView(
        tenant_number_id=uuid.uuid4(),
        workspace_id=uuid.uuid4(),
        e164="+254712345678",
        status=status,
        allow_inbound=inbound,
        allow_outbound=outbound,
        status_changed_at=at,
        settings_changed_at=at,
    )


LATER = T0 + timedelta(seconds=1)
EARLIER = T0 - timedelta(seconds=1)


@pytest.mark.parametrize(
    ("known", "event", "at", "reaction"),
    [
        (None, NumberEvent.SUSPENDED, LATER, Reaction.REREAD),
        ("active", NumberEvent.SUSPENDED, LATER, Reaction.APPLY),
        ("active", NumberEvent.SUSPENDED, T0, Reaction.APPLY),
        ("active", NumberEvent.SUSPENDED, EARLIER, Reaction.REREAD),
        ("suspended", NumberEvent.SUSPENDED, LATER, Reaction.REREAD),
        ("suspended", NumberEvent.RESUMED, LATER, Reaction.APPLY),
        ("suspended", NumberEvent.RESUMED, EARLIER, Reaction.REREAD),
        ("active", NumberEvent.RESUMED, LATER, Reaction.REREAD),
        ("released", NumberEvent.RESUMED, LATER, Reaction.IGNORE),
        ("released", NumberEvent.SUSPENDED, EARLIER, Reaction.IGNORE),
    ],
)
def test_status_events_apply_only_as_the_next_step(  # type: ignore[no-untyped-def]
    known, event, at, reaction
) -> None:
    current = view(known) if known else None
    assert react_to_status_event(current, event, at) is reaction


@pytest.mark.parametrize(
    ("known", "at", "reaction"),
    [
        (None, LATER, Reaction.REREAD),
        ("active", LATER, Reaction.APPLY),
        ("suspended", LATER, Reaction.APPLY),
        ("active", EARLIER, Reaction.REREAD),
        ("released", LATER, Reaction.IGNORE),
    ],
)
def test_settings_events(known, at, reaction) -> None:  # type: ignore[no-untyped-def]
    current = view(known) if known else None
    assert react_to_settings_event(current, at) is reaction


@pytest.mark.parametrize(
    ("status", "inbound", "outbound", "takes_calls"),
    [
        ("active", True, True, True),
        ("active", True, False, True),
        ("active", False, True, True),
        ("active", False, False, False),
        ("suspended", True, True, False),
        ("released", True, True, False),
    ],
)
def test_which_numbers_take_calls(
    status: str, inbound: bool, outbound: bool, takes_calls: bool
) -> None:
    assert view(status, inbound=inbound, outbound=outbound).takes_calls is takes_calls
