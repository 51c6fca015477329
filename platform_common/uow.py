"""Unit of work: one transaction, one commit point, outbox events stored with the data."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from platform_common.events import OutgoingEvent
from platform_common.outbox import OutboxRelay, add_events


class UnitOfWork:
    """`async with uow:` opens a transaction; it rolls back unless `await uow.commit()` ran.

    Events passed to `emit` are written to the outbox inside the same transaction at commit,
    so they exist if and only if the state change does. Reusable: each `async with` is a new
    transaction.
    """

    def __init__(
        self, engine: AsyncEngine, outbox: Table, relay: OutboxRelay | None = None
    ) -> None:
        self.engine = engine
        self.outbox = outbox
        self.relay = relay
        self._conn: AsyncConnection | None = None
        self._events: list[OutgoingEvent] = []
        self._committed = False

    @property
    def conn(self) -> AsyncConnection:
        if self._conn is None:
            raise RuntimeError("unit of work used outside `async with`")
        return self._conn

    async def __aenter__(self) -> UnitOfWork:
        if self._conn is not None:
            raise RuntimeError("unit of work is already open")
        self._conn = await self.engine.connect()
        await self._conn.begin()
        self._events = []
        self._committed = False
        return self

    def emit(self, event: OutgoingEvent) -> None:
        self._events.append(event)

    async def commit(self) -> None:
        await add_events(self.conn, self.outbox, self._events)
        await self.conn.commit()
        self._committed = True
        if self._events and self.relay is not None:
            self.relay.wake()
        self._events = []

    async def rollback(self) -> None:
        await self.conn.rollback()
        self._events = []

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if not self._committed and conn.in_transaction():
                await conn.rollback()
        finally:
            await conn.close()
            self._events = []


UnitOfWorkFactory = Callable[[], UnitOfWork]


def unit_of_work_factory(
    engine: AsyncEngine, outbox: Table, relay: OutboxRelay | None = None
) -> UnitOfWorkFactory:
    """Returns a callable making a fresh UnitOfWork per use-case call (they are not shareable
    between concurrent calls)."""

    def make() -> UnitOfWork:
        return UnitOfWork(engine, outbox, relay)

    return make
