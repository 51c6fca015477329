from enum import StrEnum


class DeleteTestDataProblemCode(StrEnum):
    LIVE_OBJECTS_PRESENT = "live_objects_present"
    RATE_LIMITED = "rate_limited"
    SERVICE_UNAVAILABLE = "service_unavailable"

    def __str__(self) -> str:
        return str(self.value)
