from enum import StrEnum


class CallStatus(StrEnum):
    AUTHORIZED = "authorized"
    COMPLETED = "completed"
    EXPIRED = "expired"
    FAILED = "failed"
    REFUSED = "refused"

    def __str__(self) -> str:
        return str(self.value)
