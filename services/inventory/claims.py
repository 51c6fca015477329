"""The claim saga (DESIGN.md §4) and its sweeper.

1. Reserve: available -> reserved in one conditional UPDATE (reserved_until, claim_id).
2. Debit the first month under idempotency key "claim:<claim_id>", fenced by reserved_until:
   the wallet refuses the debit once the reservation has expired.
3. Debit taken: reserved -> assigned, tenant number created, numbers.claimed emitted, in one
   transaction. Debit refused: reserved -> available, 402. No answer: the number stays reserved.
4. The sweeper settles reservations that expired (plus a grace for clock skew): it asks the
   wallet for the debit under the key; found -> step 3, not found -> available. Because of the
   fence, a debit cannot appear after the sweeper saw none. A number is never lost, never sold
   twice (a unique index backs that up), and a workspace is charged exactly once or not at all.

A claim made with the caller's Idempotency-Key has a claim id derived from workspace, number
and key (`claim_id_for_key`): a retry resolves to the same claim. It answers the tenant number
once the claim settled, resumes the debit (same wallet key, so at most one charge) while the
number is still held for it, and is pending while the sweeper has yet to settle it.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from platform_common.events import OutgoingEvent
from platform_common.ids import new_id
from platform_common.timestamps import to_timestamp, utc_now
from platform_common.uow import UnitOfWorkFactory
from sautikit.events.v1 import events_pb2
from services.inventory import holdings_repository as holdings
from services.inventory import sandbox
from services.inventory.billing import next_renewal_after
from services.inventory.domain import NumberState, ensure_number_transition
from services.inventory.errors import (
    ClaimPending,
    NumberNotFound,
    NumberUnavailable,
    WalletInsufficientFunds,
)
from services.inventory.holdings_repository import Reservation, TenantNumberRow
from services.inventory.renewals.domain import Clock, SystemClock
from services.inventory.wallet_client import DebitRefused, WalletPort, WalletUnreachable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ClaimSettings:
    hold_seconds: float = 30.0  # how long a reservation waits for its debit
    settle_grace_seconds: float = 5.0  # margin for clock skew between wallet and inventory
    sweep_interval_seconds: float = 5.0
    sweep_batch: int = 100


@dataclass(frozen=True)
class ClaimResult:
    tenant_number: TenantNumberRow
    ledger_entry_id: uuid.UUID | None


def debit_key(claim_id: uuid.UUID) -> str:
    return f"claim:{claim_id}"


# Name-based ids for claims made with an Idempotency-Key: the same workspace, number and key
# always name the same claim, whichever replica answers and however often it is retried.
_CLAIM_KEY_NAMESPACE = uuid.UUID("0192f3a0-6c1e-7d4b-9a53-5d1f0c2b7e11")


def claim_id_for_key(*, workspace_id: uuid.UUID, number_id: uuid.UUID, key: str) -> uuid.UUID:
    return uuid.uuid5(_CLAIM_KEY_NAMESPACE, f"{workspace_id}/{number_id}/{key}")


async def claim_number(
    *,
    new_uow: UnitOfWorkFactory,
    wallet: WalletPort,
    settings: ClaimSettings,
    workspace_id: uuid.UUID,
    number_id: uuid.UUID,
    claim_id: uuid.UUID | None = None,
    livemode: bool = True,
    clock: Clock | None = None,
) -> ClaimResult:
    """Claims an available number of the caller's mode for the workspace, charging its first
    month. `claim_id` (from `claim_id_for_key`) makes a retry resolve to the same claim. The
    test pool's magic numbers (sandbox.py) fail the documented ways; `clock` times the pending
    one."""
    ensure_number_transition(NumberState.AVAILABLE, NumberState.RESERVED)
    retry_of_claim = claim_id is not None
    claim_id = claim_id or new_id()
    # One conditional UPDATE, atomic on its own: committed as it runs, without BEGIN/COMMIT
    # round trips. Nothing is emitted at this step.
    async with new_uow().one_statement() as uow:
        if retry_of_claim and (settled := await holdings.settled_claim(uow.conn, claim_id)):
            return ClaimResult(tenant_number=settled[0], ledger_entry_id=settled[1])
        reservation = await holdings.reserve(
            uow.conn,
            number_id=number_id,
            claim_id=claim_id,
            workspace_id=workspace_id,
            hold_seconds=settings.hold_seconds,
            livemode=livemode,
        )
        if reservation is None and retry_of_claim:
            reservation = await _resumable(uow.conn, claim_id)
            # The sweeper may have settled it meanwhile.
            if reservation is None and (
                settled := await holdings.settled_claim(uow.conn, claim_id)
            ):
                return ClaimResult(tenant_number=settled[0], ledger_entry_id=settled[1])
        if reservation is None:
            if await holdings.number_exists(uow.conn, number_id, livemode=livemode):
                raise NumberUnavailable("this number is not available")
            raise NumberNotFound("no such number")
        await uow.commit()
    if reservation.e164 == sandbox.MagicClaim.UNAVAILABLE:
        await _give_back(new_uow, claim_id)
        raise NumberUnavailable("this number is not available (test-mode magic number)")

    try:
        debit = await wallet.debit_rental(
            workspace_id=workspace_id,
            amount_minor=reservation.monthly_price_minor,
            currency=reservation.currency,
            key=debit_key(claim_id),
            reference=f"number:{reservation.number_id}:{reservation.e164}",
            not_after=reservation.reserved_until,
            livemode=livemode,
        )
    except DebitRefused as refused:
        await _give_back(new_uow, claim_id)
        if refused.reason == "wallet_insufficient_funds":
            raise WalletInsufficientFunds(
                "the wallet balance does not cover the first month's rental; top up and retry",
                metadata={
                    "required_minor": str(reservation.monthly_price_minor),
                    **refused.metadata,
                },
            ) from None
        raise NumberUnavailable(f"the claim could not be paid ({refused.reason}); retry") from None
    except WalletUnreachable:
        log.warning(
            "wallet unreachable during claim; the sweeper will settle it",
            extra={"claim_id": str(claim_id)},
        )
        raise ClaimPending(
            "payment could not be confirmed; the claim will be settled within a minute: "
            "check GET /v1/numbers before retrying"
        ) from None
    now = (clock or SystemClock()).now()
    reserved_at = reservation.reserved_until - timedelta(seconds=settings.hold_seconds)
    if sandbox.claim_still_pending(reservation.e164, reserved_at=reserved_at, now=now):
        # Paid but left reserved, as after a lost wallet answer: a retry with the same
        # Idempotency-Key once the delay has passed, or the sweeper, completes it.
        raise ClaimPending(
            "payment is being confirmed (test-mode magic number): retry with the same "
            "Idempotency-Key in a few seconds"
        )
    return await complete_claim(new_uow=new_uow, claim_id=claim_id, ledger_entry_id=debit.entry_id)


async def _resumable(conn: AsyncConnection, claim_id: uuid.UUID) -> Reservation | None:
    """The reservation an earlier attempt of this claim left. Past its hold it belongs to the
    sweeper (the fence refuses a late debit), so the retry is told the claim is pending."""
    pending = await holdings.pending_reservation(conn, claim_id)
    if pending is None and await holdings.is_reserved_for_claim(conn, claim_id):
        raise ClaimPending(
            "payment could not be confirmed; the claim will be settled within a minute: "
            "retry with the same Idempotency-Key"
        )
    return pending


async def complete_claim(
    *, new_uow: UnitOfWorkFactory, claim_id: uuid.UUID, ledger_entry_id: uuid.UUID | None
) -> ClaimResult:
    """Step 3: assign and create the tenant number, once, whoever calls it (caller or sweeper)."""
    ensure_number_transition(NumberState.RESERVED, NumberState.ASSIGNED)
    async with new_uow() as uow:
        claimed_at = utc_now()
        tenant_number_id = new_id()
        # reserved -> assigned and the tenant number, in one statement.
        held = await holdings.assign_and_hold(
            uow.conn,
            claim_id=claim_id,
            tenant_number_id=tenant_number_id,
            ledger_entry_id=ledger_entry_id,
            next_renewal_at=next_renewal_after(claimed_at),
        )
        row: TenantNumberRow | None
        if held is not None:
            assigned, row = held
            uow.emit(_claimed_event(tenant_number_id, assigned.reservation, row, claimed_at))
        else:
            # Someone (the caller or the sweeper) finished this claim already.
            row = await holdings.tenant_number_by_claim(uow.conn, claim_id)
        await uow.commit()
    if row is None:
        # Only possible if the reservation was settled without this debit, which the fence
        # rules out; say so loudly rather than lose money silently.
        log.error(
            "debit taken for a claim whose reservation is gone", extra={"claim_id": str(claim_id)}
        )
        raise NumberUnavailable("this number is not available")
    return ClaimResult(tenant_number=row, ledger_entry_id=ledger_entry_id)


def _claimed_event(  # type: ignore[no-untyped-def]
    tenant_number_id: uuid.UUID, assigned: Reservation, held: TenantNumberRow, claimed_at
) -> OutgoingEvent:
    return OutgoingEvent.of(
        "sautikit.numbers.claimed",
        f"tenant-numbers/{tenant_number_id}",
        events_pb2.NumberClaimed(
            tenant_number_id=str(tenant_number_id),
            number_id=str(assigned.number_id),
            workspace_id=str(assigned.workspace_id),
            e164=assigned.e164,
            monthly_price_minor=assigned.monthly_price_minor,
            currency=assigned.currency,
            claimed_at=to_timestamp(claimed_at),
            # A new holding starts with both directions allowed (the table's defaults).
            allow_inbound=True,
            allow_outbound=True,
            # The call rates fixed by this claim (the wallet charges calls with them).
            inbound_per_min_minor=held.inbound_per_min_minor,
            outbound_per_min_minor=held.outbound_per_min_minor,
            livemode=held.livemode,
        ),
    )


async def _give_back(
    new_uow: UnitOfWorkFactory, claim_id: uuid.UUID, *, only_if_expired: bool = False
) -> bool:
    ensure_number_transition(NumberState.RESERVED, NumberState.AVAILABLE)
    async with new_uow() as uow:
        released = await holdings.unreserve(
            uow.conn, claim_id=claim_id, only_if_expired=only_if_expired
        )
        await uow.commit()
    return released


async def settle_expired_reservations(
    *, new_uow: UnitOfWorkFactory, wallet: WalletPort, settings: ClaimSettings
) -> int:
    """One sweep: finishes or undoes every reservation whose hold (plus grace) is over."""
    async with new_uow() as uow:
        expired = await holdings.expired_reservations(
            uow.conn, grace_seconds=settings.settle_grace_seconds, limit=settings.sweep_batch
        )
    settled = 0
    for reservation in expired:
        # One reservation that cannot be settled now (wallet or database hiccup) must not hold
        # back the rest of the batch; it is met again on the next sweep.
        try:
            await _settle(new_uow, wallet, reservation)
        except Exception as exc:
            log.warning(
                "sweeper: could not settle a reservation; retrying next sweep",
                extra={"claim_id": str(reservation.claim_id), "error": repr(exc)},
            )
            continue
        settled += 1
    return settled


async def _settle(new_uow: UnitOfWorkFactory, wallet: WalletPort, reservation: Reservation) -> None:
    debit = await wallet.find_debit(debit_key(reservation.claim_id))
    if debit is not None:
        await complete_claim(
            new_uow=new_uow, claim_id=reservation.claim_id, ledger_entry_id=debit.entry_id
        )
        log.info("settled pending claim: assigned", extra={"claim_id": str(reservation.claim_id)})
    elif await _give_back(new_uow, reservation.claim_id, only_if_expired=True):
        log.info(
            "settled pending claim: returned to pool",
            extra={"claim_id": str(reservation.claim_id)},
        )


async def run_sweeper(
    *, new_uow: UnitOfWorkFactory, wallet: WalletPort, settings: ClaimSettings
) -> None:
    """Background job: settles expired reservations forever; a wallet outage only delays it."""
    while True:
        try:
            await settle_expired_reservations(new_uow=new_uow, wallet=wallet, settings=settings)
        except WalletUnreachable as exc:
            log.warning("sweeper: wallet unreachable; retrying", extra={"error": str(exc)})
        await asyncio.sleep(settings.sweep_interval_seconds)
