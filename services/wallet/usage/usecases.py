"""Call billing use cases: authorize (reserve), extend, settle (call.completed), release
(call.failed), expire, and read call records. Each runs in one unit of work; money decisions
are the database's (see calls_repository)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from platform_common.errors import Unavailable
from platform_common.events import OutgoingEvent
from platform_common.ids import new_id
from platform_common.timestamps import to_timestamp
from platform_common.uow import UnitOfWork
from sautikit.events.v1 import events_pb2
from services.wallet.domain import CURRENCY, LedgerCursor
from services.wallet.repository import wallet_livemode
from services.wallet.usage import calls_repository as repo
from services.wallet.usage import numbers_repository, settle_batch
from services.wallet.usage.domain import (
    Authorization,
    CallDirection,
    CallNotFound,
    CallNotInProgress,
    CallRecord,
    CallStatus,
    NumberNotKnownYet,
    RefusalReason,
    affordable_seconds,
    cost_minor,
    crossed_low_balance,
    refusal_for,
)
from services.wallet.usage.settings import UsageSettings

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]

# A conditional reservation fails only when another transaction changed the wallet in
# between (its money moved); each retry re-reads. Far more than any real contention.
MAX_RESERVE_ATTEMPTS = 50


@dataclass(frozen=True)
class CallRequest:
    call_id: str
    e164: str
    direction: CallDirection
    from_number: str
    to_number: str
    # True for test mode's simulated call (routing's POST /v1/test/calls), never the edge's.
    simulated: bool = False


@dataclass(frozen=True)
class CallEnd:
    """What a call.completed or call.failed event says about the end of a call."""

    call_id: str
    e164: str
    direction: CallDirection | None
    from_number: str
    to_number: str
    started_at: datetime | None
    answered_at: datetime | None
    ended_at: datetime | None
    billable_seconds: int  # 0 for a failed call
    failure_reason: str | None  # set for call.failed


def low_balance_event(
    *,
    workspace_id: uuid.UUID,
    wallet: repo.WalletAfter,
    threshold: int,
    at: datetime,
    livemode: bool = True,
) -> OutgoingEvent:
    return OutgoingEvent.of(
        "sautikit.wallet.low_balance",
        f"workspaces/{workspace_id}/wallet",
        events_pb2.WalletLowBalance(
            workspace_id=str(workspace_id),
            balance_minor=wallet.balance_minor,
            available_minor=wallet.available_minor,
            threshold_minor=threshold,
            currency=wallet.currency,
            crossed_at=to_timestamp(at),
            livemode=livemode,
        ),
    )


async def _note_low_balance(
    uow: UnitOfWork,
    settings: UsageSettings,
    *,
    workspace_id: uuid.UUID,
    before: int,
    wallet: repo.WalletAfter,
    at: datetime,
) -> None:
    threshold = settings.low_balance_threshold_minor
    if crossed_low_balance(
        before_minor=before, after_minor=wallet.available_minor, threshold_minor=threshold
    ):
        uow.emit(
            low_balance_event(
                workspace_id=workspace_id,
                wallet=wallet,
                threshold=threshold,
                at=at,
                livemode=await wallet_livemode(uow.conn, workspace_id),
            )
        )


async def _reserve_up_to(
    uow: UnitOfWork,
    settings: UsageSettings,
    *,
    workspace_id: uuid.UUID,
    rate: int,
    already_seconds: int,
    already_reserved: int,
    at: datetime,
) -> tuple[int, int] | None:
    """Reserves the longest talk time beyond `already_seconds` (at most one slice more) that
    the available balance plus what the call already holds pays for. Returns (total seconds,
    total reserved) or None when not even one more increment is affordable."""
    for _ in range(MAX_RESERVE_ATTEMPTS):
        available = await repo.available_minor(uow.conn, workspace_id)
        seconds = affordable_seconds(
            money_minor=available + already_reserved,
            rate_per_min_minor=rate,
            increments=settings.increments,
            cap_seconds=already_seconds + settings.slice_seconds,
        )
        if seconds <= already_seconds:
            return None
        total = cost_minor(seconds, rate, settings.increments)
        extra = total - already_reserved
        if extra <= 0:
            return seconds, already_reserved
        wallet = await repo.reserve(uow.conn, workspace_id, extra)
        if wallet is None:
            continue  # someone else's money moved first: read again
        await _note_low_balance(
            uow,
            settings,
            workspace_id=workspace_id,
            before=wallet.available_minor + extra,
            wallet=wallet,
            at=at,
        )
        return seconds, total
    raise Unavailable("the wallet is too busy to reserve for this call; retry", code="wallet_busy")


async def authorize_call(
    *, uow: UnitOfWork, settings: UsageSettings, clock: Clock, request: CallRequest
) -> Authorization:
    """Two autocommitted statements on the usual path: who holds the number, then the whole
    decision (lock the wallet, grant, record, reserve) as one statement in the database
    (calls_repository.authorize_in_one_statement). A grant that crosses the low-balance
    threshold is left to the transactional path, which writes its event with it."""
    async with uow.one_statement():
        number = await numbers_repository.holder_of(uow.conn, request.e164)
        refusal = refusal_for(number, request.direction, simulated=request.simulated)
        if number is None:
            return await _unheld(uow, request, refusal)
        done = await repo.authorize_in_one_statement(
            uow.conn,
            values={
                "id": new_id(),
                "call_id": request.call_id,
                "workspace_id": number.workspace_id,
                "tenant_number_id": number.tenant_number_id,
                "e164": request.e164,
                "direction": request.direction.value,
                "from_number": request.from_number,
                "to_number": request.to_number,
                "rate": number.rate_for(request.direction),
                "currency": CURRENCY,
                "now": clock(),
            },
            refusal=refusal,
            cap_seconds=settings.slice_seconds,
            initial=settings.increments.initial,
            subsequent=settings.increments.subsequent,
            grace=settings.grace,
            threshold=settings.low_balance_threshold_minor,
        )
        if done.record is not None:
            record = done.record
            return Authorization(
                allowed=record.status is CallStatus.AUTHORIZED,
                refusal_reason=record.refusal_reason,
                max_duration_seconds=record.max_duration_seconds,
                reserved_minor=record.reserved_minor,
                rate_per_min_minor=record.rate_per_min_minor,
                call=record,
            )
        if not done.crosses:
            # This call id is recorded already (a repeat, or a concurrent AuthorizeCall):
            # nothing was reserved; answer with the first answer.
            first = await repo.find_by_call_id(uow.conn, request.call_id)
            if first is None:
                raise RuntimeError("call id conflicted but no record exists")
            return _replay(first)
    return await _authorize_in_transaction(
        uow=uow.transactional(), settings=settings, clock=clock, request=request
    )


async def _unheld(
    uow: UnitOfWork, request: CallRequest, refusal: RefusalReason | None
) -> Authorization:
    """The answer for a number nobody holds: the first answer if this call id was recorded
    while someone held it, else a refusal with no record (no workspace to record it for)."""
    existing = await repo.find_by_call_id(uow.conn, request.call_id)
    if existing is not None:
        return _replay(existing)
    return Authorization(
        allowed=False,
        refusal_reason=refusal,
        max_duration_seconds=0,
        reserved_minor=0,
        rate_per_min_minor=0,
        call=None,
    )


async def _authorize_in_transaction(
    *, uow: UnitOfWork, settings: UsageSettings, clock: Clock, request: CallRequest
) -> Authorization:
    """The authorization as several statements in one transaction, for the grants whose
    low-balance event must be written with them. A repeated call id is found by the insert's
    conflict, which undoes this attempt's reservation."""
    async with uow:
        number = await numbers_repository.holder_of(uow.conn, request.e164)
        refusal = refusal_for(number, request.direction, simulated=request.simulated)
        if number is None:
            return await _unheld(uow, request, refusal)
        now = clock()
        rate = number.rate_for(request.direction)
        granted: tuple[int, int] | None = None
        if refusal is None:
            granted = await _reserve_up_to(
                uow,
                settings,
                workspace_id=number.workspace_id,
                rate=rate,
                already_seconds=0,
                already_reserved=0,
                at=now,
            )
            if granted is None:
                refusal = RefusalReason.INSUFFICIENT_FUNDS
        seconds, reserved = granted or (0, 0)
        record = await repo.insert_call(
            uow.conn,
            {
                "id": new_id(),
                "call_id": request.call_id,
                "workspace_id": number.workspace_id,
                "tenant_number_id": number.tenant_number_id,
                "e164": request.e164,
                "direction": request.direction.value,
                "from_number": request.from_number,
                "to_number": request.to_number,
                "status": (CallStatus.REFUSED if refusal else CallStatus.AUTHORIZED).value,
                "refusal_reason": refusal.value if refusal else None,
                "rate_per_min_minor": rate,
                "currency": CURRENCY,
                "max_duration_seconds": seconds,
                "reserved_minor": reserved,
                "authorized_at": now,
                "expires_at": now + timedelta(seconds=seconds) + settings.grace
                if refusal is None
                else None,
            },
        )
        if record is None:
            # This call id is recorded already (a repeat, or a concurrent AuthorizeCall):
            # undo our reservation and answer with the first answer.
            await uow.rollback()
            first = await repo.find_by_call_id(uow.conn, request.call_id)
            if first is None:
                raise RuntimeError("call id conflicted but no record exists")
            return _replay(first)
        await uow.commit()
    return Authorization(
        allowed=refusal is None,
        refusal_reason=refusal,
        max_duration_seconds=seconds,
        reserved_minor=reserved,
        rate_per_min_minor=rate,
        call=record,
    )


def _replay(record: CallRecord) -> Authorization:
    return Authorization(
        allowed=record.refusal_reason is None,
        refusal_reason=record.refusal_reason,
        max_duration_seconds=record.max_duration_seconds,
        reserved_minor=record.reserved_minor,
        rate_per_min_minor=record.rate_per_min_minor,
        call=record,
        replayed=True,
    )


async def extend_call(
    *, uow: UnitOfWork, settings: UsageSettings, clock: Clock, call_id: str
) -> Authorization:
    async with uow:
        record = await repo.find_by_call_id(uow.conn, call_id, lock=True)
        if record is None:
            raise CallNotFound("no call with this call_id was authorized")
        if record.status is not CallStatus.AUTHORIZED:
            raise CallNotInProgress(f"the call is {record.status.value}; nothing to extend")
        granted = await _reserve_up_to(
            uow,
            settings,
            workspace_id=record.workspace_id,
            rate=record.rate_per_min_minor,
            already_seconds=record.max_duration_seconds,
            already_reserved=record.reserved_minor,
            at=clock(),
        )
        if granted is None:
            return Authorization(
                allowed=False,
                refusal_reason=RefusalReason.INSUFFICIENT_FUNDS,
                max_duration_seconds=record.max_duration_seconds,
                reserved_minor=record.reserved_minor,
                rate_per_min_minor=record.rate_per_min_minor,
                call=record,
            )
        seconds, reserved = granted
        updated = await repo.extend_reservation(
            uow.conn,
            record_id=record.id,
            max_duration_seconds=seconds,
            reserved_minor=reserved,
            expires_at=record.authorized_at + timedelta(seconds=seconds) + settings.grace,
        )
        await uow.commit()
    return Authorization(
        allowed=True,
        refusal_reason=None,
        max_duration_seconds=seconds,
        reserved_minor=reserved,
        rate_per_min_minor=record.rate_per_min_minor,
        call=updated,
    )


async def end_call(*, uow: UnitOfWork, settings: UsageSettings, clock: Clock, end: CallEnd) -> bool:
    """call.completed (charge the rated cost, release the rest) or call.failed (release all),
    inside the consumer's open unit of work. Exactly once per call: only a call still
    authorized or expired is closed (its row locked); the usage entry's key is unique.
    Returns whether this event closed the call."""
    if end.failure_reason is None:
        settled = await _settle(uow, settings, end)
        if settled is None and await repo.find_by_call_id(uow.conn, end.call_id) is None:
            if await _record_unauthorized(uow, end, at=clock()) is None:
                return False
            settled = await _settle(uow, settings, end)
        if settled is None:
            return False  # already settled, released or refused
        if settled.charged_minor < settled.cost_minor:
            log.warning(
                "call cost more than its reservation and the available balance",
                extra={"call_id": end.call_id, "cost": settled.cost_minor},
            )
        if settled.wallet is not None and settled.available_before_minor is not None:
            await _note_low_balance(
                uow,
                settings,
                workspace_id=settled.workspace_id,
                before=settled.available_before_minor,
                wallet=settled.wallet,
                at=clock(),
            )
        return True
    record = await repo.find_by_call_id(uow.conn, end.call_id, lock=True)
    if record is None or record.status not in (CallStatus.AUTHORIZED, CallStatus.EXPIRED):
        return False  # a failure of a call never authorized charges nothing either way
    await repo.release(uow.conn, record.workspace_id, record.reserved_minor)
    closed = await repo.close_call(
        uow.conn,
        record_id=record.id,
        values={
            "started_at": end.started_at,
            "answered_at": end.answered_at,
            "ended_at": end.ended_at,
            "status": CallStatus.FAILED.value,
            "billable_seconds": 0,
            "cost_minor": 0,
            "charged_minor": 0,
            "failure_reason": end.failure_reason,
        },
    )
    return closed is not None


async def end_calls(
    *, uow: UnitOfWork, settings: UsageSettings, clock: Clock, ends: list[CallEnd]
) -> None:
    """A batch of call.completed / call.failed ends inside the consumer's open unit of work:
    the completed calls still holding (or having held) a reservation are settled together, in
    event order (settle_batch: wallet locks held for a few statements only); every other end
    takes end_call after them. Each call ends as end_call would end it."""
    completions = [
        settle_batch.Completion(
            call_id=end.call_id,
            seconds=end.billable_seconds,
            started_at=end.started_at,
            answered_at=end.answered_at,
            ended_at=end.ended_at,
        )
        for end in ends
        if end.failure_reason is None
    ]
    settled = await settle_batch.settle_many(
        uow.conn,
        completions,
        initial=settings.increments.initial,
        subsequent=settings.increments.subsequent,
    )
    for call in settled:
        if call.charged_minor < call.cost_minor:
            log.warning(
                "call cost more than its reservation and the available balance",
                extra={"call_id": call.call_id, "cost": call.cost_minor},
            )
        await _note_low_balance(
            uow,
            settings,
            workspace_id=call.workspace_id,
            before=call.available_before_minor,
            wallet=call.wallet,
            at=clock(),
        )
    done = {call.call_id for call in settled}
    for end in ends:
        if end.failure_reason is None and end.call_id in done:
            done.discard(end.call_id)  # a later end of the same call finds it completed
            continue
        await end_call(uow=uow, settings=settings, clock=clock, end=end)


async def _settle(uow: UnitOfWork, settings: UsageSettings, end: CallEnd) -> repo.Settled | None:
    return await repo.settle_completed(
        uow.conn,
        call_id=end.call_id,
        seconds=end.billable_seconds,
        initial=settings.increments.initial,
        subsequent=settings.increments.subsequent,
        started_at=end.started_at,
        answered_at=end.answered_at,
        ended_at=end.ended_at,
        entry_id=new_id(),
    )


async def _record_unauthorized(uow: UnitOfWork, end: CallEnd, *, at: datetime) -> CallRecord | None:
    """A call that ended without an AuthorizeCall (the voice platform skipped it, or its
    record was lost): still rated, charged at most what is available, so usage is not lost.
    A number the view has never heard of raises NumberNotKnownYet (the consumer asks for
    the event again later); nothing to do for a call without a direction."""
    if end.direction is None:
        log.warning("call ended without a direction", extra={"call_id": end.call_id})
        return None
    number = await numbers_repository.holder_of(uow.conn, end.e164)
    if number is None:
        raise NumberNotKnownYet(f"no holding of the number of call {end.call_id} known yet")
    if not number.livemode:
        # Test numbers take only test mode's simulated calls, each authorized first: an end
        # without a record is one whose record test mode's purge deleted (DELETE /v1/test/data
        # while the call was in flight). Nothing real was used; recording it would bring a
        # purged call back.
        log.info("test call ended without a record", extra={"call_id": end.call_id})
        return None
    log.warning("call ended without an authorization", extra={"call_id": end.call_id})
    await repo.insert_call(
        uow.conn,
        {
            "id": new_id(),
            "call_id": end.call_id,
            "workspace_id": number.workspace_id,
            "tenant_number_id": number.tenant_number_id,
            "e164": end.e164,
            "direction": end.direction.value,
            "from_number": end.from_number,
            "to_number": end.to_number,
            "status": CallStatus.AUTHORIZED.value,
            "rate_per_min_minor": number.rate_for(end.direction),
            "currency": CURRENCY,
            "authorized_at": end.started_at or at,
        },
    )
    return await repo.find_by_call_id(uow.conn, end.call_id)


async def expire_reservations(*, uow: UnitOfWork, clock: Clock, limit: int) -> int:
    """Releases the money of calls whose reservation outlived its maximum plus the grace."""
    async with uow:
        expired = await repo.expire_due(uow.conn, now=clock(), limit=limit)
        await uow.commit()
    return expired


async def get_call(*, uow: UnitOfWork, workspace_id: uuid.UUID, record_id: uuid.UUID) -> CallRecord:
    async with uow:
        record = await repo.find_for_workspace(
            uow.conn, workspace_id=workspace_id, record_id=record_id
        )
    if record is None:
        raise CallNotFound("no such call in this workspace")
    return record


async def list_calls(
    *,
    uow: UnitOfWork,
    workspace_id: uuid.UUID,
    filters: repo.CallFilters,
    cursor: LedgerCursor | None,
    limit: int,
) -> tuple[list[CallRecord], str]:
    async with uow:
        records = await repo.list_calls(
            uow.conn, workspace_id=workspace_id, filters=filters, after=cursor, limit=limit + 1
        )
    next_cursor = ""
    if len(records) > limit:
        records = records[:limit]
        last = records[-1]
        next_cursor = LedgerCursor(at=last.authorized_at, id=last.id).encode()
    return records, next_cursor
