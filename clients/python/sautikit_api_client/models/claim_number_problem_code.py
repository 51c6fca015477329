from enum import StrEnum


class ClaimNumberProblemCode(StrEnum):
    NUMBER_NOT_FOUND = "number_not_found"
    NUMBER_UNAVAILABLE = "number_unavailable"
    RATE_LIMITED = "rate_limited"
    WALLET_INSUFFICIENT_FUNDS = "wallet_insufficient_funds"

    def __str__(self) -> str:
        return str(self.value)
