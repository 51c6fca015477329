"""Request bodies checked before any route parses them.

1. Strict Content-Type: a request that carries a body must say it is JSON (`application/json`,
   with or without a charset, or any `+json` type). Anything else, a missing Content-Type
   included, is 415 `unsupported_media_type`: a body is never guessed at. Two routes take
   other types (BODY_TYPE_EXCEPTIONS): document uploads are forms (multipart), and Daraja's M-Pesa
   callbacks are taken as sent (the wallet reads them; refusing one would only delay a
   top-up until the reconciler's query).
2. JSON shape caps: nesting deeper than `max_depth` is 400 `json_too_deep` and a string longer
   than `max_string_chars` is 400 `json_string_too_long`, found by one flat scan of the raw
   bytes. Python's json parser recurses once per level, so a 100k-deep `[[[[` would otherwise
   cost a RecursionError (a 500) instead of a clean 400.

Runs inside BodyLimit, so the body it buffers is already bounded.
"""

from __future__ import annotations

import json
import re

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.middleware import PayloadTooLarge
from gateway.problems import ApiProblem, FieldError, problem_response

MAX_JSON_DEPTH = 32
MAX_JSON_STRING_CHARS = 10_000

_FORMS = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
# path pattern -> the media types it accepts instead of JSON (None: any type).
BODY_TYPE_EXCEPTIONS: tuple[tuple[re.Pattern[str], frozenset[str] | None], ...] = (
    # A form: multipart with its file, or urlencoded (then the route names the missing file).
    (re.compile(r"^/v1/number-orders/[^/]+/attachments$"), _FORMS),
    # Any Content-Type; the wallet reads the body as JSON, so the shape caps still apply.
    (re.compile(r"^/v1/mpesa/callbacks/"), None),
)

# A whole string, an opening/closing bracket, or a quote that opens a string never closed (the
# body is not JSON then; the parser will say so). One C-level match per token.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]|"', re.DOTALL)
_COLON = re.compile(rb"[ \t\r\n]*:")  # after a string: it was a member name


def media_type(content_type: str | None) -> str:
    """`application/JSON; charset=utf-8` -> `application/json`; "" when absent."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_json_media_type(media: str) -> bool:
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def json_shape_problem(body: bytes, *, max_depth: int, max_string_chars: int) -> ApiProblem | None:
    """The 400 for a body nested deeper or holding a longer string than allowed; None when
    neither (including bodies that are not JSON at all: the parser reports those)."""
    if len(body) <= max_string_chars and body.count(b"[") + body.count(b"{") <= max_depth:
        return None  # cannot exceed either cap: most bodies stop here
    depth = 0
    member = "body"  # the innermost member name seen last: names the field of a long string
    for match in _JSON_TOKEN.finditer(body):
        token = match.group()
        first = token[:1]
        if first == b'"':
            if len(token) == 1:
                return None  # an unterminated string: invalid JSON, the parser refuses it
            if _COLON.match(body, match.end()):
                member = token[1:-1].decode("utf-8", "replace")[:64]
            # UTF-8 bytes and escapes are never fewer than the characters they encode.
            if len(token) - 2 > max_string_chars and _decoded_length(token) > max_string_chars:
                message = f"longer than {max_string_chars} characters"
                return ApiProblem(
                    400,
                    "json_string_too_long",
                    f"{member}: a JSON string in the body is {message}",
                    errors=[FieldError(member, message)],
                )
        elif first in (b"[", b"{"):
            depth += 1
            if depth > max_depth:
                return ApiProblem(
                    400,
                    "json_too_deep",
                    f"The JSON body is nested deeper than {max_depth} levels",
                )
        else:
            depth -= 1
    return None


def _decoded_length(token: bytes) -> int:
    try:
        return len(json.loads(token))
    except ValueError:
        return 0  # not a valid JSON string: the parser refuses the body


_JSON_ONLY: frozenset[str] = frozenset()


def _accepted_types(path: str) -> frozenset[str] | None:
    """The media types a route takes instead of JSON: none (JSON only), some, or None (any)."""
    for pattern, accepted in BODY_TYPE_EXCEPTIONS:
        if pattern.match(path):
            return accepted
    return _JSON_ONLY


class BodyGuard:
    """See the module docstring."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_depth: int = MAX_JSON_DEPTH,
        max_string_chars: int = MAX_JSON_STRING_CHARS,
    ) -> None:
        self.app = app
        self.max_depth = max_depth
        self.max_string_chars = max_string_chars

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if not _may_have_body(headers):
            await self.app(scope, receive, send)
            return
        media = media_type(headers.get("content-type"))
        accepted = _accepted_types(str(scope.get("path", "")))
        if accepted and media in accepted:
            await self.app(scope, receive, send)  # streamed as is: not JSON
            return
        try:
            body = await _read_body(receive)
        except PayloadTooLarge as exc:
            too_large = ApiProblem(413, "payload_too_large", str(exc.detail))
            await problem_response(too_large)(scope, receive, send)
            return
        problem = self._problem(body, media, accepted)
        if problem is not None:
            await problem_response(problem)(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    def _problem(
        self, body: bytes, media: str, accepted: frozenset[str] | None
    ) -> ApiProblem | None:
        if not body:
            return None  # no body after all (e.g. an empty chunked one): nothing to type
        # Any type goes where accepted is None (the callback is still read as JSON upstream,
        # so the shape caps apply); a listed type was streamed through above.
        if accepted is not None and (accepted or not is_json_media_type(media)):
            wanted = " or ".join(sorted(accepted)) if accepted else "application/json"
            return ApiProblem(
                415,
                "unsupported_media_type",
                f"Send the body as {wanted} (Content-Type: {media or 'missing'})",
            )
        return json_shape_problem(
            body, max_depth=self.max_depth, max_string_chars=self.max_string_chars
        )


def _may_have_body(headers: Headers) -> bool:
    length = headers.get("content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return "transfer-encoding" in headers


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # the client went away: the app sees an empty body and nobody reads it
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # http.disconnect, when it comes

    return replay
