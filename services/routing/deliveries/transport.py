"""The connection-time SSRF guard: an httpx transport that resolves the host itself, checks
every address the name resolves to with url_safety.forbidden_reason, and then connects to the
checked address (TLS still verifies the certificate for the original name via SNI), so DNS
cannot answer one thing to the check and another to the connection (no rebinding window).

In development mode loopback addresses are allowed (local receivers); nothing else changes.
"""

from __future__ import annotations

import httpx

from services.routing.url_safety import (
    HostUnresolvable,
    IPAddress,
    Resolver,
    forbidden_reason,
    parse_ip_literal,
)


class UnsafeDestination(httpx.TransportError):
    """The host is, or resolves to, an address the platform never connects to."""

    def __init__(self, host: str, reason: str) -> None:
        super().__init__(f"{host} resolves to a {reason.replace('_', ' ')} address")
        self.reason = reason


class UnresolvableHost(httpx.ConnectError):
    """The host name does not resolve."""


class GuardedTransport(httpx.AsyncBaseTransport):
    """Wraps an httpx transport; every request goes to an address checked just before."""

    def __init__(
        self,
        *,
        resolver: Resolver,
        development: bool,
        inner: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.resolver = resolver
        self.development = development
        self.inner = inner or httpx.AsyncHTTPTransport(retries=0)

    def refusal(self, address: IPAddress) -> str | None:
        if self.development and address.is_loopback:
            return None
        return forbidden_reason(address)

    async def addresses_for(self, host: str) -> list[IPAddress]:
        try:
            literal = parse_ip_literal(host)
        except ValueError as exc:
            raise UnresolvableHost(f"{host} is not a valid address") from exc
        if literal is not None:
            return [literal]
        try:
            return await self.resolver(host)
        except HostUnresolvable as exc:
            raise UnresolvableHost(f"{host} does not resolve") from exc

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        addresses = await self.addresses_for(host)
        # Every answer is checked, not just the one used: a mixed answer is a rebinding sign.
        for address in addresses:
            reason = self.refusal(address)
            if reason is not None:
                raise UnsafeDestination(host, reason)
        chosen = addresses[0]
        # The Host header was fixed from the original URL when the request was built.
        request.url = request.url.copy_with(host=str(chosen))
        if request.url.scheme == "https":
            request.extensions = {**request.extensions, "sni_hostname": host}
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
