from enum import StrEnum


class OrderNumberType(StrEnum):
    FIXED_LINE = "fixed_line"
    MOBILE = "mobile"
    PREMIUM = "premium"
    TOLL_FREE = "toll_free"

    def __str__(self) -> str:
        return str(self.value)
