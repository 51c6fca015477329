"""Runs every deploy check over a source tree and a deploy/ folder (tests pass altered copies)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from devstack.deploy_check.call_graph import dialled
from devstack.deploy_check.engines import nats_values_errors, postgres_cluster_errors
from devstack.deploy_check.network import call_errors, exposure_errors
from devstack.deploy_check.parts import ROOT, deployable_parts
from devstack.deploy_check.rendering import RenderError, render, schema_errors
from devstack.deploy_check.required_env import DiscoveryError, ModuleIndex, required_variables
from devstack.deploy_check.topology import address_errors, migration_errors, part_errors

# The oldest Kubernetes the manifests support (matchLabelKeys in pod affinity is 1.31+).
KUBERNETES_VERSION = "1.31.0"
# Overlay -> the fewest replicas each part must run there.
OVERLAYS = {"dev": 1, "prod": 2}


def run_checks(
    *,
    source_root: Path = ROOT,
    deploy_dir: Path | None = None,
    overlays: Mapping[str, int] = OVERLAYS,
    schemas: bool = True,
) -> list[str]:
    """Every problem found, each prefixed by where; empty when the deployment is sound.
    `schemas=False` skips the schema validation (tests of the other rules, to save time)."""
    deploy = deploy_dir or ROOT / "deploy"
    parts = deployable_parts(source_root)
    problems: list[str] = []
    index = ModuleIndex(source_root)  # each module parsed once for every part
    try:
        required = {
            p.name: {v: r.where for v, r in required_variables(p.module, index=index).items()}
            for p in parts
        }
        shared = {
            v: r.where for v, r in required_variables("platform_common.config", index=index).items()
        }
        calls = {p.name: dialled(p.module, index=index) for p in parts}
    except DiscoveryError as exc:
        return [f"required variables: {exc}"]
    for overlay, min_replicas in overlays.items():
        try:
            objects = render(deploy / "k8s" / "overlays" / overlay)
        except RenderError as exc:
            problems.append(str(exc))
            continue
        found = schema_errors(objects, kubernetes_version=KUBERNETES_VERSION) if schemas else []
        for part in parts:
            found += part_errors(part, objects, required[part.name], min_replicas=min_replicas)
            found += call_errors(part.name, calls[part.name], objects)
            found += address_errors(part.name, calls[part.name], objects)
        found += exposure_errors(objects)
        found += migration_errors(parts, objects, shared)
        problems += [f"[{overlay}] {p}" for p in found]
    problems += postgres_cluster_errors(deploy / "postgres")
    problems += nats_values_errors(deploy / "nats" / "values.yaml")
    return problems
