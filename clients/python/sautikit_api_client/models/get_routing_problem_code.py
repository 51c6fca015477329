from enum import StrEnum


class GetRoutingProblemCode(StrEnum):
    NUMBER_NOT_FOUND = "number_not_found"
    RATE_LIMITED = "rate_limited"
    ROUTING_NOT_FOUND = "routing_not_found"

    def __str__(self) -> str:
        return str(self.value)
