"""NetworkPolicy rules over a rendered overlay: everything denied by default; only the gateway
reachable from outside (through the ingress controller); each call the code makes (call_graph)
let through at both ends; the internet reachable only by the parts that must reach it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from devstack.deploy_check.call_graph import Call
from devstack.deploy_check.rendering import Manifest
from platform_common.config import DEFAULT_GRPC_PORTS

INGRESS_CONTROLLER_NAMESPACE = "ingress-nginx"
PUBLIC_PART = "gateway"
# Which parts may open connections to the internet, and on which ports (issue #14): Daraja,
# customers' webhooks, SMTP submission.
INTERNET_EGRESS: Mapping[str, frozenset[int]] = {
    "wallet": frozenset({443}),
    "routing": frozenset({443}),
    "notifications": frozenset({587}),
}
NAME_LABEL = "app.kubernetes.io/name"


def _policies(objects: Iterable[Manifest]) -> list[Manifest]:
    return [o for o in objects if o.get("kind") == "NetworkPolicy"]


def _matches(selector: Mapping[str, Any] | None, labels: Mapping[str, str]) -> bool:
    wanted = (selector or {}).get("matchLabels") or {}
    return all(labels.get(k) == v for k, v in wanted.items())


def _part_of(policy: Manifest) -> str | None:
    labels = policy["spec"]["podSelector"].get("matchLabels") or {}
    return labels.get(NAME_LABEL)


def _own_policies(objects: Iterable[Manifest], part: str) -> list[Manifest]:
    return [p for p in _policies(objects) if _part_of(p) == part]


def _ports(rule: Mapping[str, Any]) -> set[int] | None:
    """None: every port."""
    if not rule.get("ports"):
        return None
    return {p["port"] for p in rule["ports"] if "port" in p}


def _lets_through(rules: list[Any], peer_key: str, labels: Mapping[str, str], port: int) -> bool:
    for rule in rules or []:
        ports = _ports(rule)
        if ports is not None and port not in ports:
            continue
        for peer in rule.get(peer_key) or []:
            # A pod selector alone means this namespace's pods.
            in_namespace = "podSelector" in peer and "namespaceSelector" not in peer
            if in_namespace and _matches(peer["podSelector"], labels):
                return True
    return False


def _pod_labels(objects: Iterable[Manifest], part: str) -> dict[str, str]:
    for obj in objects:
        if obj.get("kind") == "Deployment" and obj["metadata"]["name"] == part:
            return dict(obj["spec"]["template"]["metadata"].get("labels") or {})
    return {}


def call_errors(part: str, calls: list[Call], objects: list[Manifest]) -> list[str]:
    """Each call the part's code makes is let out of the caller and into the callee."""
    errors = []
    caller_labels = _pod_labels(objects, part)
    for call in calls:
        port = DEFAULT_GRPC_PORTS[call.callee]
        callee_labels = _pod_labels(objects, call.part)
        out = any(
            _lets_through(p["spec"].get("egress"), "to", callee_labels, port)
            for p in _own_policies(objects, part)
        )
        into = any(
            _lets_through(p["spec"].get("ingress"), "from", caller_labels, port)
            for p in _own_policies(objects, call.part)
        )
        if not out:
            errors.append(f"{part}: its NetworkPolicy does not let it call {call.callee}:{port}")
        if not into:
            errors.append(
                f"{call.part}: its NetworkPolicy does not admit {part} on {port} ({call.where})"
            )
    return errors


def _is_outside(peer: Mapping[str, Any]) -> bool:
    if "ipBlock" in peer:
        return True
    namespaces = (peer.get("namespaceSelector") or {}).get("matchLabels") or {}
    return namespaces.get("kubernetes.io/metadata.name") == INGRESS_CONTROLLER_NAMESPACE


def exposure_errors(objects: list[Manifest]) -> list[str]:
    """Default deny; only the gateway from outside; internet egress only where allowed."""
    errors = []
    policies = _policies(objects)
    if not any(
        p["spec"]["podSelector"] == {}
        and set(p["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
        and not p["spec"].get("ingress")
        and not p["spec"].get("egress")
        for p in policies
    ):
        errors.append("no default-deny NetworkPolicy (ingress and egress) for the namespace")
    for policy in policies:
        name, part = policy["metadata"]["name"], _part_of(policy)
        for rule in policy["spec"].get("ingress") or []:
            peers = rule.get("from") or []
            from_outside = not peers or any(_is_outside(peer) for peer in peers)
            if from_outside and part != PUBLIC_PART:
                errors.append(f"NetworkPolicy/{name}: admits traffic from outside")
        for rule in policy["spec"].get("egress") or []:
            peers = rule.get("to") or []
            if not peers:
                errors.append(f"NetworkPolicy/{name}: lets traffic out to anywhere")
            if any("ipBlock" in peer for peer in peers):
                allowed = INTERNET_EGRESS.get(part or "", frozenset())
                ports = _ports(rule)
                if ports is None or not ports <= allowed:
                    errors.append(
                        f"NetworkPolicy/{name}: internet egress on {sorted(ports or [])} "
                        f"(allowed: {sorted(allowed)})"
                    )
    for obj in objects:
        if obj.get("kind") == "Service" and obj["spec"].get("type") in {"NodePort", "LoadBalancer"}:
            errors.append(f"Service/{obj['metadata']['name']}: exposed outside the cluster")
        if obj.get("kind") == "Ingress":
            for rule in obj["spec"].get("rules", []):
                for path in rule.get("http", {}).get("paths", []):
                    backend = path["backend"]["service"]["name"]
                    if backend != PUBLIC_PART:
                        errors.append(f"Ingress/{obj['metadata']['name']}: routes to {backend}")
    return errors
