"""The requirements in force, read from the database (every replica sees an operator's load
within `cache_seconds`), and the loading of new versions."""

from __future__ import annotations

import contextlib
import logging
import time

from platform_common.uow import UnitOfWorkFactory
from services.inventory.orders import repository
from services.inventory.orders.errors import RequirementsVersionNotNewer
from services.inventory.orders.requirements import Catalogue, default_document, parse_document

log = logging.getLogger(__name__)


class RequirementsStore:
    def __init__(self, new_uow: UnitOfWorkFactory, *, cache_seconds: float) -> None:
        self.new_uow = new_uow
        self.cache_seconds = cache_seconds
        self._current: Catalogue | None = None
        self._read_at = 0.0
        self._versions: dict[int, Catalogue] = {}

    async def current(self) -> Catalogue:
        if self._current is None or time.monotonic() - self._read_at > self.cache_seconds:
            async with self.new_uow().one_statement() as uow:
                stored = await repository.current_requirements(uow.conn)
            catalogue = parse_document(stored[1]) if stored else parse_document(default_document())
            self._current = catalogue
            self._versions[catalogue.version] = catalogue
            self._read_at = time.monotonic()
        return self._current

    async def version(self, version: int) -> Catalogue:
        """The catalogue an order was created under (orders keep their rules)."""
        if version not in self._versions:
            async with self.new_uow().one_statement() as uow:
                row = (
                    await uow.conn.execute(
                        repository.requirement_versions.select().where(
                            repository.requirement_versions.c.version == version
                        )
                    )
                ).first()
            self._versions[version] = parse_document(row.document) if row else await self.current()
        return self._versions[version]

    async def load(self, document: str, *, source: str) -> Catalogue:
        """Stores a newer version; refuses one that is not newer than what is in force."""
        catalogue = parse_document(document)
        async with self.new_uow() as uow:
            stored = await repository.insert_requirements(
                uow.conn, version=catalogue.version, document=document, source=source
            )
            await uow.commit()
        if not stored:
            raise RequirementsVersionNotNewer(
                f"version {catalogue.version} is not newer than the requirements in force"
            )
        self._current, self._read_at = catalogue, time.monotonic()
        self._versions[catalogue.version] = catalogue
        log.info("order requirements loaded", extra={"version": catalogue.version})
        return catalogue

    async def install_shipped(self) -> None:
        """At start: stores the shipped defaults if they are newer than what is stored."""
        with contextlib.suppress(RequirementsVersionNotNewer):
            await self.load(default_document(), source="shipped")
