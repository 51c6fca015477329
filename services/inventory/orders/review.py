"""The operator's side: approve (through the claim saga of services/inventory/claims.py) and
reject.

Approval, step by step (each a conditional update, so retries and a second operator are safe):
1. submitted -> in_review (or an order left in_review by an interrupted approval).
2. The order's open-ended hold becomes a claim reservation ending CLAIM_HOLD_SECONDS from now:
   the debit's fence, exactly as for an instant claim.
3. The wallet debits the first month under the claim's key `claim:<order claim id>` (one key
   per order, so a retried approval is charged once).
4. Paid: claims.complete_claim assigns the number and creates the tenant number; the order is
   completed. Refused: the number goes back to the open-ended hold and the order back to
   submitted with a note (approve again once the wallet has money). No answer: the order stays
   in_review; the claim sweeper settles the reservation, and the next approve finishes from
   whatever it finds.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from platform_common.errors import Conflict, FieldViolation, InvalidArgument
from services.inventory.claims import ClaimSettings, complete_claim, debit_key
from services.inventory.errors import ClaimPending, WalletInsufficientFunds
from services.inventory.holdings_repository import tenant_number_by_claim
from services.inventory.orders import hold_repository, repository
from services.inventory.orders.context import OrderContext
from services.inventory.orders.domain import (
    OPERATOR_REJECTION_REASONS,
    OrderStatus,
    ensure_order_transition,
)
from services.inventory.orders.errors import OrderNotFound
from services.inventory.orders.events import order_updated
from services.inventory.orders.repository import OrderRow
from services.inventory.orders.usecases import end_without_number, get_order
from services.inventory.orders.views import OrderView
from services.inventory.wallet_client import DebitRefused, WalletPort, WalletUnreachable

log = logging.getLogger(__name__)
NOTE_LIMIT = 1000


@dataclass(frozen=True)
class Approval:
    order: OrderView
    ledger_entry_id: uuid.UUID | None


async def _begin_review(ctx: OrderContext, order_id: uuid.UUID) -> OrderRow:
    async with ctx.new_uow() as uow:
        order = await repository.find_order(
            uow.conn, order_id=order_id, workspace_id=None, for_update=True
        )
        if order is None:
            raise OrderNotFound("no such order")
        if order.status == OrderStatus.IN_REVIEW.value:
            return order  # an interrupted approval: carry on from where it stopped
        ensure_order_transition(
            OrderStatus(order.status), OrderStatus.IN_REVIEW, "operator_approving"
        )
        changed = await repository.change_status(
            uow.conn,
            order_id=order.id,
            from_statuses=(OrderStatus.SUBMITTED,),
            to=OrderStatus.IN_REVIEW,
            reason="operator_approving",
            now=ctx.clock.now(),
        )
        assert changed is not None  # locked
        uow.emit(order_updated(changed))
        await uow.commit()
    return changed


async def _finish(
    ctx: OrderContext, order: OrderRow, tenant_number_id: uuid.UUID, note: str
) -> None:
    async with ctx.new_uow() as uow:
        changed = await repository.change_status(
            uow.conn,
            order_id=order.id,
            from_statuses=(OrderStatus.IN_REVIEW,),
            to=OrderStatus.COMPLETED,
            reason="approved",
            now=ctx.clock.now(),
            extra={
                "tenant_number_id": tenant_number_id,
                "ended_at": ctx.clock.now(),
                "reviewer_note": note or None,
            },
        )
        if changed is not None:
            uow.emit(order_updated(changed))
        await uow.commit()


async def _back_to_queue(ctx: OrderContext, order: OrderRow, note: str) -> None:
    async with ctx.new_uow() as uow:
        await hold_repository.rehold(uow.conn, claim_id=order.claim_id)
        changed = await repository.change_status(
            uow.conn,
            order_id=order.id,
            from_statuses=(OrderStatus.IN_REVIEW,),
            to=OrderStatus.SUBMITTED,
            reason="payment_refused",
            now=ctx.clock.now(),
            extra={"reviewer_note": note},
        )
        if changed is not None:
            uow.emit(order_updated(changed))
        await uow.commit()


async def _number_lost(ctx: OrderContext, order: OrderRow) -> None:
    async with ctx.new_uow() as uow:
        await end_without_number(
            ctx,
            uow,
            order,
            to=OrderStatus.REJECTED,
            reason="number_unavailable",
            note="the number was no longer available when the order was approved",
        )
        await uow.commit()


async def approve_order(
    ctx: OrderContext,
    *,
    wallet: WalletPort,
    claim_settings: ClaimSettings,
    order_id: uuid.UUID,
    note: str = "",
) -> Approval:
    """Runs the claim saga for a submitted order; see the module docstring."""
    if len(note) > NOTE_LIMIT:
        raise InvalidArgument(
            "note is too long",
            violations=[FieldViolation("note", f"must be at most {NOTE_LIMIT} characters")],
        )
    order = await _begin_review(ctx, order_id)
    async with ctx.new_uow() as uow:
        done = await tenant_number_by_claim(uow.conn, order.claim_id)
        fence = None
        if done is None:
            fence = await hold_repository.fence_for_payment(
                uow.conn, claim_id=order.claim_id, hold_seconds=claim_settings.hold_seconds
            )
            if fence is None and await hold_repository.rehold_from_pool(
                uow.conn,
                number_id=order.number_id,
                claim_id=order.claim_id,
                workspace_id=order.workspace_id,
            ):
                fence = await hold_repository.fence_for_payment(
                    uow.conn, claim_id=order.claim_id, hold_seconds=claim_settings.hold_seconds
                )
        await uow.commit()
    if done is not None:
        # An earlier approval's payment went through (finished by it or by the claim sweeper).
        await _finish(ctx, order, done.id, note)
        found = await wallet.find_debit(debit_key(order.claim_id))
        return Approval(
            await get_order(ctx, workspace_id=None, order_id=order.id),
            found.entry_id if found else None,
        )
    if fence is None:
        await _number_lost(ctx, order)
        return Approval(await get_order(ctx, workspace_id=None, order_id=order.id), None)
    try:
        debit = await wallet.debit_rental(
            workspace_id=order.workspace_id,
            amount_minor=order.monthly_price_minor,
            currency=order.currency,
            key=debit_key(order.claim_id),
            reference=f"number:{order.number_id}:{order.e164}",
            not_after=fence,
        )
    except DebitRefused as refused:
        await _back_to_queue(
            ctx,
            order,
            f"payment refused ({refused.reason}): the first month could not be charged; "
            "the order stays submitted and is approved again once the wallet is funded",
        )
        if refused.reason == "wallet_insufficient_funds":
            raise WalletInsufficientFunds(
                "the workspace's wallet does not cover the first month; the order stays "
                "submitted with a note",
                metadata={"required_minor": str(order.monthly_price_minor), **refused.metadata},
            ) from None
        raise Conflict(
            f"the first month could not be charged ({refused.reason}); approve again",
            code="payment_refused",
        ) from None
    except WalletUnreachable:
        log.warning(
            "order approval: wallet unreachable; approve again", extra={"order_id": str(order.id)}
        )
        raise ClaimPending(
            "payment could not be confirmed; the order stays in review: approve it again in a "
            "minute (it is never charged twice)"
        ) from None
    result = await complete_claim(
        new_uow=ctx.new_uow, claim_id=order.claim_id, ledger_entry_id=debit.entry_id
    )
    await _finish(ctx, order, result.tenant_number.id, note)
    return Approval(await get_order(ctx, workspace_id=None, order_id=order.id), debit.entry_id)


async def reject_order(
    ctx: OrderContext, *, order_id: uuid.UUID, reason: str, note: str
) -> OrderView:
    """submitted -> rejected with a reason code and a note; the number returns to the pool."""
    violations = []
    if reason not in OPERATOR_REJECTION_REASONS:
        violations.append(
            FieldViolation(
                "reason", "must be one of " + ", ".join(sorted(OPERATOR_REJECTION_REASONS))
            )
        )
    if len(note) > NOTE_LIMIT:
        violations.append(FieldViolation("note", f"must be at most {NOTE_LIMIT} characters"))
    if violations:
        raise InvalidArgument("the rejection is not valid", violations=violations)
    async with ctx.new_uow() as uow:
        order = await repository.find_order(
            uow.conn, order_id=order_id, workspace_id=None, for_update=True
        )
        if order is None:
            raise OrderNotFound("no such order")
        changed = await end_without_number(
            ctx, uow, order, to=OrderStatus.REJECTED, reason=reason, note=note
        )
        assert changed is not None
        await uow.commit()
    return await get_order(ctx, workspace_id=None, order_id=order_id)
