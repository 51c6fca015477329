from enum import StrEnum


class AcceptInvitationProblemCode(StrEnum):
    INVALID_INVITATION_TOKEN = "invalid_invitation_token"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    SIGN_IN_REQUIRED = "sign_in_required"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    VALIDATION_FAILED = "validation_failed"

    def __str__(self) -> str:
        return str(self.value)
