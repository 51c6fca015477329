from enum import StrEnum


class GetSessionProblemCode(StrEnum):
    AUTHENTICATION_REQUIRED = "authentication_required"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
