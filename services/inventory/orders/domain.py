"""Order statuses and their transitions as data, with the reason code each transition records
(no I/O). Kazoo-style: a transition not in the table raises IllegalOrderTransition."""

from __future__ import annotations

from enum import StrEnum

from services.inventory.orders.errors import IllegalOrderTransition


class OrderStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    COMPLETED = "completed"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


S = OrderStatus

# (from, to) -> the reason codes that transition may record. One table: the use cases, the
# README and the tests read it.
ORDER_TRANSITIONS: dict[tuple[OrderStatus, OrderStatus], frozenset[str]] = {
    (S.DRAFT, S.SUBMITTED): frozenset({"customer_submitted"}),
    (S.SUBMITTED, S.IN_REVIEW): frozenset({"operator_approving"}),
    # A refused payment puts the order back in the queue with a note.
    (S.IN_REVIEW, S.SUBMITTED): frozenset({"payment_refused"}),
    (S.IN_REVIEW, S.COMPLETED): frozenset({"approved"}),
    (S.SUBMITTED, S.REJECTED): frozenset(
        {
            "documents_unreadable",
            "identity_not_verified",
            "business_not_verified",
            "registration_incomplete",
            "use_not_permitted",
            "other",
        }
    ),
    (S.IN_REVIEW, S.REJECTED): frozenset({"number_unavailable"}),
    (S.DRAFT, S.EXPIRED): frozenset({"hold_expired"}),
    (S.SUBMITTED, S.EXPIRED): frozenset({"hold_expired"}),
    (S.DRAFT, S.CANCELLED): frozenset({"customer_cancelled"}),
    (S.SUBMITTED, S.CANCELLED): frozenset({"customer_cancelled"}),
}

CREATED_REASON = "customer_created"
OPEN_STATUSES = (S.DRAFT, S.SUBMITTED, S.IN_REVIEW)  # the order holds its number
ENDED_WITHOUT_NUMBER = (S.REJECTED, S.EXPIRED, S.CANCELLED)
EDITABLE_STATUSES = (S.DRAFT,)
OPERATOR_REJECTION_REASONS = ORDER_TRANSITIONS[(S.SUBMITTED, S.REJECTED)]


def ensure_order_transition(current: OrderStatus, to: OrderStatus, reason: str) -> None:
    allowed = ORDER_TRANSITIONS.get((current, to))
    if allowed is None or reason not in allowed:
        raise IllegalOrderTransition(
            f"an order cannot go from {current.value} to {to.value} ({reason})",
            metadata={"from": current.value, "to": to.value},
        )


def statuses_from(to: OrderStatus, reason: str) -> tuple[OrderStatus, ...]:
    """Every status the table allows to move to `to` with `reason` (the WHERE of the
    conditional UPDATE that makes the move)."""
    return tuple(
        sorted(
            (
                frm
                for (frm, dest), reasons in ORDER_TRANSITIONS.items()
                if dest is to and reason in reasons
            ),
            key=list(OrderStatus).index,
        )
    )
