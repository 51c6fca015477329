from enum import StrEnum


class RedeliverDeliveryProblemCode(StrEnum):
    DELIVERY_NOT_FOUND = "delivery_not_found"
    DELIVERY_SKIPPED = "delivery_skipped"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
