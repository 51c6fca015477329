from enum import StrEnum


class GetNumberOrderProblemCode(StrEnum):
    ORDER_NOT_FOUND = "order_not_found"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
