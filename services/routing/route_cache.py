"""A short-lived, per-process memory of ResolveRoute answers.

The voice platform asks for the same numbers over and over (every call step), and a database
round trip per question costs most of the RPC. An answer is kept for at most
`ROUTE_CACHE_SECONDS` (default 0.5 s) and dropped at once when this process changes the
number (a consumer applying a numbers.* event, or the routing API). Another replica's copy
may lag by the TTL, which is why it stays well under the 1 s within which a suspension or
release must reach ResolveRoute. Not-found answers are not kept."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Answer = TypeVar("Answer")

MAX_ENTRIES = 100_000


@dataclass
class RouteCache(Generic[Answer]):
    ttl_seconds: float
    clock: Callable[[], float] = time.monotonic
    max_entries: int = MAX_ENTRIES
    _entries: dict[str, tuple[float, Answer]] = field(default_factory=dict, init=False)

    def get(self, e164: str) -> Answer | None:
        entry = self._entries.get(e164)
        if entry is None:
            return None
        expires_at, answer = entry
        if self.clock() >= expires_at:
            del self._entries[e164]
            return None
        return answer

    def put(self, e164: str, answer: Answer) -> None:
        if self.ttl_seconds <= 0:
            return
        if len(self._entries) >= self.max_entries:
            self._drop_expired()
            if len(self._entries) >= self.max_entries:
                self._entries.clear()  # bounded memory beats a perfect hit rate
        self._entries[e164] = (self.clock() + self.ttl_seconds, answer)

    def forget(self, e164: str) -> None:
        self._entries.pop(e164, None)

    def _drop_expired(self) -> None:
        now = self.clock()
        for e164 in [k for k, (expires_at, _) in self._entries.items() if now >= expires_at]:
            del self._entries[e164]
