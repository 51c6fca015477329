from enum import StrEnum


class NumberType(StrEnum):
    FIXED_LINE = "fixed_line"
    MOBILE = "mobile"
    TOLL_FREE = "toll_free"

    def __str__(self) -> str:
        return str(self.value)
