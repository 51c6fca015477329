"""What a simulated call publishes, per outcome: the event types in order, their times (ending
now, in the order a real call has them) and the failure reasons."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from platform_common.timestamps import from_timestamp
from sautikit.events.v1 import calls_pb2
from services.routing.test_mode.domain import Outcome, SimulatedCall, call_events

END = datetime(2026, 11, 29, 12, 0, 0, tzinfo=UTC)


def _call(
    outcome: Outcome, *, recording: bool = False, refused: str | None = None
) -> SimulatedCall:
    return SimulatedCall(
        call_id="test_1",
        e164="+254700123456",
        from_number="+254711000001",
        outcome=outcome,
        recording=recording,
        duration_seconds=61,
        ended_at=END,
        refused_because=refused,
    )


@pytest.mark.parametrize(
    ("call", "kinds", "failure"),
    [
        (
            _call(Outcome.COMPLETED),
            ["call.started", "call.answered", "call.completed"],
            None,
        ),
        (
            _call(Outcome.COMPLETED, recording=True),
            ["call.started", "call.answered", "call.completed", "call.recording.ready"],
            None,
        ),
        (
            _call(Outcome.FAILED, recording=True),
            ["call.started", "call.failed"],
            ("unreachable", 503),
        ),
        (_call(Outcome.NO_ANSWER), ["call.started", "call.failed"], ("no_answer", 480)),
        (
            _call(Outcome.COMPLETED, recording=True, refused="insufficient_funds"),
            ["call.started", "call.failed"],
            ("insufficient_funds", 403),
        ),
    ],
)
def test_events_per_outcome(
    call: SimulatedCall, kinds: list[str], failure: tuple[str, int] | None
) -> None:
    events = call_events(call)

    assert [kind for kind, _ in events] == kinds
    assert [e.subject for _, e in events] == [
        "sautikit." + k.replace("call.", "calls.", 1) for k in kinds
    ]
    for _, event in events:
        assert event.payload.call.call_id == "test_1"  # type: ignore[attr-defined]
        assert event.payload.call.direction == calls_pb2.CALL_DIRECTION_INBOUND  # type: ignore[attr-defined]
        assert event.payload.call.to_number == "+254700123456"  # type: ignore[attr-defined]
    if failure is not None:
        failed = events[-1][1].payload
        assert (failed.failure_reason, failed.sip_code) == failure  # type: ignore[attr-defined]
        assert from_timestamp(failed.failed_at) == END  # type: ignore[attr-defined]


def test_completed_call_times_end_now_in_call_order() -> None:
    completed = call_events(_call(Outcome.COMPLETED))[2][1].payload
    started = from_timestamp(completed.started_at)  # type: ignore[attr-defined]
    answered = from_timestamp(completed.answered_at)  # type: ignore[attr-defined]
    ended = from_timestamp(completed.ended_at)  # type: ignore[attr-defined]
    assert started < answered < ended == END
    assert (ended - answered).total_seconds() == 61
    assert completed.duration_seconds == 61  # type: ignore[attr-defined]
