"""The callback URL policy without I/O: shapes, forbidden addresses in every spelling, and names
whose (stubbed) resolution is forbidden. No test here resolves a real name or sends traffic."""

from __future__ import annotations

import ipaddress

import pytest

from services.routing.url_safety import (
    MAX_URL_CHARS,
    HostUnresolvable,
    InvalidCallbackUrl,
    IPAddress,
    UnsafeCallbackUrl,
    check_callback_url,
    forbidden_reason,
    parse_ip_literal,
)


def stub_resolver(table: dict[str, list[str]]):
    """Answers from the table; any other name does not resolve. Records what was asked."""
    asked: list[str] = []

    async def resolve(host: str) -> list[IPAddress]:
        asked.append(host)
        if host not in table:
            raise HostUnresolvable(host)
        return [ipaddress.ip_address(a) for a in table[host]]

    resolve.asked = asked  # type: ignore[attr-defined]
    return resolve


PUBLIC = stub_resolver({"ivr.example.com": ["93.184.216.34"], "evil.example": ["10.0.0.1"]})


@pytest.mark.parametrize(
    ("url", "code"),
    [
        # the must-show list
        ("http://ivr.example.com/voice", "validation_failed"),
        ("https://user:pw@ivr.example.com/voice", "validation_failed"),
        ("https://127.0.0.1/voice", "unsafe_callback_url"),
        ("https://[::1]/voice", "unsafe_callback_url"),
        ("https://169.254.169.254/latest/meta-data", "unsafe_callback_url"),
        ("https://2130706433/", "unsafe_callback_url"),
        ("https://[::ffff:10.0.0.1]/", "unsafe_callback_url"),
        ("https://evil.example/hook", "unsafe_callback_url"),
        # more spellings and ranges
        ("https://0177.0.0.1/", "unsafe_callback_url"),
        ("https://0x7f.1/", "unsafe_callback_url"),
        ("https://127.1/", "unsafe_callback_url"),
        ("https://017700000001/", "unsafe_callback_url"),
        ("https://0/", "unsafe_callback_url"),
        ("https://0.0.0.0/", "unsafe_callback_url"),
        ("https://[::]/", "unsafe_callback_url"),
        ("https://10.1.2.3/", "unsafe_callback_url"),
        ("https://172.16.0.1/", "unsafe_callback_url"),
        ("https://192.168.1.1/", "unsafe_callback_url"),
        ("https://100.64.0.1/", "unsafe_callback_url"),
        ("https://224.0.0.1/", "unsafe_callback_url"),
        ("https://[ff02::1]/", "unsafe_callback_url"),
        ("https://[fe80::1]/", "unsafe_callback_url"),
        ("https://[fd00:ec2::254]/", "unsafe_callback_url"),
        ("https://[fc00::1]/", "unsafe_callback_url"),
        ("https://[::ffff:127.0.0.1]/", "unsafe_callback_url"),
        ("https://[::ffff:7f00:1]/", "unsafe_callback_url"),
        ("https://[64:ff9b::a9fe:a9fe]/", "unsafe_callback_url"),
        ("https://[2002:a00:1::]/", "unsafe_callback_url"),
        ("https://100.100.100.200/", "unsafe_callback_url"),
        ("https://localhost/", "unsafe_callback_url"),
        ("https://api.localhost./", "unsafe_callback_url"),
        ("https://metadata.google.internal/", "unsafe_callback_url"),
        ("https://127.0.0.1./", "unsafe_callback_url"),
        # shapes
        ("https://ivr.example.com/voice#frag", "validation_failed"),
        ("https://ivr.example.com/#", "validation_failed"),
        ("https://@ivr.example.com/", "validation_failed"),
        ("https://ivr.example.com/" + "a" * MAX_URL_CHARS, "validation_failed"),
        ("ftp://ivr.example.com/", "validation_failed"),
        ("javascript:alert(1)", "validation_failed"),
        ("ivr.example.com/voice", "validation_failed"),
        ("", "validation_failed"),
        ("https:///path", "validation_failed"),
        ("https://ivr.example.com:99999/", "validation_failed"),
        ("https://ivr.example.com:0/", "validation_failed"),
        ("https://ivr.example .com/", "validation_failed"),
        ("https://ivr.example.com/\nx", "validation_failed"),
        ("https://[::1/", "validation_failed"),
        ("https://256.0.0.1/", "validation_failed"),
        ("https://1.2.3.4.5/", "validation_failed"),
        ("https://08.0.0.1/", "validation_failed"),
    ],
)
async def test_production_refuses(url: str, code: str) -> None:
    with pytest.raises((InvalidCallbackUrl, UnsafeCallbackUrl)) as refused:
        await check_callback_url(url, development=False, resolver=PUBLIC, field="events_url")
    assert refused.value.code == code
    assert [v.field for v in refused.value.violations] == ["events_url"]


@pytest.mark.parametrize(
    "url",
    [
        "https://ivr.example.com/voice",
        "https://ivr.example.com:8443/voice?x=1",
        "https://93.184.216.34/hook",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/hook",
        "https://does-not-resolve.example/hook",  # DNS failures pass when saved
        "HTTPS://IVR.EXAMPLE.COM/voice",
        "https://ivr.example.com/" + "a" * (MAX_URL_CHARS - len("https://ivr.example.com/")),
    ],
)
async def test_production_accepts(url: str) -> None:
    await check_callback_url(url, development=False, resolver=PUBLIC)


async def test_a_name_that_does_not_resolve_is_accepted_and_was_looked_up() -> None:
    resolver = stub_resolver({})
    await check_callback_url("https://ivr.example.com/voice", development=False, resolver=resolver)
    assert resolver.asked == ["ivr.example.com"]  # type: ignore[attr-defined]


async def test_one_forbidden_address_among_several_refuses_the_name() -> None:
    resolver = stub_resolver({"mixed.example": ["93.184.216.34", "::1"]})
    with pytest.raises(UnsafeCallbackUrl):
        await check_callback_url("https://mixed.example/", development=False, resolver=resolver)


async def test_development_allows_http_and_loopback_without_resolving() -> None:
    resolver = stub_resolver({})
    await check_callback_url("http://127.0.0.1:8080/hook", development=True, resolver=resolver)
    await check_callback_url("https://localhost/hook", development=True, resolver=resolver)
    assert resolver.asked == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url",
    ["ftp://x.example/", "http://user:pw@x.example/", "http://x.example/#f", "http://[::1/"],
)
async def test_development_still_enforces_shape(url: str) -> None:
    with pytest.raises(InvalidCallbackUrl):
        await check_callback_url(url, development=True, resolver=stub_resolver({}))


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("1.2.3.4.", "1.2.3.4"),
        ("[::1]", "::1"),
        ("::ffff:10.0.0.1", "::ffff:a00:1"),
        ("ivr.example.com", None),
        ("1.2.3.example", None),
        ("0x", "0.0.0.0"),
    ],
)
def test_parse_ip_literal_reads_every_spelling(host: str, expected: str | None) -> None:
    parsed = parse_ip_literal(host)
    assert (str(parsed) if parsed is not None else None) == expected


@pytest.mark.parametrize("host", ["256.1.1.1", "1.2.3.4.5", "09.1.1.1", "4294967296", "[1::x]"])
def test_parse_ip_literal_refuses_numeric_hosts_that_are_not_addresses(host: str) -> None:
    with pytest.raises(ValueError):
        parse_ip_literal(host)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("10.0.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.0.1", "private"),
        ("fd12::1", "private"),
        ("fec0::1", "private"),
        ("169.254.1.1", "link_local"),
        ("fe80::1", "link_local"),
        ("100.64.0.1", "cgnat"),
        ("100.127.255.255", "cgnat"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("169.254.169.254", "cloud_metadata"),
        ("fd00:ec2::254", "cloud_metadata"),
        ("::ffff:169.254.169.254", "cloud_metadata"),
        ("::ffff:10.0.0.1", "private"),
        ("64:ff9b::7f00:1", "loopback"),
        ("2002:7f00:1::", "loopback"),
        ("240.0.0.1", "private"),
        ("255.255.255.255", "private"),
        ("93.184.216.34", None),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
        ("::ffff:93.184.216.34", None),
    ],
)
def test_forbidden_reason(address: str, reason: str | None) -> None:
    assert forbidden_reason(ipaddress.ip_address(address)) == reason
