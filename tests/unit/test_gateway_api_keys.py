"""API key format, hashing and the authentication cache (no I/O: the lookup is a fake)."""

from __future__ import annotations

import hashlib
import uuid

import pytest

from gateway.api_keys import Authenticator, Principal, hash_key, issue_key, looks_like_key


@pytest.mark.parametrize("mode", ["live", "test"])
def test_issued_key_has_the_documented_shape(mode: str) -> None:
    issued = issue_key(mode)
    assert issued.key.startswith(f"sk_{mode}_")
    assert len(issued.key) == len(f"sk_{mode}_") + 43
    assert looks_like_key(issued.key)
    assert issued.key_hash == hashlib.sha256(issued.key.encode()).hexdigest()
    assert issued.key_prefix == issued.key[:12]
    assert issued.mode == mode


def test_keys_are_random() -> None:
    keys = {issue_key("live").key for _ in range(200)}
    assert len(keys) == 200


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        issue_key("prod")


@pytest.mark.parametrize(
    "candidate",
    [
        "",
        "sk_live_",
        "sk_live_" + "a" * 42,
        "sk_live_" + "a" * 44,
        "sk_prod_" + "a" * 43,
        "pk_live_" + "a" * 43,
        "sk_live_" + "a" * 42 + "-",
        " sk_live_" + "a" * 43,
    ],
)
def test_malformed_keys_are_recognised(candidate: str) -> None:
    assert not looks_like_key(candidate)


class FakeLookup:
    def __init__(self, known: dict[str, Principal]) -> None:
        self.known = known
        self.calls: list[str] = []

    async def __call__(self, key_hash: str) -> Principal | None:
        self.calls.append(key_hash)
        return self.known.get(key_hash)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _principal() -> Principal:
    workspace_id = uuid.uuid4()
    return Principal(
        workspace_id=workspace_id,
        api_key_id=uuid.uuid4(),
        mode="live",
        organization_id=workspace_id,
        livemode=True,
    )


async def test_a_hit_is_cached_for_the_ttl_then_looked_up_again() -> None:
    key = issue_key("live").key
    principal = _principal()
    lookup = FakeLookup({hash_key(key): principal})
    clock = FakeClock()
    auth = Authenticator(lookup, ttl=30, clock=clock)

    assert await auth.authenticate(key) == principal
    clock.now += 29
    assert await auth.authenticate(key) == principal
    assert len(lookup.calls) == 1

    clock.now += 2
    lookup.known.clear()  # revoked meanwhile
    assert await auth.authenticate(key) is None
    assert len(lookup.calls) == 2


async def test_misses_are_not_cached() -> None:
    key = issue_key("live").key
    lookup = FakeLookup({})
    auth = Authenticator(lookup, ttl=30, clock=FakeClock())
    assert await auth.authenticate(key) is None
    assert await auth.authenticate(key) is None
    assert len(lookup.calls) == 2


async def test_malformed_keys_never_reach_the_database() -> None:
    lookup = FakeLookup({})
    auth = Authenticator(lookup, ttl=30)
    assert await auth.authenticate("sk_live_nope") is None
    assert await auth.authenticate("Bearer") is None
    assert lookup.calls == []


async def test_forget_drops_a_cached_key() -> None:
    key = issue_key("test").key
    lookup = FakeLookup({hash_key(key): _principal()})
    auth = Authenticator(lookup, ttl=30, clock=FakeClock())
    await auth.authenticate(key)
    auth.forget(key)
    await auth.authenticate(key)
    assert len(lookup.calls) == 2


async def test_the_cache_is_bounded() -> None:
    keys = [issue_key("live").key for _ in range(5)]
    lookup = FakeLookup({hash_key(k): _principal() for k in keys})
    auth = Authenticator(lookup, ttl=30, max_entries=3, clock=FakeClock())
    for key in keys:
        await auth.authenticate(key)
    await auth.authenticate(keys[0])  # evicted first, so looked up again
    assert len(lookup.calls) == 6
    await auth.authenticate(keys[4])  # still cached
    assert len(lookup.calls) == 6
