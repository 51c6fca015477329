"""Domain errors and their one mapping to gRPC status with google.rpc.ErrorInfo.

Every service raises subclasses of DomainError from its domain/use cases. The gRPC edge turns
them into a status whose google.rpc.ErrorInfo.reason is the stable `code`; the gateway maps that
reason (plus the status) to an HTTP problem. Clients use `RemoteError.from_rpc_error`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import grpc
from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2

# google.rpc.ErrorInfo.domain names the service that decided the error ("inventory.sautikit"),
# so a caller several hops away can tell whose rule it met. A server passes its own; this is the
# domain of errors built outside any service (tests, tools).
ERROR_DOMAIN = "sautikit"
STATUS_DETAILS_KEY = "grpc-status-details-bin"


@dataclass(frozen=True)
class FieldViolation:
    field: str
    description: str


class DomainError(Exception):
    """Base of all expected errors. `code` is stable and documented; `message` is for humans."""

    status: grpc.StatusCode = grpc.StatusCode.FAILED_PRECONDITION
    default_code: str = "failed_precondition"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        violations: list[FieldViolation] | None = None,
        metadata: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.violations = violations or []
        self.metadata = metadata or {}


class InvalidArgument(DomainError):
    status = grpc.StatusCode.INVALID_ARGUMENT
    default_code = "validation_failed"


class NotFound(DomainError):
    status = grpc.StatusCode.NOT_FOUND
    default_code = "not_found"


class Conflict(DomainError):
    """The resource is not in a state that allows this (maps to HTTP 409)."""

    status = grpc.StatusCode.FAILED_PRECONDITION
    default_code = "conflict"


class AlreadyExists(DomainError):
    status = grpc.StatusCode.ALREADY_EXISTS
    default_code = "already_exists"


class Unavailable(DomainError):
    status = grpc.StatusCode.UNAVAILABLE
    default_code = "service_unavailable"


class ResourceExhausted(DomainError):
    status = grpc.StatusCode.RESOURCE_EXHAUSTED
    default_code = "rate_limited"


def error_domain_for(service_name: str) -> str:
    """The ErrorInfo domain of a service: "inventory" and "gateway-admin" -> "<first>.sautikit"."""
    return f"{service_name.partition('-')[0]}.sautikit"


def to_status_proto(error: DomainError, *, domain: str = ERROR_DOMAIN) -> status_pb2.Status:
    """Builds the google.rpc.Status carrying ErrorInfo (and BadRequest for field violations)."""
    details = []
    info = error_details_pb2.ErrorInfo(
        reason=error.code, domain=domain, metadata=dict(error.metadata)
    )
    packed = any_pb2.Any()
    packed.Pack(info)
    details.append(packed)
    if error.violations:
        bad_request = error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(
                    field=v.field, description=v.description
                )
                for v in error.violations
            ]
        )
        packed = any_pb2.Any()
        packed.Pack(bad_request)
        details.append(packed)
    return status_pb2.Status(
        code=getattr(code_pb2, error.status.name), message=error.message, details=details
    )


def trailing_metadata_for(
    error: DomainError, *, domain: str = ERROR_DOMAIN
) -> tuple[tuple[str, bytes], ...]:
    return ((STATUS_DETAILS_KEY, to_status_proto(error, domain=domain).SerializeToString()),)


@dataclass
class RemoteError(Exception):
    """A failed gRPC call as the caller sees it: status, stable reason, message, violations."""

    status: grpc.StatusCode
    reason: str
    message: str
    violations: list[FieldViolation] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    # ErrorInfo.domain: the service that decided the error; empty when it sent no ErrorInfo.
    domain: str = ""

    def __str__(self) -> str:
        return f"{self.status.name} {self.reason}: {self.message}"

    @classmethod
    def from_rpc_error(cls, error: grpc.aio.AioRpcError | grpc.RpcError) -> RemoteError:
        status = error.code() if callable(getattr(error, "code", None)) else grpc.StatusCode.UNKNOWN
        message = error.details() if callable(getattr(error, "details", None)) else str(error)
        reason = ""
        violations: list[FieldViolation] = []
        metadata: dict[str, str] = {}
        domain = ""
        trailing = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
        for key, value in trailing or ():
            if key != STATUS_DETAILS_KEY:
                continue
            parsed = status_pb2.Status.FromString(value)
            for detail in parsed.details:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    reason = info.reason
                    domain = info.domain
                    metadata = dict(info.metadata)
                elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                    bad = error_details_pb2.BadRequest()
                    detail.Unpack(bad)
                    violations = [
                        FieldViolation(v.field, v.description) for v in bad.field_violations
                    ]
        if not reason:
            reason = _FALLBACK_REASONS.get(status, "internal_error")
        return cls(status, reason, message or "", violations, metadata, domain)


_FALLBACK_REASONS = {
    grpc.StatusCode.UNAVAILABLE: "service_unavailable",
    grpc.StatusCode.DEADLINE_EXCEEDED: "upstream_timeout",
    grpc.StatusCode.NOT_FOUND: "not_found",
    grpc.StatusCode.INVALID_ARGUMENT: "validation_failed",
    grpc.StatusCode.UNIMPLEMENTED: "not_implemented",
}
