"""The one table from gRPC status + google.rpc.ErrorInfo.reason to HTTP status + problem code."""

from __future__ import annotations

import grpc

from gateway.field_messages import detail_of, expectation
from gateway.problems import ApiProblem, FieldError
from platform_common.errors import RemoteError

# gRPC status -> HTTP status. Anything not listed is a 500.
STATUS_TO_HTTP: dict[grpc.StatusCode, int] = {
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}

# Reasons whose HTTP status differs from what their gRPC status maps to.
REASON_TO_HTTP: dict[str, int] = {
    "wallet_insufficient_funds": 402,
    "mpesa_request_failed": 502,
}

# Upstream messages for these are about our internals, not the client's request.
_HIDDEN_DETAIL: dict[int, tuple[str, str]] = {
    500: ("internal_error", "An unexpected error occurred. Quote the request_id to support."),
    503: ("service_unavailable", "A backend service is unavailable. Retry later."),
    504: ("upstream_timeout", "A backend service did not answer in time. Retry later."),
}


def http_status_for(status: grpc.StatusCode, reason: str) -> int:
    if reason in REASON_TO_HTTP:
        return REASON_TO_HTTP[reason]
    return STATUS_TO_HTTP.get(status, 500)


def problem_for(error: RemoteError) -> ApiProblem:
    """The problem a client sees for a failed gRPC call."""
    http_status = http_status_for(error.status, error.reason)
    headers: dict[str, str] = {}
    if http_status in (429, 503):
        headers["Retry-After"] = "1"
    if http_status in _HIDDEN_DETAIL:
        fallback_code, detail = _HIDDEN_DETAIL[http_status]
        # 503/504 keep a specific upstream reason (e.g. "numbers_pool_paused"); 500 never does.
        code = fallback_code if http_status == 500 else (error.reason or fallback_code)
        return ApiProblem(http_status, code, detail, headers=headers)
    if error.violations:
        # One voice: the detail is the field errors, worded as in `errors`.
        errors = [FieldError(v.field, expectation(v.description)) for v in error.violations]
        return ApiProblem(http_status, error.reason, detail_of(errors), errors, headers=headers)
    return ApiProblem(http_status, error.reason, error.message or error.reason, headers=headers)
