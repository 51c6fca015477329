from enum import StrEnum


class GetCallProblemCode(StrEnum):
    CALL_NOT_FOUND = "call_not_found"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
