"""The platform's own rules over a rendered overlay, beyond what the schemas say: every part has
a Deployment, Service, PodDisruptionBudget, HorizontalPodAutoscaler, probes, a hardened
container, a NetworkPolicy of its own and every variable it reads without a default."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from devstack.deploy_check.call_graph import Call
from devstack.deploy_check.parts import Part
from devstack.deploy_check.rendering import Manifest

PROBES = ("readinessProbe", "livenessProbe")


def _of_kind(objects: Iterable[Manifest], kind: str) -> list[Manifest]:
    return [o for o in objects if o.get("kind") == kind]


def _named(objects: Iterable[Manifest], kind: str, name: str) -> Manifest | None:
    for obj in _of_kind(objects, kind):
        if obj["metadata"]["name"] == name:
            return obj
    return None


def _selects(selector: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    """matchLabels only: the policies here use no matchExpressions."""
    wanted = selector.get("matchLabels") or {}
    return bool(wanted) and all(labels.get(k) == v for k, v in wanted.items())


def _container(deployment: Manifest, name: str) -> Manifest | None:
    for container in deployment["spec"]["template"]["spec"]["containers"]:
        if container["name"] == name:
            return container
    return None


def configured_variables(container: Manifest, objects: list[Manifest]) -> set[str]:
    """Names the container gets: `env` entries (value or valueFrom) and the keys of every
    ConfigMap it takes whole. A whole Secret (`envFrom.secretRef`) names nothing that can be
    checked offline, so it counts for nothing: take secrets by key."""
    names = {entry["name"] for entry in container.get("env", [])}
    for source in container.get("envFrom", []):
        ref = source.get("configMapRef")
        if ref is None:
            continue
        config = _named(objects, "ConfigMap", ref["name"])
        if config is not None:
            names |= set((config.get("data") or {}).keys())
    return names


def _prestop_seconds(container: Manifest) -> float:
    command = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
    if len(command) == 2 and command[0] == "sleep":
        return float(command[1])
    return 0.0


def _shutdown_grace(container: Manifest, objects: list[Manifest]) -> float:
    for entry in container.get("env", []):
        if entry["name"] == "SHUTDOWN_GRACE_SECONDS" and "value" in entry:
            return float(entry["value"])
    for source in container.get("envFrom", []):
        ref = source.get("configMapRef")
        config = _named(objects, "ConfigMap", ref["name"]) if ref else None
        value = (config or {}).get("data", {}).get("SHUTDOWN_GRACE_SECONDS")
        if value is not None:
            return float(value)
    return 10.0  # the settings' default


def _hardening_errors(where: str, pod: Manifest, container: Manifest) -> list[str]:
    errors = []
    if not pod.get("securityContext", {}).get("runAsNonRoot"):
        errors.append(f"{where}: pod securityContext.runAsNonRoot is not true")
    security = container.get("securityContext", {})
    if not security.get("readOnlyRootFilesystem"):
        errors.append(f"{where}: readOnlyRootFilesystem is not true")
    if security.get("allowPrivilegeEscalation") is not False:
        errors.append(f"{where}: allowPrivilegeEscalation is not false")
    if "ALL" not in security.get("capabilities", {}).get("drop", []):
        errors.append(f"{where}: capabilities do not drop ALL")
    resources = container.get("resources", {})
    if not resources.get("requests") or not resources.get("limits", {}).get("memory"):
        errors.append(f"{where}: resources need requests and a memory limit")
    return errors


def part_errors(
    part: Part, objects: list[Manifest], required: Mapping[str, str], *, min_replicas: int = 1
) -> list[str]:
    """Everything wrong with one part in one rendered overlay. `required` maps each variable the
    part reads without a default to where it is read."""
    where = f"{part.name}"
    deployment = _named(objects, "Deployment", part.name)
    if deployment is None:
        return [f"{where}: no Deployment named {part.name}"]
    errors: list[str] = []
    pod = deployment["spec"]["template"]["spec"]
    labels = deployment["spec"]["template"]["metadata"].get("labels", {})
    container = _container(deployment, part.name)
    if container is None:
        return [f"{where}: the Deployment has no container named {part.name}"]

    for probe in PROBES:
        if probe not in container:
            errors.append(f"{where}: no {probe}")
    errors += _hardening_errors(where, pod, container)

    grace = pod.get("terminationGracePeriodSeconds", 30)
    drain = _prestop_seconds(container) + _shutdown_grace(container, objects)
    if _prestop_seconds(container) <= 0:
        errors.append(f"{where}: no preStop pause (`sleep N`)")
    if grace <= drain:
        errors.append(f"{where}: terminationGracePeriodSeconds {grace} <= preStop + shutdown grace")

    services = _of_kind(objects, "Service")
    # A Service's selector is a plain label map, not a LabelSelector.
    if not any(_selects({"matchLabels": s["spec"].get("selector")}, labels) for s in services):
        errors.append(f"{where}: no Service selects its pods")
    budgets = [
        p
        for p in _of_kind(objects, "PodDisruptionBudget")
        if _selects(p["spec"]["selector"], labels)
    ]
    if not budgets:
        errors.append(f"{where}: no PodDisruptionBudget")
    autoscalers = [
        h
        for h in _of_kind(objects, "HorizontalPodAutoscaler")
        if h["spec"]["scaleTargetRef"].get("kind") == "Deployment"
        and h["spec"]["scaleTargetRef"].get("name") == part.name
    ]
    if not autoscalers:
        errors.append(f"{where}: no HorizontalPodAutoscaler")
    # Its own policy: one that names the part, not only the namespace-wide defaults.
    own_policies = [
        n
        for n in _of_kind(objects, "NetworkPolicy")
        if "app.kubernetes.io/name" in (n["spec"]["podSelector"].get("matchLabels") or {})
        and _selects(n["spec"]["podSelector"], labels)
        and "Ingress" in n["spec"].get("policyTypes", [])
    ]
    if not own_policies:
        errors.append(f"{where}: no NetworkPolicy of its own")

    configured = configured_variables(container, objects)
    for variable, read_at in sorted(required.items()):
        if variable not in configured:
            errors.append(f"{where}: {variable} (read without a default at {read_at}) is not set")

    if min_replicas > 1:
        errors += _replica_errors(where, deployment, autoscalers, budgets, min_replicas)
    return errors


def _replica_errors(
    where: str,
    deployment: Manifest,
    autoscalers: list[Manifest],
    budgets: list[Manifest],
    min_replicas: int,
) -> list[str]:
    errors = []
    replicas = deployment["spec"].get("replicas", 1)
    if replicas < min_replicas:
        errors.append(f"{where}: {replicas} replicas, fewer than {min_replicas}")
    for hpa in autoscalers:
        if hpa["spec"].get("minReplicas", 1) < min_replicas:
            errors.append(f"{where}: the HPA may scale below {min_replicas}")
    for budget in budgets:
        if budget["spec"].get("minAvailable", 0) < 1:
            errors.append(f"{where}: its PodDisruptionBudget does not keep one pod up")
    spread = deployment["spec"]["template"]["spec"].get("topologySpreadConstraints", [])
    if not any(c.get("topologyKey") == "kubernetes.io/hostname" for c in spread):
        errors.append(f"{where}: replicas are not spread across nodes")
    return errors


def migration_errors(
    parts: list[Part], objects: list[Manifest], shared: Mapping[str, str]
) -> list[str]:
    """Every part has a migration Job, and it gets what the shared settings require."""
    errors = []
    for part in parts:
        job = _named(objects, "Job", f"{part.name}-migrate")
        if job is None:
            errors.append(f"{part.name}: no Job {part.name}-migrate")
            continue
        container = job["spec"]["template"]["spec"]["containers"][0]
        configured = configured_variables(container, objects)
        for variable, read_at in sorted(shared.items()):
            if variable not in configured:
                errors.append(f"{part.name}-migrate: {variable} ({read_at}) is not set")
    return errors


def address_errors(part: str, calls: list[Call], objects: list[Manifest]) -> list[str]:
    """A callee's address defaults to loopback: in a cluster it must be configured."""
    deployment = _named(objects, "Deployment", part)
    container = _container(deployment, part) if deployment else None
    if container is None:
        return []
    configured = configured_variables(container, objects)
    return [
        f"{part}: {call.address_variable} (it dials {call.callee}, {call.where}) is not set"
        for call in calls
        if call.address_variable not in configured
    ]
