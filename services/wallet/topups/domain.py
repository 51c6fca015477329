"""Top-up domain: what a top-up is, its states, its validation, and what a Daraja callback
says. No I/O here.

A top-up moves PENDING -> SUCCEEDED or PENDING -> FAILED, once. Only the STK push query may
settle it: callbacks are unsigned, so a callback is evidence that triggers a query, never a
verdict on its own.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from platform_common.errors import Conflict, FieldViolation, InvalidArgument, NotFound, Unavailable
from platform_common.ids import parse_uuid
from platform_common.paging import TimeOrderedCursor

MINOR_PER_SHILLING = 100
# Daraja shows the payer at most 12 characters of AccountReference.
MAX_ACCOUNT_REFERENCE = 12


class TopupStatus(StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


# State machine as data: the only legal moves.
TRANSITIONS: dict[TopupStatus, frozenset[TopupStatus]] = {
    TopupStatus.PENDING: frozenset({TopupStatus.SUCCEEDED, TopupStatus.FAILED}),
    TopupStatus.SUCCEEDED: frozenset(),
    TopupStatus.FAILED: frozenset(),
}


class TopupNotFound(NotFound):
    default_code = "topup_not_found"


class MpesaUnavailable(Unavailable):
    """Daraja could not be reached or answered with a server error: retry later."""

    default_code = "mpesa_unavailable"


class MpesaRequestFailed(Conflict):
    """Daraja refused the request (maps to HTTP 502: the upstream said no)."""

    default_code = "mpesa_request_failed"


@dataclass(frozen=True)
class TopupLimits:
    """Configurable bounds of one top-up, in minor units (whole shillings only)."""

    min_minor: int = 1 * MINOR_PER_SHILLING
    max_minor: int = 250_000 * MINOR_PER_SHILLING


# ASCII digits only: \d would also accept other scripts' digits.
_PHONE = re.compile(r"^(?:\+?254|0)([17][0-9]{8})$")


def normalise_phone(raw: str) -> str | None:
    """+2547.., 2547.., 07.., 01.. (spaces and dashes allowed) -> 2547XXXXXXXX / 2541XXXXXXXX;
    None for anything else."""
    if not isinstance(raw, str) or len(raw) > 32:
        return None
    compact = re.sub(r"[\s-]", "", raw)
    match = _PHONE.match(compact)
    return None if match is None else f"254{match.group(1)}"


def phone_digest(phone: str) -> str:
    """What we keep to match a callback's PhoneNumber without storing the phone in clear."""
    return hashlib.sha256(f"sautikit-topup-phone:{phone}".encode()).hexdigest()


def mask_phone(phone: str) -> str:
    return f"{phone[:4]}****{phone[-3:]}"


def token_digest(token: str) -> str:
    """Only this digest of a callback token is stored; the token lives in the URL alone."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class TopupRequest:
    """A validated request to start a top-up."""

    workspace_id: uuid.UUID
    amount_minor: int
    phone: str  # normalised; never stored or logged in clear
    livemode: bool = True

    @property
    def amount_shillings(self) -> int:
        return self.amount_minor // MINOR_PER_SHILLING

    @classmethod
    def parse(
        cls, *, workspace_id: str, amount_minor: int, phone: str, limits: TopupLimits
    ) -> TopupRequest:
        violations: list[FieldViolation] = []
        parsed_workspace = parse_uuid(workspace_id)
        if parsed_workspace is None:
            violations.append(FieldViolation("workspace_id", "must be a UUID"))
        if amount_minor % MINOR_PER_SHILLING != 0:
            violations.append(
                FieldViolation("amount_minor", "must be whole shillings (a multiple of 100)")
            )
        elif not limits.min_minor <= amount_minor <= limits.max_minor:
            violations.append(
                FieldViolation(
                    "amount_minor",
                    f"must be between {limits.min_minor} and {limits.max_minor}",
                )
            )
        normalised = normalise_phone(phone)
        if normalised is None:
            violations.append(
                FieldViolation("phone", "must be a Kenyan mobile: 2547XXXXXXXX or 07XXXXXXXX")
            )
        if violations:
            names = ", ".join(v.field for v in violations)
            raise InvalidArgument(f"invalid request: {names}", violations=violations)
        assert parsed_workspace is not None and normalised is not None
        return cls(workspace_id=parsed_workspace, amount_minor=amount_minor, phone=normalised)


@dataclass(frozen=True)
class Topup:
    id: uuid.UUID
    workspace_id: uuid.UUID
    status: TopupStatus
    amount_minor: int
    currency: str
    phone_masked: str
    phone_digest: str
    checkout_request_id: str | None
    result_code: int | None
    result_description: str | None
    mpesa_receipt_number: str | None
    created_at: datetime
    completed_at: datetime | None
    livemode: bool = True


class QueryOutcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    PROCESSING = "processing"  # still being processed, or Daraja could not answer now


@dataclass(frozen=True)
class QueryAnswer:
    """What the STK push query said about one checkout request."""

    outcome: QueryOutcome
    result_code: int | None = None
    result_description: str | None = None


def require_topup_id(value: str) -> uuid.UUID:
    """An id that is not a UUID cannot name any top-up: not found, like another workspace's."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise TopupNotFound("no such top-up")
    return parsed


# Top-ups page newest first on (created_at, id).
TopupCursor = TimeOrderedCursor
