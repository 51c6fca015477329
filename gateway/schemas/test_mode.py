"""Request and response models of the test-mode routes (/v1/test/*)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, StrictBool, StrictInt, StrictStr

from gateway.routes import RequestBody
from gateway.routes.calls import CallRefusalReason

E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"
DEFAULT_DURATION_SECONDS = 65


class TestCallOutcome(StrEnum):
    completed = "completed"
    failed = "failed"
    no_answer = "no-answer"


class CallEventType(StrEnum):
    started = "call.started"
    answered = "call.answered"
    completed = "call.completed"
    failed = "call.failed"
    recording_ready = "call.recording.ready"


class VoiceCallbackError(StrEnum):
    timeout = "timeout"
    unreachable = "unreachable"
    unsafe_destination = "unsafe_destination"
    http_status = "http_status"
    reply_too_large = "reply_too_large"
    invalid_json = "invalid_json"
    invalid_actions = "invalid_actions"


class NewTestCall(RequestBody):
    to: StrictStr = Field(
        pattern=E164_PATTERN,
        description="One of the workspace's (test) numbers, E.164",
        examples=["+254700123456"],
    )
    from_: StrictStr = Field(
        alias="from",
        pattern=E164_PATTERN,
        description="The caller, E.164",
        examples=["+254711000001"],
    )
    outcome: TestCallOutcome = Field(
        default=TestCallOutcome.completed, description="How the simulated call ends"
    )
    recording: StrictBool = Field(
        default=False, description="A completed call also publishes call.recording.ready"
    )
    duration_seconds: StrictInt = Field(
        default=DEFAULT_DURATION_SECONDS,
        ge=0,
        le=86_400,
        description="Talk time of a completed call (rated like a real call)",
    )


class VoiceCallbackResult(BaseModel):
    actions: list[dict[str, Any]] | None = Field(
        default=None,
        description="The reply parsed into voice actions, in the voice callback format "
        '([{"action": "say", "text": ...}, ...])',
    )
    error: VoiceCallbackError | None = Field(
        default=None, description="Why the reply was not usable (no actions then)"
    )
    message: str | None = None
    status_code: int | None = Field(default=None, description="The receiver's HTTP status")


class TestCall(BaseModel):
    call_id: str = Field(description="As on the call.* events and in GET /v1/calls")
    number_id: str = Field(description="The tenant number the call came in on")
    outcome: TestCallOutcome
    authorized: bool = Field(
        description="Whether the (test) wallet authorized it; a refused call fails with the "
        "reason and invokes no voice callback"
    )
    refusal_reason: CallRefusalReason | None = None
    events: list[CallEventType] = Field(description="Event types published, in order")
    voice_callback: VoiceCallbackResult | None = Field(
        default=None, description="Absent when the number has no voice_callback_url"
    )


class RenewalOutcome(StrEnum):
    charged = "charged"
    suspended = "suspended"
    unpaid = "unpaid"
    skipped = "skipped"


class RenewalItem(BaseModel):
    number_id: str
    e164: str
    period: str = Field(examples=["2026-12"])
    outcome: RenewalOutcome
    amount_minor: int
    currency: str = Field(examples=["KES"])
    reason: str | None = Field(
        default=None,
        description="Why not charged: wallet_insufficient_funds, earlier_month_unpaid, "
        "already_charged, wallet_unavailable",
    )


class NewRenewalRun(RequestBody):
    period: StrictStr | None = Field(
        default=None,
        min_length=1,
        max_length=16,
        description="The billing month to run, YYYY-MM (Africa/Nairobi): any month up to the "
        "next one. Omitted: the next one, as the scheduler will run it on its 1st.",
        examples=["2026-12"],
    )


class RenewalRun(BaseModel):
    period: str = Field(description="The billing month run (Africa/Nairobi)", examples=["2026-12"])
    data: list[RenewalItem]
