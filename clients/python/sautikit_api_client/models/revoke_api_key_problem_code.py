from enum import StrEnum


class RevokeApiKeyProblemCode(StrEnum):
    API_KEY_NOT_FOUND = "api_key_not_found"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
