"""What Sautikit POSTs to customers, for the OpenAPI document's `webhooks` section: call
lifecycle events to a number's events_url, and call steps to its voice_callback_url, whose
reply is a VoiceAction list. Nothing here is served; the routing service sends these and
parses the replies (services/routing/README.md is the reference)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from fastapi import APIRouter, Body
from pydantic import BaseModel, Field

from gateway.schemas.test_mode import CallEventType

router = APIRouter()

SIGNED = (
    "Signed per Standard Webhooks: headers webhook-id (the same on every retry), "
    "webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256 of "
    "id.timestamp.body> with your whsec_ secret; two signatures during a rotation's 24 h "
    "overlap)."
)


class CallEventDirection(StrEnum):
    """unknown: the voice platform did not say."""

    inbound = "inbound"
    outbound = "outbound"
    unknown = "unknown"


class RejectReason(StrEnum):
    rejected = "rejected"
    busy = "busy"


class CallEventData(BaseModel):
    call_id: str
    number: str = Field(description="Your number, E.164")
    from_: str = Field(alias="from")
    to: str
    direction: CallEventDirection
    started_at: datetime | None = None
    answered_at: datetime | None = None
    ended_at: datetime | None = None
    failed_at: datetime | None = None
    ready_at: datetime | None = None
    duration_seconds: int | None = None
    hangup_by: str | None = Field(default=None, description="caller, callee or platform")
    failure_reason: str | None = Field(default=None, description="busy, no_answer, ...")
    sip_code: int | None = None
    recording_id: str | None = None
    recording_url: str | None = None


class CallEvent(BaseModel):
    id: str = Field(description="The event id")
    type: CallEventType
    created_at: datetime
    data: CallEventData


class CallStep(BaseModel):
    call_id: str
    number: str = Field(description="Your number, E.164")
    from_: str | None = Field(default=None, alias="from")
    to: str | None = None
    direction: str | None = Field(default=None, description="inbound or outbound")
    step: str = Field(description="incoming, digits, recording, dial_ended or redirect")
    digits: str | None = None
    recording_url: str | None = None
    dial_status: str | None = Field(default=None, description="answered, busy, no_answer, ...")


class Say(BaseModel):
    action: Literal["say"]
    text: str = Field(min_length=1, max_length=4000)
    voice: str = Field(default="", max_length=64)
    language: str = Field(default="", max_length=35, description="e.g. en-KE, sw-KE")
    loop: int = Field(default=1, ge=1, le=10)


class Play(BaseModel):
    action: Literal["play"]
    url: str = Field(max_length=2048, description="https (http only in development)")
    loop: int = Field(default=1, ge=1, le=10)


class GetDigits(BaseModel):
    action: Literal["get_digits"]
    max_digits: int = Field(default=1, ge=1, le=32)
    timeout_seconds: int = Field(default=5, ge=1, le=60)
    finish_on_key: str = Field(default="#", pattern=r"^[0-9*#]?$")


class Dial(BaseModel):
    action: Literal["dial"]
    number: str = Field(description="E.164")
    caller_id: str = Field(default="", description="E.164; empty: your number")
    timeout_seconds: int = Field(default=30, ge=5, le=120)
    record: bool = False


class Record(BaseModel):
    action: Literal["record"]
    max_length_seconds: int = Field(default=60, ge=1, le=3600)
    finish_on_key: str = Field(default="#", pattern=r"^[0-9*#]?$")
    play_beep: bool = True


class Redirect(BaseModel):
    action: Literal["redirect"]
    url: str = Field(max_length=2048)


class Hangup(BaseModel):
    action: Literal["hangup"]


class Reject(BaseModel):
    action: Literal["reject"]
    reason: RejectReason = RejectReason.rejected


VoiceAction = Annotated[
    Say | Play | GetDigits | Dial | Record | Redirect | Hangup | Reject,
    Field(discriminator="action"),
]


@router.post(
    "callEvent",
    operation_id="callEvent",
    summary="A call lifecycle event, POSTed to the number's events_url",
    description=f"{SIGNED} Answer 2xx. Timeouts, connection errors, 5xx and 429 (Retry-After "
    "honoured) are retried with exponential backoff and full jitter for up to 24 hours; other "
    "4xx and redirects are not.",
    status_code=204,
)
def call_event(event: CallEvent) -> None:
    """Documentation only."""


@router.post(
    "voiceCallback",
    operation_id="voiceCallback",
    summary="A call step, POSTed to the number's voice_callback_url",
    description=f"{SIGNED} Reply within 5 seconds with 200 and a JSON array of 1 to 50 voice "
    "actions (at most 64 KiB). hangup, reject and redirect must be last. Unknown verbs or "
    "fields, values out of range, non-JSON, non-2xx, oversize or late replies fail the step.",
    response_model=list[VoiceAction],
)
def voice_callback(step: Annotated[CallStep, Body()]) -> list[VoiceAction]:  # type: ignore[empty-body]
    """Documentation only."""
