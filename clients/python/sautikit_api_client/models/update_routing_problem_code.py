from enum import StrEnum


class UpdateRoutingProblemCode(StrEnum):
    NUMBER_NOT_FOUND = "number_not_found"
    NUMBER_RELEASED = "number_released"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    UNSAFE_CALLBACK_URL = "unsafe_callback_url"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
