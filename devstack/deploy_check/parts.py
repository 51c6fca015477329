"""The deployable parts of the platform, found on disk: every `services/<name>/main.py` and the
gateway. A Deployment, Service, PDB, HPA and NetworkPolicy are expected for each, named after it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Part:
    name: str  # the Deployment's and the container's name
    module: str  # the entry module, e.g. services.wallet.main


def deployable_parts(root: Path = ROOT) -> list[Part]:
    parts = [
        Part(name=main.parent.name, module=f"services.{main.parent.name}.main")
        for main in sorted((root / "services").glob("*/main.py"))
    ]
    if (root / "gateway" / "main.py").exists():
        parts.append(Part(name="gateway", module="gateway.main"))
    return parts
