"""`make lint` step: validates every Kubernetes manifest under deploy/k8s offline and strictly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    manifests = sorted(str(p) for p in (ROOT / "deploy" / "k8s").glob("*.yaml"))
    if not manifests:
        print("no manifests under deploy/k8s", file=sys.stderr)
        return 1
    tool = Path(sys.executable).parent / "kubernetes-validate"
    result = subprocess.run([str(tool), "--strict", "--quiet", *manifests])
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
