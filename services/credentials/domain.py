"""Credentials domain: secrets and their shapes, the credential and number state rules, the
hashing floor and the throttle policy. No I/O here."""

from __future__ import annotations

import re
import secrets
import string
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from platform_common.errors import FieldViolation, InvalidArgument
from platform_common.number_projection import (  # noqa: F401 (re-exported)
    NUMBER_EVENT_TRANSITIONS,
    NumberEvent,
    NumberStatus,
    Reaction,
    react_to_settings_event,
    react_to_status_event,
)
from platform_common.passwords import HashParameters, ThrottlePolicy  # noqa: F401 (re-exported)
from services.credentials.errors import CredentialRevoked

USERNAME_LENGTH = 20
PASSWORD_BYTES = 24  # token_urlsafe: 24 random bytes -> 32 characters, 192 bits
MAX_LABEL_CHARS = 100
MAX_GRACE_SECONDS = 3600
# Longer than any password we issue, so nothing longer can be one: refused without hashing.
MAX_PASSWORD_CHARS = 128

_USERNAME_FIRST = string.ascii_lowercase
_USERNAME_REST = string.ascii_lowercase + string.digits
USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9]{15,63}$")


# Why a test-pool number may not take calls or register: the same reason name in credentials,
# routing and wallet usage (test mode).
TEST_NUMBER_ON_LIVE_EDGE = "test_number_on_live_edge"


def new_username() -> str:
    """20 characters, lowercase letters and digits, starting with a letter (some PBXs read an
    all-digit user part as a phone number): about 103 random bits, SIP-safe everywhere."""
    return secrets.choice(_USERNAME_FIRST) + "".join(
        secrets.choice(_USERNAME_REST) for _ in range(USERNAME_LENGTH - 1)
    )


def new_password() -> str:
    """32 URL-safe characters (A-Z a-z 0-9 - _) from the OS CSPRNG."""
    return secrets.token_urlsafe(PASSWORD_BYTES)


def could_be_credential(username: str, password: str) -> bool:
    """False for input no credential of ours can match; such attempts are not hashed."""
    return bool(USERNAME_PATTERN.match(username)) and 0 < len(password) <= MAX_PASSWORD_CHARS


def validate_label(label: str) -> str:
    """The label without surrounding blanks: at most 100 characters, none of them control."""
    cleaned = label.strip()
    if len(cleaned) > MAX_LABEL_CHARS:
        raise _invalid("label", f"must be at most {MAX_LABEL_CHARS} characters")
    if not cleaned.isprintable():
        raise _invalid("label", "must not contain control characters")
    return cleaned


def validate_grace_seconds(grace_seconds: int) -> int:
    if not 0 <= grace_seconds <= MAX_GRACE_SECONDS:
        raise _invalid("grace_seconds", f"must be between 0 and {MAX_GRACE_SECONDS}")
    return grace_seconds


def _invalid(field: str, message: str) -> InvalidArgument:
    return InvalidArgument(f"{field} {message}", violations=[FieldViolation(field, message)])


# --- Credentials ---------------------------------------------------------------------------


class CredentialStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"


class CredentialAction(StrEnum):
    ROTATE = "rotate"
    REVOKE = "revoke"


# What may happen to a credential in each status. Revoked is final.
CREDENTIAL_ACTIONS: dict[CredentialStatus, frozenset[CredentialAction]] = {
    CredentialStatus.ACTIVE: frozenset({CredentialAction.ROTATE, CredentialAction.REVOKE}),
    CredentialStatus.REVOKED: frozenset(),
}


def ensure_credential_allows(status: str, action: CredentialAction) -> None:
    if action not in CREDENTIAL_ACTIONS[CredentialStatus(status)]:
        raise CredentialRevoked(f"this credential is revoked; it cannot {action.value}")


# --- The local view of tenant numbers ------------------------------------------------------


@dataclass(frozen=True)
class NumberView:
    """What this context knows about a tenant number (fed by inventory's events)."""

    tenant_number_id: uuid.UUID
    workspace_id: uuid.UUID
    e164: str
    status: str
    allow_inbound: bool
    allow_outbound: bool
    status_changed_at: datetime
    settings_changed_at: datetime
    disabled: bool = False  # the workspace turned the number off
    livemode: bool = True  # false: a test-pool number (test mode's sandbox)

    @property
    def takes_calls(self) -> bool:
        """Credentials of this number may authenticate."""
        return self.refusal is None

    @property
    def refusal(self) -> str | None:
        """Why credentials of this number may not authenticate now (None: they may). A number
        both suspended and disabled stays refused until both are cleared. This service answers
        the live SIP edge (the only one there is): a test number's credentials are real, but
        may never register there, whatever else holds."""
        if not self.livemode:
            return TEST_NUMBER_ON_LIVE_EDGE
        if self.status != NumberStatus.ACTIVE:
            return f"number_{self.status}"
        if self.disabled:
            return "number_disabled"
        if not (self.allow_inbound or self.allow_outbound):
            return "calls_not_allowed"
        return None
