"""Every error answer of the API raised as one typed exception.

The API answers errors as RFC 9457 `application/problem+json` with a stable `code`; the hook
here turns any 4xx/5xx into `ApiError` before the generated code parses it, so a caller
catches `ApiError` and branches on `.code` instead of inspecting return types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

PROBLEM_CONTENT_TYPE = "application/problem+json"


@dataclass(frozen=True)
class FieldProblem:
    """One invalid request field: `field` as the client sent it (`items[0].name`)."""

    field: str
    message: str


@dataclass
class ApiError(Exception):
    """An error answer. `code` is stable (branch on it); `detail` is for people;
    `request_id` is what support asks for."""

    status: int
    code: str
    detail: str
    request_id: str | None = None
    errors: list[FieldProblem] = field(default_factory=list)
    title: str | None = None
    type: str | None = None
    retry_after: float | None = None

    def __str__(self) -> str:
        suffix = f" (request {self.request_id})" if self.request_id else ""
        return f"{self.status} {self.code}: {self.detail}{suffix}"

    @classmethod
    def from_response(cls, response: httpx.Response) -> ApiError:
        body: dict[str, Any] = {}
        try:
            parsed = response.json()
            if isinstance(parsed, dict):
                body = parsed
        except ValueError:
            pass
        errors = [
            FieldProblem(str(e.get("field", "")), str(e.get("message", "")))
            for e in body.get("errors") or []
            if isinstance(e, dict)
        ]
        return cls(
            status=response.status_code,
            code=str(body.get("code") or "http_error"),
            detail=str(body.get("detail") or response.reason_phrase or "The request failed"),
            request_id=body.get("request_id") or response.headers.get("X-Request-Id"),
            errors=errors,
            title=body.get("title"),
            type=body.get("type"),
            retry_after=_seconds(response.headers.get("Retry-After")),
        )


def _seconds(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


def raise_for_problem(response: httpx.Response) -> None:
    """An httpx response hook: 4xx and 5xx raise ApiError."""
    if response.status_code >= 400:
        response.read()
        raise ApiError.from_response(response)


async def araise_for_problem(response: httpx.Response) -> None:
    """The async client's response hook."""
    if response.status_code >= 400:
        await response.aread()
        raise ApiError.from_response(response)
