from enum import StrEnum


class ExpireTestTrialProblemCode(StrEnum):
    NOT_A_TRIAL = "not_a_trial"
    NUMBER_NOT_FOUND = "number_not_found"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
