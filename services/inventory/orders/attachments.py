"""Checks of an uploaded document before anything is stored: known document type, allowed
MIME type, size, and that the content really is what its declared type says (magic bytes,
via `filetype`: an executable renamed .pdf is refused)."""

from __future__ import annotations

import filetype

from platform_common.errors import FieldViolation
from services.inventory.orders.errors import AttachmentRejected
from services.inventory.orders.requirements import DocumentRule, Requirements


def _refuse(code: str, field: str, message: str) -> AttachmentRejected:
    return AttachmentRejected(message, code=code, violations=[FieldViolation(field, message)])


def document_rule(
    requirements: Requirements, registration_type: str | None, document_type: str
) -> DocumentRule:
    """The rule of `document_type` in the chosen registration set (or in any set, before one
    is chosen)."""
    sets = requirements.registration_sets
    if registration_type:
        sets = tuple(s for s in sets if s.name == registration_type)
    for candidate in sets:
        rule = candidate.document(document_type)
        if rule is not None:
            return rule
    raise _refuse(
        "unknown_document_type",
        "document_type",
        f"{document_type!r} is not a document these requirements ask for",
    )


def check_document(
    rule: DocumentRule, *, content_type: str, content: bytes, already_stored: int, limit: int
) -> str:
    """The verified MIME type; AttachmentRejected with a precise code otherwise."""
    if content_type not in rule.allowed_content_types:
        raise _refuse(
            "attachment_type_not_allowed",
            "file",
            f"{content_type or 'this type'} is not accepted for {rule.document_type}; send "
            + ", ".join(rule.allowed_content_types),
        )
    if not content:
        raise _refuse("attachment_empty", "file", "the file is empty")
    if len(content) > rule.max_bytes:
        raise _refuse(
            "attachment_too_large", "file", f"the file is larger than {rule.max_bytes} bytes"
        )
    detected = filetype.guess_mime(content)
    if detected != content_type:
        raise _refuse(
            "attachment_type_mismatch",
            "file",
            f"the content is not {content_type} (it looks like {detected or 'unknown data'})",
        )
    if already_stored >= limit:
        raise _refuse(
            "attachment_limit_reached", "file", f"an order holds at most {limit} documents"
        )
    return detected
