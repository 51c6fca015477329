from enum import StrEnum


class SignOutProblemCode(StrEnum):
    AUTHENTICATION_REQUIRED = "authentication_required"
    CSRF_FAILED = "csrf_failed"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
