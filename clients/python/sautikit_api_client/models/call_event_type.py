from enum import StrEnum


class CallEventType(StrEnum):
    CALL_ANSWERED = "call.answered"
    CALL_COMPLETED = "call.completed"
    CALL_FAILED = "call.failed"
    CALL_RECORDING_READY = "call.recording.ready"
    CALL_STARTED = "call.started"

    def __str__(self) -> str:
        return str(self.value)
