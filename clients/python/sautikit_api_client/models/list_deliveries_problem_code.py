from enum import StrEnum


class ListDeliveriesProblemCode(StrEnum):
    NUMBER_NOT_FOUND = "number_not_found"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
