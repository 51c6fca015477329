from enum import StrEnum


class RejectReason(StrEnum):
    BUSY = "busy"
    REJECTED = "rejected"

    def __str__(self) -> str:
        return str(self.value)
