from enum import StrEnum


class RemoveMemberProblemCode(StrEnum):
    LAST_OWNER = "last_owner"
    MEMBER_NOT_FOUND = "member_not_found"
    RATE_LIMITED = "rate_limited"

    def __str__(self) -> str:
        return str(self.value)
