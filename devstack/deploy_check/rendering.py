"""Renders a Kustomize overlay with `kubectl kustomize` and validates every object strictly
against the Kubernetes schemas (kubernetes-validate), offline."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml

Manifest = dict[str, Any]


class RenderError(RuntimeError):
    """kubectl is missing or the overlay does not build."""


def render(overlay: Path) -> list[Manifest]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise RenderError("kubectl not found (Debian package kubectl; .ci/run installs it)")
    result = subprocess.run(
        [kubectl, "kustomize", str(overlay)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RenderError(f"kubectl kustomize {overlay}: {result.stderr.strip()}")
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def describe(obj: Manifest) -> str:
    return f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"


def schema_errors(objects: list[Manifest], *, kubernetes_version: str) -> list[str]:
    """Every object checked with unknown fields rejected: a misspelled field fails here."""
    errors: list[str] = []
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, kubernetes_version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            path = "/".join(str(p) for p in exc.path)
            errors.append(f"{describe(obj)}: {path}: {exc.message}")
        except kubernetes_validate.SchemaNotFoundError as exc:
            errors.append(f"{describe(obj)}: no schema ({exc})")
    return errors
