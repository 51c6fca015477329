from enum import StrEnum


class ListCallsProblemCode(StrEnum):
    RATE_LIMITED = "rate_limited"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
