"""One voice for what the API says about a bad field: `<field>: <what is expected>`.

Every field message says what the field must be ("must be an integer", "is required"), never
what went wrong in the framework's words ("Input should be a valid integer"). The problem's
`detail` is its field errors joined, so a condition is worded the same way in `detail` and in
`errors`, whether pydantic, a gateway check or a service (google.rpc.BadRequest) found it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from gateway.problems import FieldError

REQUIRED = "is required"

# pydantic error type -> the expectation, formatted with the error's ctx.
_EXPECTATIONS: dict[str, str] = {
    "missing": REQUIRED,
    "int_parsing": "must be an integer",
    "int_type": "must be an integer",
    "int_from_float": "must be an integer",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "string_type": "must be a string",
    "string_too_short": "must be at least {min_length} characters",
    "string_too_long": "must be at most {max_length} characters",
    "string_pattern_mismatch": "must match {pattern}",
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than": "must be less than {lt}",
    "less_than_equal": "must be at most {le}",
    "multiple_of": "must be a multiple of {multiple_of}",
    "enum": "must be one of {expected}",
    "literal_error": "must be one of {expected}",
    "extra_forbidden": "must not be sent (not a field of this request)",
    "uuid_parsing": "must be a UUID",
    "uuid_type": "must be a UUID",
    "url_parsing": "must be an absolute URL",
    "url_type": "must be an absolute URL",
    "url_scheme": "must be a URL with scheme {expected_schemes}",
    "datetime_parsing": "must be an RFC 3339 date-time",
    "datetime_type": "must be an RFC 3339 date-time",
    "date_parsing": "must be a date, YYYY-MM-DD",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "list_type": "must be an array",
    "too_short": "must have at least {min_length} items",
    "too_long": "must have at most {max_length} items",
}

# Service wordings that predate the one voice, as they arrive in google.rpc.BadRequest.
_UPSTREAM_WORDS: dict[str, str] = {
    "required": REQUIRED,
    "missing": REQUIRED,
    "unknown value": "must be one of the documented values",
}

_EXPECTATION_START = re.compile(r"^(must|is required|may)\b")


def expectation(message: str) -> str:
    """A field message in the one voice: what is expected, lower case, no trailing period."""
    text = message.strip().rstrip(".")
    text = _UPSTREAM_WORDS.get(text.lower(), text)
    if text.lower().startswith("value error, "):
        text = text[len("value error, ") :]
    if text and text[0].isupper() and not text[:2].isupper():
        text = text[0].lower() + text[1:]
    if not _EXPECTATION_START.match(text):
        text = f"must be valid: {text}" if text else "must be valid"
    return text


def from_pydantic(error: Mapping[str, Any], field: str) -> FieldError:
    """One pydantic validation error as the field message clients read."""
    template = _EXPECTATIONS.get(str(error.get("type", "")))
    if template is not None:
        ctx = dict(error.get("ctx") or {})
        try:
            return FieldError(field, template.format(**ctx))
        except (KeyError, IndexError):
            pass
    return FieldError(field, expectation(str(error.get("msg", ""))))


def detail_of(errors: Sequence[FieldError]) -> str:
    """The problem's detail: every field error, worded exactly as in `errors`."""
    return "; ".join(f"{e.field}: {e.message}" for e in errors)
