from enum import StrEnum


class CreateApiKeyProblemCode(StrEnum):
    CSRF_FAILED = "csrf_failed"
    FORBIDDEN_ROLE = "forbidden_role"
    INVALID_JSON = "invalid_json"
    JSON_STRING_TOO_LONG = "json_string_too_long"
    JSON_TOO_DEEP = "json_too_deep"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
