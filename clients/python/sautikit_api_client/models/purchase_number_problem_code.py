from enum import StrEnum


class PurchaseNumberProblemCode(StrEnum):
    INVALID_JSON = "invalid_json"
    JSON_STRING_TOO_LONG = "json_string_too_long"
    JSON_TOO_DEEP = "json_too_deep"
    NUMBER_NOT_FOUND = "number_not_found"
    NUMBER_UNAVAILABLE = "number_unavailable"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_FAILED = "validation_failed"
    WALLET_INSUFFICIENT_FUNDS = "wallet_insufficient_funds"

    def __str__(self) -> str:
        return str(self.value)
