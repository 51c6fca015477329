"""The customer's registration and documents on a draft order: each field validated against the
order's requirements (any violation stores nothing), each document checked before it is stored;
both sealed with the order's data key."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.ids import new_id
from services.inventory.orders import attachments as documents
from services.inventory.orders import repository, sealed_repository
from services.inventory.orders.context import OrderContext
from services.inventory.orders.events import order_updated
from services.inventory.orders.repository import AttachmentRow
from services.inventory.orders.usecases import (
    ensure_editable,
    locked_order,
    requirements_of,
    view_of,
)
from services.inventory.orders.views import OrderView


async def update_registration(
    ctx: OrderContext,
    *,
    workspace_id: uuid.UUID,
    order_id: uuid.UUID,
    registration_type: str,
    fields: Mapping[str, str],
) -> OrderView:
    """Validates every field against the order's requirements; any violation stores nothing."""
    async with ctx.new_uow() as uow:
        order = await locked_order(ctx, uow, workspace_id, order_id)
        ensure_editable(order)
        requirements = await requirements_of(ctx, order)
        assert requirements is not None
        chosen_name = registration_type or order.registration_type
        violations: list[FieldViolation] = []
        chosen = requirements.registration_set(chosen_name) if chosen_name else None
        if registration_type and chosen is None:
            violations.append(
                FieldViolation(
                    "registration_type",
                    "must be one of " + ", ".join(s.name for s in requirements.registration_sets),
                )
            )
        elif chosen is None:
            violations.append(
                FieldViolation(
                    "registration_type", "must come after a registration_type (choose it first)"
                )
            )
        if chosen is not None:
            for name, value in fields.items():
                rule = chosen.field(name)
                if rule is None:
                    violations.append(
                        FieldViolation(
                            f"registration.{name}", f"not a field of {chosen.name} registration"
                        )
                    )
                elif value:
                    problem = rule.problem(value)
                    if problem:
                        violations.append(FieldViolation(f"registration.{name}", problem))
        if violations:
            raise InvalidArgument(
                "some registration fields are not valid", violations=violations[:50]
            )
        assert chosen is not None
        sealed_key = order.sealed_data_key
        assert sealed_key is not None
        key = ctx.box.open_data_key(sealed_key, order.id)
        changes: dict[str, object] = {
            name: ctx.box.seal(key, order.id, f"registration.{name}", value.encode())
            if value
            else None
            for name, value in fields.items()
        }
        if chosen.name != order.registration_type:
            # Values of the previous type's fields do not belong to the new one.
            for name in await sealed_repository.sealed_values(uow.conn, order.id):
                if chosen.field(name) is None:
                    changes[name] = None
        await sealed_repository.put_values(uow.conn, order.id, changes)  # type: ignore[arg-type]
        order = await repository.touch(
            uow.conn, order_id=order.id, now=ctx.clock.now(), registration_type=chosen.name
        )
        uow.emit(order_updated(order))
        view = await view_of(ctx, uow, order, reveal=True)
        await uow.commit()
    return view


async def add_attachment(
    ctx: OrderContext,
    *,
    workspace_id: uuid.UUID,
    order_id: uuid.UUID,
    document_type: str,
    content_type: str,
    content: bytes,
) -> tuple[AttachmentRow, OrderView]:
    """Checks type, size, count and real content, then stores the document sealed."""
    async with ctx.new_uow() as uow:
        # The row lock serialises uploads to one order, so the count check holds.
        order = await locked_order(ctx, uow, workspace_id, order_id)
        ensure_editable(order)
        requirements = await requirements_of(ctx, order)
        assert requirements is not None
        rule = documents.document_rule(requirements, order.registration_type, document_type)
        stored = await sealed_repository.list_attachments(uow.conn, order.id)
        verified = documents.check_document(
            rule,
            content_type=content_type,
            content=content,
            already_stored=len(stored),
            limit=requirements.max_attachments,
        )
        sealed_key = order.sealed_data_key
        assert sealed_key is not None
        key = ctx.box.open_data_key(sealed_key, order.id)
        attachment = AttachmentRow(
            id=new_id(),
            order_id=order.id,
            document_type=rule.document_type,
            content_type=verified,
            size_bytes=len(content),
            created_at=ctx.clock.now(),
        )
        await sealed_repository.insert_attachment(
            uow.conn,
            attachment,
            ctx.box.seal(key, order.id, f"attachment.{attachment.id}", content),
        )
        order = await repository.touch(uow.conn, order_id=order.id, now=ctx.clock.now())
        uow.emit(order_updated(order))
        view = await view_of(ctx, uow, order, reveal=True)
        await uow.commit()
    return attachment, view
