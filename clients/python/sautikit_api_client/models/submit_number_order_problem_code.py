from enum import StrEnum


class SubmitNumberOrderProblemCode(StrEnum):
    ILLEGAL_STATE_TRANSITION = "illegal_state_transition"
    ORDER_INCOMPLETE = "order_incomplete"
    ORDER_NOT_EDITABLE = "order_not_editable"
    ORDER_NOT_FOUND = "order_not_found"
    RATE_LIMITED = "rate_limited"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
