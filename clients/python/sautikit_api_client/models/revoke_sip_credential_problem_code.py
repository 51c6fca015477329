from enum import StrEnum


class RevokeSipCredentialProblemCode(StrEnum):
    CREDENTIAL_NOT_FOUND = "credential_not_found"
    NUMBER_NOT_FOUND = "number_not_found"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
