from enum import StrEnum


class RenewalOutcome(StrEnum):
    CHARGED = "charged"
    SKIPPED = "skipped"
    SUSPENDED = "suspended"
    UNPAID = "unpaid"

    def __str__(self) -> str:
        return str(self.value)
