"""`livemode` on every object the public API returns (DESIGN.md §11).

A request acts for one tenant: a live key's workspace or a test key's sandbox workspace, and
every service answers only that tenant's objects. So an object's `livemode` is the mode of the
key that fetched it. Authentication binds that mode to the request's context; `ApiObject`, the
base of every response object, fills `livemode` from it, so no route can forget it.
"""

from __future__ import annotations

from contextvars import ContextVar

from pydantic import BaseModel, Field

_request_livemode: ContextVar[bool | None] = ContextVar("request_livemode", default=None)


def bind_livemode(livemode: bool) -> None:
    """Records the authenticated key's mode for the rest of this request."""
    _request_livemode.set(livemode)


def request_livemode() -> bool:
    """The current request's mode. Outside an authenticated request there is no object of
    either side to describe, so building one is a programming error."""
    livemode = _request_livemode.get()
    if livemode is None:
        raise RuntimeError("livemode read outside an authenticated request")
    return livemode


class ApiObject(BaseModel):
    """Base of every object in API responses: carries `livemode`."""

    livemode: bool = Field(
        default_factory=request_livemode,
        examples=[True],
        description="true: a live object (sk_live_ keys); false: a test-mode object "
        "(sk_test_ keys, the workspace's sandbox)",
    )
