from enum import StrEnum


class CallRefusalReason(StrEnum):
    DIRECTION_NOT_ALLOWED = "direction_not_allowed"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    LIVE_NUMBER_IN_TEST_MODE = "live_number_in_test_mode"
    NUMBER_DISABLED = "number_disabled"
    NUMBER_SUSPENDED = "number_suspended"
    TEST_NUMBER_ON_LIVE_EDGE = "test_number_on_live_edge"

    def __str__(self) -> str:
        return str(self.value)
