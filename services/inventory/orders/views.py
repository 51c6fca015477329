"""An order as its owner and the operator see it: status, what is still missing, and (for a
single order) the registration values opened with the order's data key."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncConnection

from services.inventory.orders import sealed_repository
from services.inventory.orders.personal_data import OrderDataBox
from services.inventory.orders.repository import AttachmentRow, OrderRow
from services.inventory.orders.requirements import Requirements


@dataclass(frozen=True)
class OrderView:
    order: OrderRow
    attachments: list[AttachmentRow]
    missing: list[str]
    registration: dict[str, str] = field(default_factory=dict)


def missing_items(
    requirements: Requirements | None,
    registration_type: str | None,
    value_names: set[str],
    attachments: list[AttachmentRow],
) -> list[str]:
    """What submit still needs: "registration_type", "registration.<field>",
    "attachments.<document_type>"."""
    if requirements is None:
        return []
    chosen = requirements.registration_set(registration_type) if registration_type else None
    if chosen is None:
        return ["registration_type"]
    missing = [
        f"registration.{rule.name}"
        for rule in chosen.fields
        if rule.required and rule.name not in value_names
    ]
    uploaded = {a.document_type for a in attachments}
    missing += [
        f"attachments.{doc.document_type}"
        for doc in chosen.documents
        if doc.required and doc.document_type not in uploaded
    ]
    return missing


async def build_view(
    conn: AsyncConnection,
    order: OrderRow,
    *,
    requirements: Requirements | None,
    box: OrderDataBox,
    reveal: bool,
) -> OrderView:
    sealed = await sealed_repository.sealed_values(conn, order.id)
    attachments = await sealed_repository.list_attachments(conn, order.id)
    registration: dict[str, str] = {}
    sealed_key = order.sealed_data_key
    if reveal and sealed and sealed_key is not None:
        key = box.open_data_key(sealed_key, order.id)
        registration = {
            name: box.open(key, order.id, f"registration.{name}", value).decode()
            for name, value in sealed.items()
        }
    return OrderView(
        order=order,
        attachments=attachments,
        missing=missing_items(requirements, order.registration_type, set(sealed), attachments),
        registration=registration,
    )
