"""The one policy for customer callback URLs (voice_callback_url, events_url): what shape a URL
must have, and which addresses the platform refuses to send traffic to (SSRF guard).

Used twice: when a URL is saved (`check_callback_url`) and again when a delivery connects
(`forbidden_reason` on the address the connection actually uses), so a name that resolves to a
public address at save time and to 127.0.0.1 later (DNS rebinding) is still refused.

A name that does not resolve when saved is accepted: DNS can be down or not yet set up, and the
delivery-time check still guards every connection."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from platform_common.errors import FieldViolation, InvalidArgument

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host name -> the addresses it resolves to; raises HostUnresolvable when it does not resolve.
Resolver = Callable[[str], Awaitable[list[IPAddress]]]

MAX_URL_CHARS = 2048
RESOLVE_TIMEOUT_SECONDS = 2.0

_METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
        "169.254.170.2",  # AWS ECS task metadata
        "100.100.100.200",  # Alibaba Cloud
        "168.63.129.16",  # Azure wireserver
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS IMDS over IPv6
    )
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Names that mean "this machine" or a metadata service whatever DNS says (RFC 6761 localhost).
_FORBIDDEN_NAMES = frozenset({"localhost", "metadata.google.internal", "metadata"})


class InvalidCallbackUrl(InvalidArgument):
    """The URL is malformed or breaks a shape rule (scheme, userinfo, length, fragment)."""

    default_code = "validation_failed"


class UnsafeCallbackUrl(InvalidArgument):
    """The URL's host is, or resolves to, an address the platform never sends traffic to."""

    default_code = "unsafe_callback_url"


class HostUnresolvable(Exception):
    """The resolver found no address for the name (or did not answer in time)."""


def forbidden_reason(ip: IPAddress) -> str | None:
    """Why the platform must not connect to this address, or None when it may.
    IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) are judged by that address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return forbidden_reason(embedded)
        ip = ipaddress.IPv6Address(ip.packed)  # drop any zone id before comparing
    if ip in _METADATA_ADDRESSES:
        return "cloud_metadata"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return "cgnat"
    if isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local:
        return "private"
    if ip.is_private:
        return "private"
    if ip.is_reserved:
        return "reserved"
    if not ip.is_global:
        return "not_global"
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(ip.packed[12:])
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.packed[:12] == bytes(12) and int(ip) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(ip.packed[12:])
    return None


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a URL host names literally, or None for a domain name. Reads IPv4 the way
    browsers and inet_aton do: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x), the
    last filling the remaining bytes, so 2130706433, 0177.0.0.1, 0x7f.1 and 127.1 are all
    127.0.0.1. Raises ValueError for a host that is numeric but not a valid address."""
    host = host.strip()
    if host.startswith("[") and host.endswith("]"):
        return ipaddress.IPv6Address(host[1:-1])  # raises ValueError when malformed
    if ":" in host:
        return ipaddress.IPv6Address(host)
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts = parts[:-1]  # a trailing dot names the same host
    if not _looks_numeric(parts[-1]):
        return None
    if len(parts) > 4:
        raise ValueError(f"{host!r} is not a valid IPv4 address")
    numbers = [_ipv4_part(part, host) for part in parts]
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        raise ValueError(f"{host!r} is not a valid IPv4 address")
    value = last
    for index, n in enumerate(leading):
        value += n << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _looks_numeric(part: str) -> bool:
    """The WHATWG rule: a host whose last label is a number is an IPv4 address (or invalid)."""
    if part.lower().startswith("0x"):
        return all(c in "0123456789abcdefABCDEF" for c in part[2:])
    return part != "" and part.isascii() and part.isdigit()


def _ipv4_part(part: str, host: str) -> int:
    try:
        if part.lower().startswith("0x"):
            return int(part[2:] or "0", 16)
        if len(part) > 1 and part.startswith("0"):
            return int(part[1:], 8)
        if part.isascii() and part.isdigit():
            return int(part, 10)
    except ValueError:
        pass
    raise ValueError(f"{host!r} is not a valid IPv4 address")


async def system_resolver(host: str) -> list[IPAddress]:
    """The operating system's resolver (getaddrinfo), bounded in time."""
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, None, type=socket.SOCK_STREAM), RESOLVE_TIMEOUT_SECONDS
        )
    except (OSError, TimeoutError, UnicodeError) as exc:
        raise HostUnresolvable(host) from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise HostUnresolvable(host)
    return addresses


async def check_callback_url(
    url: str, *, development: bool, resolver: Resolver, field: str = "url"
) -> None:
    """Raises InvalidCallbackUrl (400 validation_failed) for a malformed URL and
    UnsafeCallbackUrl (400 unsafe_callback_url) for a forbidden host; both name `field`."""
    host = check_url_shape(url, development=development, field=field)
    if development:
        return  # local receivers on loopback are the point of development mode
    await check_host(host, resolver=resolver, field=field)


def check_url_shape(url: str, *, development: bool, field: str = "url") -> str:
    """The shape rules; returns the URL's host (lower case, without brackets)."""

    def invalid(description: str) -> InvalidCallbackUrl:
        return InvalidCallbackUrl(
            f"{field} {description}", violations=[FieldViolation(field, description)]
        )

    if len(url) > MAX_URL_CHARS:
        raise invalid(f"must be at most {MAX_URL_CHARS} characters")
    if any(c.isspace() or not c.isprintable() for c in url):
        raise invalid("must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port  # ValueError for a port that is not a number in range
    except ValueError:
        raise invalid("is not a valid URL") from None
    allowed = ("https", "http") if development else ("https",)
    if parts.scheme.lower() not in allowed:
        raise invalid("must be an https:// URL" if not development else "must be http(s)://")
    if "#" in url:
        raise invalid("must not contain a fragment (#...)")
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        raise invalid("must not contain a user name or password")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise invalid("must name a host")
    if port == 0:
        raise invalid("must not use port 0")
    try:
        parse_ip_literal(host)
    except ValueError:
        raise invalid("has a host that is not a valid address") from None
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise invalid("has a host that is not a valid name") from None
    return host


async def check_host(host: str, *, resolver: Resolver, field: str = "url") -> None:
    """Refuses a host that is, or resolves to, a forbidden address. A name that does not
    resolve passes (the delivery-time check guards the connection)."""

    def unsafe(reason: str) -> UnsafeCallbackUrl:
        description = f"must not point at a {reason.replace('_', ' ')} address"
        return UnsafeCallbackUrl(
            f"{field} {description}",
            violations=[FieldViolation(field, description)],
            metadata={"field": field, "reason": reason},
        )

    literal = parse_ip_literal(host)
    if literal is not None:
        reason = forbidden_reason(literal)
        if reason is not None:
            raise unsafe(reason)
        return
    name = host.lower().rstrip(".")
    if name in _FORBIDDEN_NAMES or name.endswith(".localhost"):
        raise unsafe("loopback" if "localhost" in name else "cloud_metadata")
    try:
        addresses = await resolver(name)
    except HostUnresolvable:
        return
    for address in addresses:
        reason = forbidden_reason(address)
        if reason is not None:
            raise unsafe(reason)
