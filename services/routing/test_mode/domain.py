"""What a simulated call publishes: the call.* events the voice platform would publish for the
same call, with times that end now (the call has just happened). No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from platform_common.events import OutgoingEvent
from platform_common.timestamps import to_timestamp
from sautikit.events.v1 import calls_pb2

# A completed call rings this long before it is answered; a no-answer call rings out after the
# longer time (what carriers commonly allow before giving up).
RING_SECONDS = 5
NO_ANSWER_RING_SECONDS = 30
MAX_DURATION_SECONDS = 86_400
# Recordings of simulated calls have no audio: the URL is under a reserved name that never
# resolves (RFC 2606 ".invalid"), so nobody mistakes it for a real recording.
RECORDING_URL = "https://recordings.sautikit.invalid/test/{recording_id}.wav"


class Outcome(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    NO_ANSWER = "no-answer"


@dataclass(frozen=True)
class SimulatedCall:
    call_id: str
    e164: str
    from_number: str
    outcome: Outcome
    recording: bool
    duration_seconds: int
    ended_at: datetime
    # The wallet's refusal reason (e.g. "insufficient_funds"); the call then fails with it.
    refused_because: str | None = None


def _subject(kind: str) -> str:
    return f"sautikit.calls.{kind}"


def call_events(call: SimulatedCall) -> list[tuple[str, OutgoingEvent]]:
    """(delivered type, event) pairs in the order the voice platform publishes them."""
    party = calls_pb2.CallParty(
        call_id=call.call_id,
        e164=call.e164,
        from_number=call.from_number,
        to_number=call.e164,
        direction=calls_pb2.CALL_DIRECTION_INBOUND,
    )
    resource = f"calls/{call.call_id}"
    end = call.ended_at
    answered = call.outcome is Outcome.COMPLETED and call.refused_because is None
    if answered:
        answered_at = end - timedelta(seconds=call.duration_seconds)
        started_at = answered_at - timedelta(seconds=RING_SECONDS)
    elif call.outcome is Outcome.NO_ANSWER:
        started_at = end - timedelta(seconds=NO_ANSWER_RING_SECONDS)
    else:
        started_at = end - timedelta(seconds=RING_SECONDS)
    events = [
        (
            "call.started",
            OutgoingEvent.of(
                _subject("started"),
                resource,
                calls_pb2.CallStarted(call=party, started_at=to_timestamp(started_at)),
            ),
        )
    ]
    if not answered:
        reason, sip_code = _failure(call)
        events.append(
            (
                "call.failed",
                OutgoingEvent.of(
                    _subject("failed"),
                    resource,
                    calls_pb2.CallFailed(
                        call=party,
                        started_at=to_timestamp(started_at),
                        failed_at=to_timestamp(end),
                        failure_reason=reason,
                        sip_code=sip_code,
                    ),
                ),
            )
        )
        return events
    events.append(
        (
            "call.answered",
            OutgoingEvent.of(
                _subject("answered"),
                resource,
                calls_pb2.CallAnswered(
                    call=party,
                    started_at=to_timestamp(started_at),
                    answered_at=to_timestamp(answered_at),
                ),
            ),
        )
    )
    events.append(
        (
            "call.completed",
            OutgoingEvent.of(
                _subject("completed"),
                resource,
                calls_pb2.CallCompleted(
                    call=party,
                    started_at=to_timestamp(started_at),
                    answered_at=to_timestamp(answered_at),
                    ended_at=to_timestamp(end),
                    duration_seconds=call.duration_seconds,
                    hangup_by="caller",
                ),
            ),
        )
    )
    if call.recording:
        recording_id = f"rec_{call.call_id}"
        events.append(
            (
                "call.recording.ready",
                OutgoingEvent.of(
                    _subject("recording.ready"),
                    resource,
                    calls_pb2.CallRecordingReady(
                        call=party,
                        recording_id=recording_id,
                        recording_url=RECORDING_URL.format(recording_id=recording_id),
                        duration_seconds=call.duration_seconds,
                        ready_at=to_timestamp(end),
                    ),
                ),
            )
        )
    return events


def _failure(call: SimulatedCall) -> tuple[str, int]:
    """failure_reason and SIP code of a call that was not answered."""
    if call.refused_because is not None:
        return call.refused_because, 403
    if call.outcome is Outcome.NO_ANSWER:
        return "no_answer", 480
    return "unreachable", 503
