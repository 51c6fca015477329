from enum import StrEnum


class LedgerEntryType(StrEnum):
    ADJUSTMENT = "adjustment"
    CALL_USAGE = "call_usage"
    NUMBER_RENTAL = "number_rental"
    TOPUP = "topup"

    def __str__(self) -> str:
        return str(self.value)
