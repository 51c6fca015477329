"""The container image's one entry point: its argument chooses the process.

    <part>            serve: a service under services/ (e.g. wallet, notifications) or gateway
    migrate <part>    upgrade that part's schema, then exit

Each part's own `main` module does the work; this only maps the argument to it, so the image
needs no per-part command and an unknown part fails before anything starts.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USAGE = "usage: <part> | migrate <part>   (parts: {parts})"


def known_parts(root: Path = ROOT) -> dict[str, str]:
    """Part name -> its main module: every services/<name>/main.py, and the gateway."""
    parts = {
        main.parent.name: f"services.{main.parent.name}.main"
        for main in sorted((root / "services").glob("*/main.py"))
    }
    parts["gateway"] = "gateway.main"
    return parts


def resolve(argv: list[str], parts: dict[str, str]) -> tuple[str, list[str]]:
    """(module to run, the argv it sees); SystemExit(2) with the usage for anything else."""
    if len(argv) == 1 and argv[0] in parts:
        return parts[argv[0]], [parts[argv[0]]]
    if len(argv) == 2 and argv[0] == "migrate" and argv[1] in parts:
        return parts[argv[1]], [parts[argv[1]], "migrate"]
    print(USAGE.format(parts=", ".join(sorted(parts))), file=sys.stderr)
    raise SystemExit(2)


def main() -> None:
    module, argv = resolve(sys.argv[1:], known_parts())
    sys.argv = argv
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
