"""Requirements as data: the versioned document that says, per country, number type and action,
whether an order is needed and which registration fields and documents it must carry.

The shipped Kenyan defaults live in requirements_ke.json; an operator loads a newer version
with `sautikit orders requirements load FILE`. Parsing checks the whole document and reports
every problem, naming its path in the document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platform_common.errors import FieldViolation, InvalidArgument

DEFAULT_DOCUMENT = Path(__file__).with_name("requirements_ke.json")
ACTION_PURCHASE = "purchase"
FIELD_TYPES = ("text", "choice")
NUMBER_TYPES = ("mobile", "fixed_line", "toll_free", "premium")
# What a document may allow: the types the upload check can recognise by their magic bytes.
KNOWN_CONTENT_TYPES = ("application/pdf", "image/jpeg", "image/png")
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class FieldRule:
    name: str
    type: str
    required: bool
    max_length: int
    pattern: str = ""
    allowed_values: tuple[str, ...] = ()
    description: str = ""

    def problem(self, value: str) -> str | None:
        """Why `value` is not acceptable, or None."""
        if len(value) > self.max_length:
            return f"at most {self.max_length} characters"
        if any(ord(c) < 32 for c in value):
            return "must not contain control characters"
        if self.type == "choice" and value not in self.allowed_values:
            return "must be one of " + ", ".join(self.allowed_values)
        if self.pattern and re.fullmatch(self.pattern, value) is None:
            return f"does not have the expected form ({self.description or self.pattern})"
        return None


@dataclass(frozen=True)
class DocumentRule:
    document_type: str
    required: bool
    allowed_content_types: tuple[str, ...]
    max_bytes: int
    description: str = ""


@dataclass(frozen=True)
class RegistrationSet:
    name: str
    fields: tuple[FieldRule, ...]
    documents: tuple[DocumentRule, ...]

    def field(self, name: str) -> FieldRule | None:
        return next((f for f in self.fields if f.name == name), None)

    def document(self, document_type: str) -> DocumentRule | None:
        return next((d for d in self.documents if d.document_type == document_type), None)


@dataclass(frozen=True)
class Requirements:
    country: str
    number_type: str
    action: str
    order_required: bool
    version: int
    registration_sets: tuple[RegistrationSet, ...]
    max_attachments: int

    def registration_set(self, name: str) -> RegistrationSet | None:
        return next((s for s in self.registration_sets if s.name == name), None)


@dataclass(frozen=True)
class Catalogue:
    """One loaded version of the document."""

    version: int
    entries: dict[tuple[str, str, str], Requirements] = field(default_factory=dict)

    def find(
        self, country: str, number_type: str, action: str = ACTION_PURCHASE
    ) -> Requirements | None:
        return self.entries.get((country, number_type, action))

    def order_required(self, country: str, number_type: str) -> bool:
        found = self.find(country, number_type)
        return bool(found and found.order_required)


class _Problems:
    def __init__(self) -> None:
        self.violations: list[FieldViolation] = []

    def add(self, where: str, what: str) -> None:
        self.violations.append(FieldViolation(where, what))


def _text(
    raw: dict[str, Any], key: str, where: str, problems: _Problems, *, required: bool = True
) -> str:
    value = raw.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value):
        problems.add(f"{where}.{key}", "must be a non-empty string")
        return ""
    return value


def _field_rule(raw: Any, where: str, problems: _Problems) -> FieldRule | None:
    if not isinstance(raw, dict):
        problems.add(where, "must be an object")
        return None
    name = _text(raw, "name", where, problems)
    kind = raw.get("type", "text")
    if kind not in FIELD_TYPES:
        problems.add(f"{where}.type", "must be text or choice")
    max_length = raw.get("max_length", 200)
    if (
        not isinstance(max_length, int)
        or isinstance(max_length, bool)
        or not 1 <= max_length <= 2000
    ):
        problems.add(f"{where}.max_length", "must be a whole number from 1 to 2000")
        max_length = 1
    pattern = raw.get("pattern", "")
    if not isinstance(pattern, str):
        problems.add(f"{where}.pattern", "must be a string")
        pattern = ""
    elif pattern:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.add(f"{where}.pattern", f"is not a regular expression ({exc})")
    allowed = raw.get("allowed_values", [])
    if not isinstance(allowed, list) or not all(isinstance(v, str) and v for v in allowed):
        problems.add(f"{where}.allowed_values", "must be a list of non-empty strings")
        allowed = []
    if kind == "choice" and not allowed:
        problems.add(f"{where}.allowed_values", "a choice needs allowed values")
    required = raw.get("required", False)
    if not isinstance(required, bool):
        problems.add(f"{where}.required", "must be true or false")
    return FieldRule(
        name=name,
        type=str(kind),
        required=bool(required),
        max_length=max_length,
        pattern=pattern,
        allowed_values=tuple(allowed),
        description=str(raw.get("description", "")),
    )


def _document_rule(raw: Any, where: str, problems: _Problems) -> DocumentRule | None:
    if not isinstance(raw, dict):
        problems.add(where, "must be an object")
        return None
    document_type = _text(raw, "document_type", where, problems)
    types = raw.get("allowed_content_types")
    if not isinstance(types, list) or not types or not all(t in KNOWN_CONTENT_TYPES for t in types):
        problems.add(
            f"{where}.allowed_content_types",
            "must list one or more of " + ", ".join(KNOWN_CONTENT_TYPES),
        )
        types = []
    max_bytes = raw.get("max_bytes")
    if (
        not isinstance(max_bytes, int)
        or isinstance(max_bytes, bool)
        or not 1 <= max_bytes <= MAX_DOCUMENT_BYTES
    ):
        problems.add(f"{where}.max_bytes", f"must be a whole number from 1 to {MAX_DOCUMENT_BYTES}")
        max_bytes = 1
    return DocumentRule(
        document_type=document_type,
        required=bool(raw.get("required", False)),
        allowed_content_types=tuple(types),
        max_bytes=max_bytes,
        description=str(raw.get("description", "")),
    )


def _registration_set(
    name: str, raw: Any, extra: FieldRule | None, where: str, problems: _Problems
) -> RegistrationSet:
    fields: list[FieldRule] = []
    documents: list[DocumentRule] = []
    if not isinstance(raw, dict):
        problems.add(where, "must be an object")
        return RegistrationSet(name, (), ())
    for index, item in enumerate(raw.get("fields", [])):
        rule = _field_rule(item, f"{where}.fields[{index}]", problems)
        if rule is not None:
            fields.append(rule)
    for index, item in enumerate(raw.get("attachments", [])):
        doc = _document_rule(item, f"{where}.attachments[{index}]", problems)
        if doc is not None:
            documents.append(doc)
    if extra is not None:
        fields.append(extra)
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        problems.add(f"{where}.fields", "field names must be unique")
    return RegistrationSet(name, tuple(fields), tuple(documents))


def parse_document(text: str) -> Catalogue:
    """The whole document checked; every problem reported at once as validation_failed."""
    problems = _Problems()
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InvalidArgument(
            "the requirements document is not JSON",
            violations=[FieldViolation("document", f"must be JSON ({exc})")],
        ) from None
    if not isinstance(raw, dict):
        raise InvalidArgument(
            "the requirements document must be a JSON object",
            violations=[FieldViolation("document", "must be an object")],
        )
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or not 1 <= version < 2**31:
        problems.add("version", "must be a positive whole number")
        version = 0
    max_attachments = raw.get("max_attachments_per_order", 10)
    if not isinstance(max_attachments, int) or not 1 <= max_attachments <= 50:
        problems.add("max_attachments_per_order", "must be a whole number from 1 to 50")
        max_attachments = 1
    sets_raw = raw.get("registration_sets")
    if not isinstance(sets_raw, dict) or not sets_raw:
        problems.add("registration_sets", "must be an object naming one or more sets")
        sets_raw = {}
    use_field = None
    if "use_description_field" in raw:
        use_field = _field_rule(raw["use_description_field"], "use_description_field", problems)
    entries: dict[tuple[str, str, str], Requirements] = {}
    raw_entries = raw.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.add("entries", "must be a non-empty list")
        raw_entries = []
    for index, entry in enumerate(raw_entries):
        where = f"entries[{index}]"
        if not isinstance(entry, dict):
            problems.add(where, "must be an object")
            continue
        country = _text(entry, "country", where, problems)
        if country and re.fullmatch(r"[A-Z]{2}", country) is None:
            problems.add(f"{where}.country", "must be an ISO 3166-1 alpha-2 code")
        number_type = _text(entry, "number_type", where, problems)
        if number_type and number_type not in NUMBER_TYPES:
            problems.add(f"{where}.number_type", "must be one of " + ", ".join(NUMBER_TYPES))
        action = entry.get("action", ACTION_PURCHASE)
        if action != ACTION_PURCHASE:
            problems.add(f"{where}.action", "must be purchase")
        order_required = entry.get("order_required")
        if not isinstance(order_required, bool):
            problems.add(f"{where}.order_required", "must be true or false")
        names = entry.get("registration_sets")
        if not isinstance(names, list) or not names:
            problems.add(f"{where}.registration_sets", "must name one or more sets")
            names = []
        extra = use_field if entry.get("require_use_description") else None
        if entry.get("require_use_description") and use_field is None:
            problems.add(f"{where}.require_use_description", "needs use_description_field")
        sets = []
        for name in names:
            if not isinstance(name, str) or name not in sets_raw:
                problems.add(f"{where}.registration_sets", f"{name!r} is not a registration set")
                continue
            sets.append(
                _registration_set(
                    name, sets_raw[name], extra, f"registration_sets.{name}", problems
                )
            )
        key = (country, number_type, str(action))
        if key in entries:
            problems.add(where, "repeats an earlier entry's country, number_type and action")
        entries[key] = Requirements(
            country=country,
            number_type=number_type,
            action=str(action),
            order_required=bool(order_required),
            version=version,
            registration_sets=tuple(sets),
            max_attachments=max_attachments,
        )
    if problems.violations:
        raise InvalidArgument(
            f"the requirements document has {len(problems.violations)} problem(s)",
            violations=problems.violations[:50],
        )
    return Catalogue(version=version, entries=entries)


def default_document() -> str:
    return DEFAULT_DOCUMENT.read_text()
