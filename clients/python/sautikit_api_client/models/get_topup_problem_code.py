from enum import StrEnum


class GetTopupProblemCode(StrEnum):
    RATE_LIMITED = "rate_limited"
    TOPUP_NOT_FOUND = "topup_not_found"

    def __str__(self) -> str:
        return str(self.value)
