"""Reads an inventory CSV and validates every row before anything is sent, so a file with a
bad row imports nothing and the operator sees every problem with its line number at once."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sautikit.inventory.v1 import inventory_pb2
from services.inventory.domain import NumberSpec, validate_number_spec

COLUMNS = (
    "e164",
    "number_type",
    "capabilities",
    "monthly_price_minor",
    "inbound_per_min_minor",
    "outbound_per_min_minor",
)
_NUMBER_TYPES = {
    "mobile": inventory_pb2.NUMBER_TYPE_MOBILE,
    "fixed_line": inventory_pb2.NUMBER_TYPE_FIXED_LINE,
    "toll_free": inventory_pb2.NUMBER_TYPE_TOLL_FREE,
}
_CAPABILITIES = {"voice": inventory_pb2.CAPABILITY_VOICE, "sms": inventory_pb2.CAPABILITY_SMS}


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


def split_capabilities(raw: str) -> list[str]:
    """Accepts "voice;sms", "voice|sms", "voice sms" or a quoted "voice,sms"."""
    for separator in (";", "|", ","):
        raw = raw.replace(separator, " ")
    return raw.split()


def read_inventory_csv(path: Path) -> tuple[list[NumberSpec], list[RowProblem]]:
    """Parses and validates the file; line numbers count the header as line 1."""
    specs: list[NumberSpec] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return [], [RowProblem(1, "header", f"missing column(s): {', '.join(missing)}")]
        for row in reader:
            line = reader.line_num
            spec, violations = validate_number_spec(
                e164=(row["e164"] or "").strip(),
                number_type=(row["number_type"] or "").strip(),
                capabilities=split_capabilities(row["capabilities"] or ""),
                monthly_price_minor=(row["monthly_price_minor"] or "").strip(),
                inbound_per_min_minor=(row["inbound_per_min_minor"] or "").strip(),
                outbound_per_min_minor=(row["outbound_per_min_minor"] or "").strip(),
                currency=(row.get("currency") or "").strip(),
            )
            problems.extend(RowProblem(line, v.field, v.description) for v in violations)
            if spec is None:
                continue
            if spec.e164 in seen:
                problems.append(RowProblem(line, "e164", f"duplicate of line {seen[spec.e164]}"))
                continue
            seen[spec.e164] = line
            specs.append(spec)
    return specs, problems


def to_proto(spec: NumberSpec) -> inventory_pb2.NumberSpec:
    return inventory_pb2.NumberSpec(
        e164=spec.e164,
        number_type=_NUMBER_TYPES[str(spec.number_type)],
        capabilities=[_CAPABILITIES[str(c)] for c in spec.capabilities],
        monthly_price_minor=spec.monthly_price_minor,
        inbound_per_min_minor=spec.inbound_per_min_minor,
        outbound_per_min_minor=spec.outbound_per_min_minor,
        currency=spec.currency,
        id=str(spec.id) if spec.id else "",
    )
