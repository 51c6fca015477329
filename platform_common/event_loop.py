"""The event loop every process runs on: uvloop (libuv, written in Cython) where it is
installed, else the standard asyncio loop. Measured on the request paths: the loop's own
scheduling and socket handling are a visible share of each request's CPU on asyncio's pure
Python selector loop, and uvloop cuts that share several times over."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop constructor when uvloop is importable, else None (asyncio's default)."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a pinned dependency
        return None
    return uvloop.new_event_loop  # type: ignore[no-any-return]


def run(main: Coroutine[Any, Any, T]) -> T:
    """asyncio.run(main) on the platform's loop."""
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        return runner.run(main)
