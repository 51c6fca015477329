from enum import StrEnum


class VoiceCallbackError(StrEnum):
    HTTP_STATUS = "http_status"
    INVALID_ACTIONS = "invalid_actions"
    INVALID_JSON = "invalid_json"
    REPLY_TOO_LARGE = "reply_too_large"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    UNSAFE_DESTINATION = "unsafe_destination"

    def __str__(self) -> str:
        return str(self.value)
