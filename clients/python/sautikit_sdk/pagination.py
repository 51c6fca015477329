"""Every item of a list, across pages: lists take `limit` and `cursor` and answer `data` and
`next_cursor` (absent on the last page). A list operation without a cursor (a number's SIP
credentials) is one page."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

from sautikit_api_client.types import Unset


def _takes_cursor(operation: Any) -> bool:
    return "cursor" in inspect.signature(operation.sync).parameters


def _page_parts(page: Any) -> tuple[list[Any], str | None]:
    cursor = getattr(page, "next_cursor", None)
    return list(page.data), None if isinstance(cursor, Unset) or not cursor else str(cursor)


def iterate(operation: Any, *args: Any, client: Any, **kwargs: Any) -> Iterator[Any]:
    """Yields the items of every page of a generated list operation (a module such as
    `sautikit_api_client.api.wallet.list_ledger_entries`), following `next_cursor`."""
    paged = _takes_cursor(operation)
    cursor: str | None = kwargs.pop("cursor", None)
    while True:
        if paged and cursor is not None:
            kwargs["cursor"] = cursor
        page = operation.sync(*args, client=client, **kwargs)
        items, cursor = _page_parts(page)
        yield from items
        if not paged or cursor is None:
            return


async def aiterate(operation: Any, *args: Any, client: Any, **kwargs: Any) -> AsyncIterator[Any]:
    """iterate() for the async client: uses the operation's `asyncio`."""
    paged = _takes_cursor(operation)
    cursor: str | None = kwargs.pop("cursor", None)
    while True:
        if paged and cursor is not None:
            kwargs["cursor"] = cursor
        page = await operation.asyncio(*args, client=client, **kwargs)
        items, cursor = _page_parts(page)
        for item in items:
            yield item
        if not paged or cursor is None:
            return
