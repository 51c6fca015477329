"""RFC 9457 problem details: the one shape of every error the public API returns."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus

from pydantic import BaseModel
from starlette.responses import Response

from platform_common.logs import request_id_var

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://docs.sautikit.com/errors/"


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass
class ApiProblem(Exception):
    """Raised anywhere in request handling; the app turns it into a problem response."""

    status: int
    code: str
    detail: str
    errors: Sequence[FieldError] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.detail}"


def validation_failed(field_name: str, message: str) -> ApiProblem:
    """A 400 naming one request field (body member, query parameter or header). `message` says
    what is expected ("must be ...", "is required"): gateway/field_messages.py."""
    return ApiProblem(
        400,
        "validation_failed",
        f"{field_name}: {message}",
        errors=[FieldError(field_name, message)],
    )


def problem_body(problem: ApiProblem) -> dict[str, object]:
    body: dict[str, object] = {
        "type": TYPE_BASE + problem.code,
        "title": problem.title or _title(problem.status),
        "status": problem.status,
        "detail": problem.detail,
        "code": problem.code,
    }
    request_id = request_id_var.get()
    if request_id:
        body["request_id"] = request_id
    if problem.errors:
        body["errors"] = [{"field": e.field, "message": e.message} for e in problem.errors]
    return body


def problem_response(problem: ApiProblem) -> Response:
    return Response(
        content=json.dumps(problem_body(problem), separators=(",", ":")),
        status_code=problem.status,
        media_type=PROBLEM_CONTENT_TYPE,
        headers=dict(problem.headers),
    )


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class ProblemFieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """OpenAPI schema of application/problem+json responses."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    request_id: str | None = None
    errors: list[ProblemFieldError] | None = None
