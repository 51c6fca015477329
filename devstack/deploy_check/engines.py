"""Checks for the distributed engines' checked-in configuration: the CloudNativePG Cluster (its
CRDs are not core types: validated against the schema subset under deploy/postgres/schemas) and
the values for the NATS Helm chart (no Helm offline: the keys this deployment relies on)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import yaml

# Top-level keys of the NATS chart's values (chart 1.x): an unknown one is a misspelling that
# Helm would silently ignore.
NATS_CHART_KEYS = frozenset(
    {
        "global", "nameOverride", "fullnameOverride", "namespaceOverride", "config", "container",
        "reloader", "promExporter", "service", "statefulSet", "podTemplate", "headlessService",
        "natsBox", "serviceAccount", "podDisruptionBudget", "networkPolicy", "extraResources",
        "tlsCA", "configMap",
    }
)  # fmt: skip
NATS_REQUIRED: dict[tuple[str, ...], Any] = {
    ("config", "cluster", "enabled"): True,
    ("config", "cluster", "replicas"): 3,
    ("config", "jetstream", "enabled"): True,
    ("config", "jetstream", "fileStore", "enabled"): True,
    ("config", "jetstream", "fileStore", "pvc", "enabled"): True,
}


def postgres_cluster_errors(folder: Path, *, kubernetes_version: str = "1.31.0") -> list[str]:
    schemas = {
        "Cluster": yaml.safe_load((folder / "schemas" / "cluster.yaml").read_text()),
        "ScheduledBackup": yaml.safe_load(
            (folder / "schemas" / "scheduledbackup.yaml").read_text()
        ),
    }
    errors: list[str] = []
    objects = [o for o in yaml.safe_load_all((folder / "cluster.yaml").read_text()) if o]
    kinds = [o.get("kind") for o in objects]
    if "Cluster" not in kinds:
        errors.append("postgres: no CloudNativePG Cluster")
    for obj in objects:
        name = f"postgres {obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
        schema = schemas.get(obj.get("kind", ""))
        if schema is not None:
            for error in jsonschema.Draft202012Validator(schema).iter_errors(obj):
                errors.append(f"{name}: {'/'.join(map(str, error.path))}: {error.message}")
            continue
        try:
            kubernetes_validate.validate(obj, kubernetes_version, strict=True)
        except (
            kubernetes_validate.ValidationError,
            kubernetes_validate.SchemaNotFoundError,
        ) as exc:
            errors.append(f"{name}: {exc}")
    for obj in objects:
        if obj.get("kind") == "Cluster" and obj["spec"].get("instances", 0) < 3:
            errors.append("postgres: the Cluster needs 3 instances")
    return errors


def nats_values_errors(path: Path) -> list[str]:
    values = yaml.safe_load(path.read_text()) or {}
    errors = [f"nats values: unknown key {key!r}" for key in sorted(set(values) - NATS_CHART_KEYS)]
    for keys, expected in NATS_REQUIRED.items():
        node: Any = values
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        if node != expected:
            errors.append(f"nats values: {'.'.join(keys)} must be {expected!r}, is {node!r}")
    spread = values.get("podTemplate", {}).get("topologySpreadConstraints", {})
    if "kubernetes.io/hostname" not in spread:
        errors.append("nats values: servers are not spread across nodes")
    return errors
