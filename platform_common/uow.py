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

    `autocommit=True` (or `new_uow().one_statement()`) is for a use case that runs ONE
    statement (a read, or a single conditional UPDATE): the statement commits on its own,
    which saves the BEGIN and COMMIT/ROLLBACK round trips (two of three on such a path).
    Such a unit of work cannot emit events (they need a transaction shared with the state
    change), and several statements in it do not each see the same snapshot.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        outbox: Table,
        relay: OutboxRelay | None = None,
        *,
        autocommit: bool = False,
    ) -> None:
        self.engine = engine
        self.outbox = outbox
        self.relay = relay
        self.autocommit = autocommit
        self._conn: AsyncConnection | None = None
        self._events: list[OutgoingEvent] = []
        self._committed = False

    def one_statement(self) -> UnitOfWork:
        """This unit of work in autocommit mode (see the class docstring); returns self, so a
        use case writes `async with new_uow().one_statement() as uow:`."""
        if self._conn is not None:
            raise RuntimeError("unit of work is already open")
        self.autocommit = True
        return self

    def transactional(self) -> UnitOfWork:
        """This unit of work back in transaction mode (after a one_statement() use): a use
        case that tries one autocommitted statement first and falls back to a transaction
        writes `async with uow.transactional():`. Returns self."""
        if self._conn is not None:
            raise RuntimeError("unit of work is already open")
        self.autocommit = False
        return self

    @property
    def conn(self) -> AsyncConnection:
        if self._conn is None:
            raise RuntimeError("unit of work used outside `async with`")
        return self._conn

    async def __aenter__(self) -> UnitOfWork:
        if self._conn is not None:
            raise RuntimeError("unit of work is already open")
        self._conn = await self.engine.connect()
        if self.autocommit:
            # psycopg switches modes locally: no round trip, and the pool restores the default.
            await self._conn.execution_options(isolation_level="AUTOCOMMIT")
        else:
            await self._conn.begin()
        self._events = []
        self._committed = False
        return self

    def emit(self, event: OutgoingEvent) -> None:
        if self.autocommit:
            raise RuntimeError("an autocommit unit of work cannot emit events")
        self._events.append(event)

    async def commit(self) -> None:
        if self.autocommit:
            self._committed = True  # every statement committed as it ran
            return
        await add_events(self.conn, self.outbox, self._events)
        await self.conn.commit()
        self._committed = True
        if self._events and self.relay is not None:
            self.relay.wake()
        self._events = []

    async def rollback(self) -> None:
        if self.autocommit:
            raise RuntimeError("an autocommit unit of work has nothing to roll back")
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
