from enum import StrEnum


class TestCallOutcome(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    NO_ANSWER = "no-answer"

    def __str__(self) -> str:
        return str(self.value)
