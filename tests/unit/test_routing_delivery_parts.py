"""Delivery's pure parts: the connection-time guard (with a recording inner transport: nothing
is sent anywhere), the retry rules, the secret box, and the VoiceAction parser."""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from platform_common.config import ConfigError
from services.routing.callbacks.actions import InvalidActions, InvalidReplyJson, parse_actions
from services.routing.deliveries.retries import AttemptResult, RetryPolicy, Verdict
from services.routing.deliveries.secret_box import Sealed, SecretBox, shown_secret
from services.routing.deliveries.transport import GuardedTransport, UnsafeDestination
from services.routing.url_safety import HostUnresolvable, IPAddress


class Recorder(httpx.AsyncBaseTransport):
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(204)


def resolver_of(answers: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    async def resolve(host: str) -> list[IPAddress]:
        if host not in answers:
            raise HostUnresolvable(host)
        return [ipaddress.ip_address(a) for a in answers[host]]

    return resolve


async def send(url: str, answers: dict[str, list[str]], *, development: bool = False):  # type: ignore[no-untyped-def]
    recorder = Recorder()
    transport = GuardedTransport(
        resolver=resolver_of(answers), development=development, inner=recorder
    )
    async with httpx.AsyncClient(transport=transport) as client:
        await client.post(url, content=b"{}")
    return recorder.requests


async def test_the_connection_goes_to_the_checked_address_with_the_original_host_and_sni() -> None:
    [request] = await send(
        "https://hooks.example.net:8443/events?x=1", {"hooks.example.net": ["93.184.216.34"]}
    )
    assert request.url.host == "93.184.216.34" and request.url.port == 8443
    assert request.url.raw_path == b"/events?x=1"
    assert request.headers["host"] == "hooks.example.net:8443"
    assert request.extensions["sni_hostname"] == "hooks.example.net"


@pytest.mark.parametrize(
    ("url", "answers", "reason"),
    [
        ("https://a.example.net/", {"a.example.net": ["10.0.0.1"]}, "private"),
        ("https://a.example.net/", {"a.example.net": ["93.184.216.34", "127.0.0.1"]}, "loopback"),
        ("https://a.example.net/", {"a.example.net": ["::ffff:169.254.169.254"]}, "cloud_metadata"),
        ("https://a.example.net/", {"a.example.net": ["100.64.1.1"]}, "cgnat"),
        ("https://[::1]/", {}, "loopback"),
        ("https://0x7f.1/", {}, "loopback"),
        ("https://2130706433/", {}, "loopback"),
        ("https://[fe80::1]/", {}, "link_local"),
    ],
)
async def test_a_forbidden_answer_is_refused_before_any_connection(
    url: str, answers: dict[str, list[str]], reason: str
) -> None:
    recorder = Recorder()
    transport = GuardedTransport(resolver=resolver_of(answers), development=False, inner=recorder)
    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(UnsafeDestination) as refused:
            await client.post(url, content=b"{}")
    assert refused.value.reason == reason
    assert recorder.requests == []


async def test_an_octal_dotted_quad_is_refused_as_an_invalid_url_before_any_connection() -> None:
    recorder = Recorder()
    transport = GuardedTransport(resolver=resolver_of({}), development=False, inner=recorder)
    async with httpx.AsyncClient(transport=transport) as client:
        with pytest.raises(httpx.InvalidURL):
            await client.post("https://0177.0.0.1/", content=b"{}")
    assert recorder.requests == []


async def test_development_mode_allows_loopback_and_nothing_else() -> None:
    [request] = await send(
        "http://local.test:9000/", {"local.test": ["127.0.0.1"]}, development=True
    )
    assert request.url.host == "127.0.0.1"
    with pytest.raises(UnsafeDestination):
        await send("http://meta.test/", {"meta.test": ["169.254.169.254"]}, development=True)


async def test_a_name_that_does_not_resolve_is_a_connection_error() -> None:
    with pytest.raises(httpx.ConnectError):
        await send("https://nowhere.example.net/", {})


@pytest.mark.parametrize(
    ("status", "error", "verdict"),
    [
        (200, None, Verdict.DELIVERED),
        (204, None, Verdict.DELIVERED),
        (500, None, Verdict.RETRY),
        (503, None, Verdict.RETRY),
        (429, None, Verdict.RETRY),
        (None, "timeout", Verdict.RETRY),
        (None, "connection_error: ConnectError", Verdict.RETRY),
        (400, None, Verdict.GIVE_UP),
        (404, None, Verdict.GIVE_UP),
        (410, None, Verdict.GIVE_UP),
        (301, None, Verdict.GIVE_UP),
    ],
)
def test_what_each_outcome_means(status: int | None, error: str | None, verdict: Verdict) -> None:
    assert AttemptResult(status_code=status, latency_ms=1, error=error).verdict is verdict


def test_backoff_is_full_jitter_under_a_capped_exponential() -> None:
    policy = RetryPolicy(base_seconds=5, cap_seconds=600, rng=random.Random(7))
    for failures in range(1, 15):
        ceiling = min(600, 5 * 2 ** (failures - 1))
        delays = [policy.delay_seconds(failures) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) > ceiling * 0.8, "spread over the whole range"


def test_retry_after_in_seconds_or_as_a_date_sets_the_delay() -> None:
    now = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    policy = RetryPolicy()
    assert policy.next_attempt_at(now=now, failed_attempts=1, retry_after="120") == now + timedelta(
        seconds=120
    )
    dated = policy.next_attempt_at(
        now=now, failed_attempts=1, retry_after="Sun, 29 Nov 2026 12:05:00 GMT"
    )
    assert dated == now + timedelta(minutes=5)
    far = policy.next_attempt_at(now=now, failed_attempts=1, retry_after="999999999")
    assert far == now + timedelta(hours=24)
    jittered = policy.next_attempt_at(now=now, failed_attempts=1, retry_after="soon")
    assert now <= jittered <= now + timedelta(seconds=policy.base_seconds)


def test_the_secret_box_binds_each_secret_to_its_workspace_and_key_id() -> None:
    box = SecretBox.from_config(
        f"new:{base64.b64encode(b'n' * 32).decode()},old:{base64.b64encode(b'o' * 32).decode()}"
    )
    workspace, other = uuid.uuid4(), uuid.uuid4()
    sealed = box.seal(b"s" * 32, workspace_id=workspace)
    assert sealed.key_id == "new" and b"s" * 32 not in sealed.ciphertext
    assert box.open(sealed, workspace_id=workspace) == b"s" * 32
    with pytest.raises(ConfigError):
        box.open(sealed, workspace_id=other)
    with pytest.raises(ConfigError):
        box.open(Sealed("gone", sealed.nonce, sealed.ciphertext), workspace_id=workspace)
    old_only = SecretBox.from_config(f"old:{base64.b64encode(b'o' * 32).decode()}")
    assert box.open(old_only.seal(b"x", workspace_id=workspace), workspace_id=workspace) == b"x"
    assert shown_secret(b"\x00" * 32) == "whsec_" + "A" * 43 + "="


@pytest.mark.parametrize(
    "config", ["", "nokey", "k1:not-base64!", f"k1:{base64.b64encode(b'short').decode()}"]
)
def test_bad_key_configuration_is_refused(config: str) -> None:
    with pytest.raises(ConfigError):
        SecretBox.from_config(config)


def actions(document: object) -> list[str]:
    return [a.WhichOneof("action") for a in parse_actions(json.dumps(document).encode())]


def test_every_verb_parses_with_its_defaults() -> None:
    parsed = parse_actions(
        json.dumps(
            [
                {"action": "say", "text": "hi"},
                {"action": "play", "url": "https://cdn.example.com/a.mp3"},
                {"action": "get_digits"},
                {"action": "record"},
                {"action": "dial", "number": "+254722000000"},
                {"action": "reject"},
            ]
        ).encode()
    )
    say, play, digits, record, dial, reject = parsed
    assert (say.say.loop, say.say.language) == (1, "")
    assert play.play.loop == 1
    assert (digits.get_digits.max_digits, digits.get_digits.timeout_seconds) == (1, 5)
    assert digits.get_digits.finish_on_key == "#"
    assert (record.record.max_length_seconds, record.record.play_beep) == (60, True)
    assert (dial.dial.timeout_seconds, dial.dial.record) == (30, False)
    assert reject.reject.reason == "rejected"
    assert actions([{"action": "redirect", "url": "https://ivr.example.com/next"}]) == ["redirect"]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "1 to 50"),
        ([{"action": "hangup"}] * 51, "1 to 50"),
        ({"actions": []}, "JSON array"),
        (["say"], "must be an object"),
        ([{"verb": "say"}], "not a known verb"),
        ([{"action": "Say", "text": "x"}], "not a known verb"),
        ([{"action": "say"}], "actions[0].text is required"),
        ([{"action": "say", "text": ""}], "1 to 4000"),
        ([{"action": "say", "text": "x" * 4001}], "1 to 4000"),
        ([{"action": "say", "text": 5}], "must be a string"),
        ([{"action": "say", "text": "x", "loop": 0}], "between 1 and 10"),
        ([{"action": "say", "text": "x", "loop": True}], "must be an integer"),
        ([{"action": "say", "text": "x", "colour": "red"}], "not a field of say"),
        ([{"action": "play", "url": "http://cdn.example.com/a.mp3"}], "https URL"),
        ([{"action": "play", "url": "https://x/" + "a" * 2048}], "https URL"),
        ([{"action": "get_digits", "finish_on_key": "A"}], "0-9 * #"),
        ([{"action": "get_digits", "timeout_seconds": 61}], "between 1 and 60"),
        ([{"action": "dial", "number": "0722000000"}], "E.164"),
        ([{"action": "dial", "number": "+1"}], "E.164"),
        ([{"action": "dial", "number": "+254722000000", "record": "yes"}], "true or false"),
        ([{"action": "record", "max_length_seconds": 3601}], "between 1 and 3600"),
        ([{"action": "reject", "reason": "later"}], "rejected, busy"),
        ([{"action": "hangup"}, {"action": "say", "text": "x"}], "follows a hangup"),
        (
            [{"action": "redirect", "url": "https://a.example.com"}, {"action": "hangup"}],
            "follows a redirect",
        ),
    ],
)
def test_invalid_action_lists_name_the_index_and_field(document: object, message: str) -> None:
    with pytest.raises(InvalidActions, match=message.replace("[", r"\[").replace("*", r"\*")):
        parse_actions(json.dumps(document).encode())


@pytest.mark.parametrize("raw", [b"", b"<Response/>", b"[", b"\xff\xfe", b"{'a': 1}"])
def test_a_reply_that_is_not_json(raw: bytes) -> None:
    with pytest.raises(InvalidReplyJson):
        parse_actions(raw)
