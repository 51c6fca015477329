from enum import StrEnum


class CreateTopupProblemCode(StrEnum):
    MPESA_REQUEST_FAILED = "mpesa_request_failed"
    MPESA_UNAVAILABLE = "mpesa_unavailable"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
