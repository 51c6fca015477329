from enum import StrEnum


class UpdateNumberOrderRegistrationProblemCode(StrEnum):
    ILLEGAL_STATE_TRANSITION = "illegal_state_transition"
    ORDER_INCOMPLETE = "order_incomplete"
    ORDER_NOT_EDITABLE = "order_not_editable"
    ORDER_NOT_FOUND = "order_not_found"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
