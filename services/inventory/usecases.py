"""Inventory use cases: one function each, dependencies passed explicitly."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import parse_uuid
from platform_common.paging import TimeOrderedCursor
from platform_common.timestamps import utc_now
from platform_common.uow import UnitOfWork
from services.inventory import events as lifecycle
from services.inventory import holdings_repository as holdings
from services.inventory import repository
from services.inventory.domain import (
    NumberState,
    RawNumberSpec,
    TenantNumberStatus,
    ensure_number_transition,
    ensure_tenant_transition,
    validate_import_batch,
)
from services.inventory.errors import NumberNotFound, NumberReleased, NumberUnavailable
from services.inventory.holdings_repository import AvailableNumberRow, TenantNumberRow
from services.inventory.search import SearchFilters, encode_cursor

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ImportResult:
    created: int
    unchanged: int


@dataclass(frozen=True)
class InventoryStats:
    counts: dict[NumberState, int]
    as_of: datetime


async def import_numbers(
    *, uow: UnitOfWork, numbers: Sequence[RawNumberSpec], ids: Sequence[str] = ()
) -> ImportResult:
    """Adds a batch to the pool, all or nothing: any bad row raises validation_failed and
    writes nothing; numbers already known (by e164) are left as they are. `ids`, when given,
    holds an optional fixed id per row ("" for none)."""
    fixed_ids = _fixed_ids(ids)
    # Parsing 5,000 numbers takes a few hundred ms: off the event loop, so other RPCs go on.
    specs = await asyncio.to_thread(validate_import_batch, numbers)
    specs = [replace(spec, id=fixed_ids.get(index)) for index, spec in enumerate(specs)]
    async with uow:
        created = await repository.insert_new_numbers(uow.conn, specs)
        await uow.commit()
    result = ImportResult(created=created, unchanged=len(specs) - created)
    log.info(
        "numbers imported",
        extra={"numbers_created": result.created, "numbers_unchanged": result.unchanged},
    )
    return result


def _fixed_ids(ids: Sequence[str]) -> dict[int, uuid.UUID]:
    fixed: dict[int, uuid.UUID] = {}
    violations = []
    for index, raw in enumerate(ids):
        if not raw:
            continue
        parsed = parse_uuid(raw)
        if parsed is None:
            violations.append(FieldViolation(f"numbers[{index}].id", "must be a UUID"))
        else:
            fixed[index] = parsed
    if violations:
        raise InvalidArgument("some numbers have a malformed id", violations=violations)
    return fixed


async def get_inventory_stats(*, uow: UnitOfWork) -> InventoryStats:
    """How many numbers are in each state right now."""
    async with uow:
        counts = await repository.count_numbers_by_state(uow.conn)
    return InventoryStats(counts=counts, as_of=utc_now())


# --- Search and the workspace's numbers -------------------------------------------------


@dataclass(frozen=True)
class SearchPage:
    numbers: list[AvailableNumberRow]
    next_cursor: str | None


async def search_available_numbers(*, uow: UnitOfWork, filters: SearchFilters) -> SearchPage:
    """Available numbers matching the filters, in e164 order; an empty page when none match."""
    async with uow:
        rows = await holdings.search_available(uow.conn, filters)
    page = rows[: filters.limit]
    next_cursor = encode_cursor(page[-1].e164) if len(rows) > filters.limit else None
    return SearchPage(page, next_cursor)


async def get_tenant_number(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, ref: uuid.UUID
) -> TenantNumberRow:
    """One of the workspace's numbers; another workspace's is not found, never forbidden."""
    async with uow:
        row = await holdings.find_tenant_number(uow.conn, workspace_id=workspace_id, ref=ref)
    if row is None:
        raise NumberNotFound("no such number in this workspace")
    return row


async def get_tenant_number_by_e164(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, e164: str
) -> TenantNumberRow:
    """The workspace's holding of an E.164 (current, else latest); never another's."""
    async with uow:
        row = await holdings.find_holding_of_e164(uow.conn, workspace_id=workspace_id, e164=e164)
    if row is None:
        raise NumberNotFound("no such number in this workspace")
    return row


@dataclass(frozen=True)
class TenantNumbersPage:
    numbers: list[TenantNumberRow]
    next_cursor: str | None


async def list_tenant_numbers(
    *,
    uow: UnitOfWork,
    workspace_id: uuid.UUID,
    status: TenantNumberStatus | None,
    limit: int,
    cursor: str,
    trials_only: bool = False,
    disabled: bool | None = None,
) -> TenantNumbersPage:
    if limit == 0:
        limit = 20
    if not 1 <= limit <= 100:
        raise InvalidArgument(
            "limit must be between 1 and 100",
            violations=[FieldViolation("limit", "must be between 1 and 100")],
        )
    after = TimeOrderedCursor.decode(cursor)
    before = (after.at, after.id) if after else None
    async with uow:
        rows = await holdings.list_tenant_numbers(
            uow.conn,
            workspace_id=workspace_id,
            status=status,
            trials_only=trials_only,
            disabled=disabled,
            before=before,
            limit=limit,
        )
    page = rows[:limit]
    next_cursor = (
        TimeOrderedCursor(page[-1].claimed_at, page[-1].id).encode() if len(rows) > limit else None
    )
    return TenantNumbersPage(page, next_cursor)


async def update_tenant_number(
    *,
    uow: UnitOfWork,
    workspace_id: uuid.UUID,
    ref: uuid.UUID,
    allow_inbound: bool | None,
    allow_outbound: bool | None,
    disabled: bool | None = None,
) -> TenantNumberRow:
    """Changes allow_inbound / allow_outbound / disabled of a number the workspace holds. The
    disabled switch leaves status, billing and renewals alone."""
    async with uow:
        row = await holdings.find_tenant_number(uow.conn, workspace_id=workspace_id, ref=ref)
        if row is None:
            raise NumberNotFound("no such number in this workspace")
        changed = await holdings.update_settings(
            uow.conn,
            tenant_number_id=row.id,
            allow_inbound=allow_inbound,
            allow_outbound=allow_outbound,
            disabled=disabled,
        )
        if not changed:
            raise NumberReleased("this number was released; its settings can no longer change")
        updated = await holdings.find_tenant_number(uow.conn, workspace_id=None, ref=row.id)
        assert updated is not None
        uow.emit(lifecycle.settings_changed(updated))
        await uow.commit()
    return updated


async def release_number(
    *, uow: UnitOfWork, workspace_id: uuid.UUID, ref: uuid.UUID
) -> TenantNumberRow:
    """Stops billing now and returns the number to the pool. Releasing twice answers the
    released number again (DELETE is idempotent)."""
    async with uow:
        row = await holdings.find_tenant_number(uow.conn, workspace_id=workspace_id, ref=ref)
        if row is None:
            raise NumberNotFound("no such number in this workspace")
        if row.status == TenantNumberStatus.RELEASED.value:
            return row
        ensure_tenant_transition(TenantNumberStatus(row.status), TenantNumberStatus.RELEASED)
        released = await holdings.change_status(
            uow.conn,
            tenant_number_id=row.id,
            from_statuses=(TenantNumberStatus.ACTIVE, TenantNumberStatus.SUSPENDED),
            to=TenantNumberStatus.RELEASED,
        )
        if released:
            # assigned -> released -> available: no quarantine, so both steps happen here.
            ensure_number_transition(NumberState.ASSIGNED, NumberState.RELEASED)
            ensure_number_transition(NumberState.RELEASED, NumberState.AVAILABLE)
            await holdings.return_to_pool(uow.conn, number_id=row.number_id)
            uow.emit(lifecycle.number_released(row))
        after = await holdings.find_tenant_number(uow.conn, workspace_id=None, ref=row.id)
        await uow.commit()
    assert after is not None
    return after


async def suspend_number(
    *, uow: UnitOfWork, tenant_number_id: uuid.UUID, reason: str
) -> TenantNumberRow:
    """Operator action (also the renewal job's when a wallet cannot pay): active -> suspended."""
    return await _change_status(
        uow=uow,
        tenant_number_id=tenant_number_id,
        to=TenantNumberStatus.SUSPENDED,
        reason=reason or "suspended by operator",
    )


async def resume_number(*, uow: UnitOfWork, tenant_number_id: uuid.UUID) -> TenantNumberRow:
    """Operator action: suspended -> active."""
    return await _change_status(
        uow=uow, tenant_number_id=tenant_number_id, to=TenantNumberStatus.ACTIVE, reason=None
    )


async def _change_status(
    *, uow: UnitOfWork, tenant_number_id: uuid.UUID, to: TenantNumberStatus, reason: str | None
) -> TenantNumberRow:
    async with uow:
        row = await holdings.find_tenant_number(uow.conn, workspace_id=None, ref=tenant_number_id)
        if row is None:
            raise NumberNotFound("no such tenant number")
        current = TenantNumberStatus(row.status)
        ensure_tenant_transition(current, to)
        if not await holdings.change_status(
            uow.conn, tenant_number_id=row.id, from_statuses=(current,), to=to, reason=reason
        ):
            raise NumberUnavailable("the number changed meanwhile; retry")
        uow.emit(
            lifecycle.number_suspended(row, reason or "")
            if to is TenantNumberStatus.SUSPENDED
            else lifecycle.number_resumed(row)
        )
        after = await holdings.find_tenant_number(uow.conn, workspace_id=None, ref=row.id)
        await uow.commit()
    assert after is not None
    return after
