"""The customer's side of number orders: create (holding the number), read, registration,
documents, submit, cancel. Each change is one transaction that locks the order row, changes
it through the status table and emits its event."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import new_id
from platform_common.paging import TimeOrderedCursor
from platform_common.uow import UnitOfWork
from services.inventory.errors import NumberNotFound, NumberUnavailable
from services.inventory.holdings_repository import unreserve
from services.inventory.orders import hold_repository, repository, sealed_repository
from services.inventory.orders.context import OrderContext
from services.inventory.orders.domain import (
    CREATED_REASON,
    EDITABLE_STATUSES,
    OrderStatus,
    ensure_order_transition,
    statuses_from,
)
from services.inventory.orders.errors import OrderIncomplete, OrderNotEditable, OrderNotFound
from services.inventory.orders.events import order_updated
from services.inventory.orders.repository import OrderRow
from services.inventory.orders.requirements import Requirements
from services.inventory.orders.views import OrderView, build_view, missing_items


async def requirements_of(ctx: OrderContext, order: OrderRow) -> Requirements | None:
    catalogue = await ctx.requirements.version(order.requirements_version)
    return catalogue.find(order.country, order.number_type)


async def view_of(
    ctx: OrderContext, uow: UnitOfWork, order: OrderRow, *, reveal: bool
) -> OrderView:
    return await build_view(
        uow.conn,
        order,
        requirements=await requirements_of(ctx, order),
        box=ctx.box,
        reveal=reveal,
    )


async def locked_order(
    ctx: OrderContext, uow: UnitOfWork, workspace_id: uuid.UUID | None, order_id: uuid.UUID
) -> OrderRow:
    order = await repository.find_order(
        uow.conn, order_id=order_id, workspace_id=workspace_id, for_update=True
    )
    if order is None:
        raise OrderNotFound("no such order")
    return order


def ensure_editable(order: OrderRow) -> None:
    if OrderStatus(order.status) not in EDITABLE_STATUSES:
        raise OrderNotEditable(
            f"the order is {order.status}; registration and documents change only in a draft"
        )


async def create_order(
    ctx: OrderContext,
    *,
    workspace_id: uuid.UUID,
    number_id: uuid.UUID | None,
    number_type: str | None,
    contains: str | None,
    livemode: bool = True,
) -> OrderView:
    """Holds one number for the workspace (by id, or the first available one matching the
    criteria) until expires_at, in the same transaction as the order."""
    catalogue = await ctx.requirements.current()
    order_id, claim_id = new_id(), new_id()
    now = ctx.clock.now()
    async with ctx.new_uow() as uow:
        if number_id is None:
            assert number_type is not None
            like = f"%{contains.lstrip('+')}%" if contains else None
            number_id = await hold_repository.first_available(
                uow.conn, number_type=number_type, like=like, livemode=livemode
            )
            if number_id is None:
                raise NumberUnavailable("no available number matches these criteria")
        kind = await hold_repository.number_type_of(uow.conn, number_id, livemode=livemode)
        if kind is None:
            raise NumberNotFound("no such number")
        requirements = catalogue.find(*kind)
        if requirements is None:
            raise InvalidArgument(
                "numbers of this type cannot be ordered",
                violations=[FieldViolation("number_id", "must be of a type that has requirements")],
            )
        held = await hold_repository.hold_number(
            uow.conn,
            number_id=number_id,
            claim_id=claim_id,
            workspace_id=workspace_id,
            livemode=livemode,
        )
        if held is None:
            raise NumberUnavailable("this number is not available")
        data_key = ctx.box.new_data_key(order_id)
        await repository.insert_order(
            uow.conn,
            {
                "id": order_id,
                "workspace_id": workspace_id,
                "number_id": held.number_id,
                "e164": held.e164,
                "country": held.country,
                "number_type": held.number_type,
                "claim_id": claim_id,
                "status": OrderStatus.DRAFT.value,
                "status_reason": CREATED_REASON,
                "requirements_version": catalogue.version,
                "monthly_price_minor": held.monthly_price_minor,
                "currency": held.currency,
                "expires_at": now + timedelta(hours=ctx.settings.hold_hours),
                "created_at": now,
                "updated_at": now,
                "data_key_id": data_key.sealed.key_id,
                "data_key_nonce": data_key.sealed.nonce,
                "data_key_sealed": data_key.sealed.ciphertext,
            },
        )
        order = await repository.find_order(uow.conn, order_id=order_id, workspace_id=None)
        assert order is not None
        uow.emit(order_updated(order))
        view = await view_of(ctx, uow, order, reveal=True)
        await uow.commit()
    return view


async def get_order(
    ctx: OrderContext, *, workspace_id: uuid.UUID | None, order_id: uuid.UUID
) -> OrderView:
    """workspace_id None: the operator."""
    async with ctx.new_uow() as uow:
        order = await repository.find_order(uow.conn, order_id=order_id, workspace_id=workspace_id)
        if order is None:
            raise OrderNotFound("no such order")
        return await view_of(ctx, uow, order, reveal=True)


@dataclass(frozen=True)
class OrdersPage:
    orders: list[OrderView]
    next_cursor: str | None


async def list_orders(
    ctx: OrderContext,
    *,
    workspace_id: uuid.UUID | None,
    status: OrderStatus | None,
    limit: int,
    cursor: str,
) -> OrdersPage:
    """Newest first; registration values are shown by get_order only."""
    if limit == 0:
        limit = 20
    if not 1 <= limit <= 100:
        raise InvalidArgument(
            "limit must be between 1 and 100",
            violations=[FieldViolation("limit", "must be between 1 and 100")],
        )
    after = TimeOrderedCursor.decode(cursor)
    async with ctx.new_uow() as uow:
        rows = await repository.list_orders(
            uow.conn,
            workspace_id=workspace_id,
            status=status,
            before=(after.at, after.id) if after else None,
            limit=limit,
        )
        page = rows[:limit]
        views = [await view_of(ctx, uow, row, reveal=False) for row in page]
    next_cursor = (
        TimeOrderedCursor(page[-1].created_at, page[-1].id).encode() if len(rows) > limit else None
    )
    return OrdersPage(views, next_cursor)


async def submit_order(
    ctx: OrderContext, *, workspace_id: uuid.UUID, order_id: uuid.UUID
) -> OrderView:
    """draft -> submitted, refused while anything required is missing (listed)."""
    async with ctx.new_uow() as uow:
        order = await locked_order(ctx, uow, workspace_id, order_id)
        ensure_order_transition(
            OrderStatus(order.status), OrderStatus.SUBMITTED, "customer_submitted"
        )
        names = set(await sealed_repository.sealed_values(uow.conn, order.id))
        missing = missing_items(
            await requirements_of(ctx, order),
            order.registration_type,
            names,
            await sealed_repository.list_attachments(uow.conn, order.id),
        )
        if missing:
            raise OrderIncomplete(
                "the order cannot be submitted yet: " + ", ".join(missing),
                violations=[FieldViolation(item, "is required") for item in missing],
                metadata={"missing": ",".join(missing)},
            )
        now = ctx.clock.now()
        changed = await repository.change_status(
            uow.conn,
            order_id=order.id,
            from_statuses=(OrderStatus.DRAFT,),
            to=OrderStatus.SUBMITTED,
            reason="customer_submitted",
            now=now,
            extra={"submitted_at": now},
        )
        assert changed is not None  # the row is locked
        uow.emit(order_updated(changed))
        view = await view_of(ctx, uow, changed, reveal=True)
        await uow.commit()
    return view


async def end_without_number(
    ctx: OrderContext,
    uow: UnitOfWork,
    order: OrderRow,
    *,
    to: OrderStatus,
    reason: str,
    note: str | None = None,
) -> OrderRow | None:
    """cancelled / expired / rejected: the number back to the pool and the personal data due
    for shredding after the retention period, in the caller's transaction."""
    ensure_order_transition(OrderStatus(order.status), to, reason)
    now = ctx.clock.now()
    extra: dict[str, object] = {
        "ended_at": now,
        "erase_after": now + timedelta(hours=ctx.settings.retention_hours),
    }
    if note is not None:
        extra["reviewer_note"] = note
    changed = await repository.change_status(
        uow.conn,
        order_id=order.id,
        from_statuses=statuses_from(to, reason),
        to=to,
        reason=reason,
        now=now,
        extra=extra,
    )
    if changed is None:
        return None
    await unreserve(uow.conn, claim_id=order.claim_id)
    uow.emit(order_updated(changed))
    return changed


async def cancel_order(
    ctx: OrderContext, *, workspace_id: uuid.UUID, order_id: uuid.UUID
) -> OrderView:
    """The customer gives the number back before review."""
    async with ctx.new_uow() as uow:
        order = await locked_order(ctx, uow, workspace_id, order_id)
        changed = await end_without_number(
            ctx, uow, order, to=OrderStatus.CANCELLED, reason="customer_cancelled"
        )
        assert changed is not None  # the row is locked
        view = await view_of(ctx, uow, changed, reveal=True)
        await uow.commit()
    return view
