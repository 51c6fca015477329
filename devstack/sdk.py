"""`make sdk` and its drift check: the Python SDK's generated package is what the pinned
openapi-python-client makes of the document the gateway serves.

    python -m devstack.sdk           regenerate clients/python/{openapi.json,sautikit_api_client}
    python -m devstack.sdk --check   fail when the committed ones differ from a fresh generation

The generator runs with --fail-on-warning: a construct it cannot model fails the build
instead of silently dropping an operation or a field."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from gateway.openapi_export import openapi_document, write_document

ROOT = Path(__file__).resolve().parent.parent
SDK_DIR = ROOT / "clients" / "python"
PACKAGE = "sautikit_api_client"
CONFIG = SDK_DIR / "generator.yaml"
# Overrides of the generator's templates (each says what it changes and why).
TEMPLATES = SDK_DIR / "templates"


def generate(document_path: Path, out_dir: Path) -> Path:
    """Generates the client package from document_path into out_dir/PACKAGE and returns it."""
    target = out_dir / PACKAGE
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(document_path),
            "--config",
            str(CONFIG),
            "--custom-template-path",
            str(TEMPLATES),
            "--meta",
            "none",
            "--output-path",
            str(target),
            "--overwrite",
            "--fail-on-warning",
        ],
        check=True,
        cwd=out_dir,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(target / ".ruff_cache", ignore_errors=True)
    return target


def _differences(left: Path, right: Path) -> list[str]:
    compared = filecmp.dircmp(left, right, ignore=["__pycache__", ".ruff_cache"])
    found: list[str] = []

    def walk(node: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in node.left_only + node.right_only)
        found.extend(prefix + name for name in node.diff_files)
        for name, child in node.subdirs.items():
            walk(child, f"{prefix}{name}/")

    walk(compared, "")
    return found


def main(argv: list[str]) -> int:
    check = argv == ["--check"]
    with tempfile.TemporaryDirectory(prefix="sautikit-sdk-") as scratch:
        scratch_dir = Path(scratch)
        document = scratch_dir / "openapi.json"
        write_document(openapi_document(), document)
        generated = generate(document, scratch_dir)
        if check:
            drift = _differences(generated, SDK_DIR / PACKAGE)
            if not filecmp.cmp(document, SDK_DIR / "openapi.json", shallow=False):
                drift.insert(0, "openapi.json")
            if drift:
                print("the Python SDK drifted from the OpenAPI document: run make sdk")
                for name in drift[:20]:
                    print(f"  {name}")
                return 1
            return 0
        shutil.rmtree(SDK_DIR / PACKAGE, ignore_errors=True)
        shutil.copytree(generated, SDK_DIR / PACKAGE)
        shutil.copyfile(document, SDK_DIR / "openapi.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
