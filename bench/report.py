"""The benchmark report: one row per measured path, printed as one table and written as JSON.

Every stage returns rows with the same keys, so runs can be compared file to file:
path, figure, unit, baseline, baseline_unit, ratio, target, met (plus any detail keys).
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROW_KEYS = ("path", "figure", "unit", "baseline", "baseline_unit", "ratio", "target", "met")


def row(
    path: str,
    *,
    figure: float,
    unit: str,
    target: str,
    met: bool | None,
    baseline: float | None = None,
    baseline_unit: str = "",
    ratio: float | None = None,
    **detail: Any,
) -> dict[str, Any]:
    """One report row; `ratio` defaults to figure / baseline when a baseline is given; `met`
    None for a row shown for information, without a target."""
    if ratio is None and baseline:
        ratio = figure / baseline
    return {
        "path": path,
        "figure": _round(figure),
        "unit": unit,
        "baseline": _round(baseline),
        "baseline_unit": baseline_unit,
        "ratio": _round(ratio, 3),
        "target": target,
        "met": None if met is None else bool(met),
        **detail,
    }


def _round(value: float | None, digits: int = 2) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(value, digits)


def _cell(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    return (
        f"{value:,}{(' ' + unit) if unit else ''}" if isinstance(value, float | int) else str(value)
    )


def table(rows: list[dict[str, Any]]) -> str:
    """A fixed-width text table of the rows (every row, in stage order)."""
    header = ("path", "figure", "baseline (same run)", "ratio", "target", "met")
    lines = [
        (
            str(r["path"]),
            _cell(r["figure"], r["unit"]),
            _cell(r["baseline"], r["baseline_unit"]),
            _cell(r["ratio"]),
            str(r["target"]),
            "-" if r["met"] is None else ("yes" if r["met"] else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(line[i]) for line in lines)) for i, h in enumerate(header)]
    out = [" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("-+-".join("-" * w for w in widths))
    out += [" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    return "\n".join(out)


def write_json(directory: Path, report: dict[str, Any]) -> Path:
    """Writes <directory>/<UTC timestamp>.json and latest.json (same content)."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(report, indent=2)
    path = directory / f"{stamp}.json"
    path.write_text(text)
    (directory / "latest.json").write_text(text)
    return path
