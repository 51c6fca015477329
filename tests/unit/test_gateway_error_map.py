"""The gRPC status + ErrorInfo reason -> HTTP problem table."""

from __future__ import annotations

import grpc
import pytest

from gateway.error_map import problem_for
from platform_common.errors import FieldViolation, RemoteError


@pytest.mark.parametrize(
    ("status", "reason", "http_status", "code"),
    [
        (grpc.StatusCode.INVALID_ARGUMENT, "validation_failed", 400, "validation_failed"),
        (grpc.StatusCode.UNAUTHENTICATED, "unauthenticated", 401, "unauthenticated"),
        (grpc.StatusCode.PERMISSION_DENIED, "forbidden", 403, "forbidden"),
        (grpc.StatusCode.NOT_FOUND, "number_not_found", 404, "number_not_found"),
        (grpc.StatusCode.ALREADY_EXISTS, "already_exists", 409, "already_exists"),
        (grpc.StatusCode.FAILED_PRECONDITION, "number_unavailable", 409, "number_unavailable"),
        (
            grpc.StatusCode.FAILED_PRECONDITION,
            "wallet_insufficient_funds",
            402,
            "wallet_insufficient_funds",
        ),
        (grpc.StatusCode.RESOURCE_EXHAUSTED, "rate_limited", 429, "rate_limited"),
        (grpc.StatusCode.UNAVAILABLE, "service_unavailable", 503, "service_unavailable"),
        (grpc.StatusCode.DEADLINE_EXCEEDED, "upstream_timeout", 504, "upstream_timeout"),
        (grpc.StatusCode.INTERNAL, "internal_error", 500, "internal_error"),
        (grpc.StatusCode.UNKNOWN, "something_odd", 500, "internal_error"),
        (grpc.StatusCode.UNIMPLEMENTED, "not_implemented", 500, "internal_error"),
    ],
)
def test_status_and_reason_map_to_http(
    status: grpc.StatusCode, reason: str, http_status: int, code: str
) -> None:
    problem = problem_for(RemoteError(status, reason, "upstream says hi"))
    assert (problem.status, problem.code) == (http_status, code)


def test_client_errors_word_detail_and_field_violations_alike() -> None:
    error = RemoteError(
        grpc.StatusCode.INVALID_ARGUMENT,
        "validation_failed",
        "cursor is not valid",
        violations=[FieldViolation("cursor", "must be a cursor of this list")],
    )
    problem = problem_for(error)
    assert problem.detail == "cursor: must be a cursor of this list"
    assert [(e.field, e.message) for e in problem.errors] == [
        ("cursor", "must be a cursor of this list")
    ]


def test_client_errors_without_fields_keep_the_service_message() -> None:
    error = RemoteError(grpc.StatusCode.FAILED_PRECONDITION, "number_unavailable", "taken")
    problem = problem_for(error)
    assert (problem.detail, list(problem.errors)) == ("taken", [])


@pytest.mark.parametrize(
    ("said", "voiced"),
    [
        ("required", "is required"),
        ("unknown value", "must be one of the documented values"),
        ("Must be a UUID.", "must be a UUID"),
        ("Value error, must be E.164", "must be E.164"),
        ("too big", "must be valid: too big"),
    ],
)
def test_older_service_wordings_reach_clients_in_the_one_voice(said: str, voiced: str) -> None:
    error = RemoteError(
        grpc.StatusCode.INVALID_ARGUMENT,
        "validation_failed",
        "whatever the service said",
        violations=[FieldViolation("e164", said), FieldViolation("limit", "must be at most 100")],
    )
    problem = problem_for(error)
    assert [(e.field, e.message) for e in problem.errors] == [
        ("e164", voiced),
        ("limit", "must be at most 100"),
    ]
    assert problem.detail == f"e164: {voiced}; limit: must be at most 100"


@pytest.mark.parametrize(
    "status",
    [grpc.StatusCode.INTERNAL, grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED],
)
def test_server_side_failures_do_not_leak_upstream_messages(status: grpc.StatusCode) -> None:
    problem = problem_for(RemoteError(status, "", "connect to 10.0.3.7:5432 failed: password"))
    assert "10.0.3.7" not in problem.detail
    assert not problem.errors


def test_retryable_statuses_say_when_to_retry() -> None:
    assert problem_for(RemoteError(grpc.StatusCode.UNAVAILABLE, "", "")).headers == {
        "Retry-After": "1"
    }
    assert "Retry-After" not in problem_for(RemoteError(grpc.StatusCode.NOT_FOUND, "x", "")).headers
