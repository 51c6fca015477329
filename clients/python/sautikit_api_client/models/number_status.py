from enum import StrEnum


class NumberStatus(StrEnum):
    ACTIVE = "active"
    DISABLED = "disabled"
    RELEASED = "released"
    SUSPENDED = "suspended"

    def __str__(self) -> str:
        return str(self.value)
