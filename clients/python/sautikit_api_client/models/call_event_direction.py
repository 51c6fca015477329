from enum import StrEnum


class CallEventDirection(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
