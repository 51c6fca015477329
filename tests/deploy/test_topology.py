"""What the rendered overlays run: prod keeps every part at 2+ replicas with a PDB keeping one
up and replicas spread across nodes; NetworkPolicies let through exactly the calls the code
makes; only the gateway is reachable from outside; only wallet, routing and notifications reach
the internet."""

from __future__ import annotations

from pathlib import Path

import pytest

from devstack.deploy_check.call_graph import dialled
from devstack.deploy_check.checks import run_checks
from devstack.deploy_check.network import exposure_errors
from devstack.deploy_check.parts import deployable_parts
from devstack.deploy_check.rendering import Manifest

PARTS = [p.name for p in deployable_parts()]


def _one(objects: list[Manifest], kind: str, name: str) -> Manifest:
    found = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(found) == 1, (kind, name)
    return found[0]


def _selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


@pytest.mark.parametrize("part", PARTS)
def test_prod_runs_every_part_at_two_or_more_replicas_with_a_pdb_keeping_one_up(
    rendered: dict[str, list[Manifest]], part: str
) -> None:
    objects = rendered["prod"]
    deployment = _one(objects, "Deployment", part)
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["replicas"] >= 2
    hpa = _one(objects, "HorizontalPodAutoscaler", part)
    assert hpa["spec"]["scaleTargetRef"]["name"] == part
    assert hpa["spec"]["minReplicas"] >= 2
    budgets = [
        p
        for p in objects
        if p["kind"] == "PodDisruptionBudget"
        and _selects(p["spec"]["selector"]["matchLabels"], labels)
    ]
    assert len(budgets) == 1
    assert budgets[0]["spec"]["minAvailable"] >= 1
    assert "maxUnavailable" not in budgets[0]["spec"]
    # Never fewer replicas than the budget keeps plus one to drain.
    assert deployment["spec"]["replicas"] > budgets[0]["spec"]["minAvailable"]
    spec = deployment["spec"]["template"]["spec"]
    spread = spec["topologySpreadConstraints"][0]
    assert spread["topologyKey"] == "kubernetes.io/hostname"
    assert spread["whenUnsatisfiable"] == "DoNotSchedule"
    assert "app.kubernetes.io/name" in spread["matchLabelKeys"]
    anti = spec["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"]
    assert anti[0]["podAffinityTerm"]["topologyKey"] == "kubernetes.io/hostname"
    # Larger than the base's requests.
    dev = _one(rendered["dev"], "Deployment", part)
    assert (
        spec["containers"][0]["resources"]["requests"]["memory"]
        != dev["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["memory"]
    )


@pytest.mark.parametrize("part", PARTS)
def test_dev_runs_one_replica_and_its_budget_lets_a_node_drain(
    rendered: dict[str, list[Manifest]], part: str
) -> None:
    objects = rendered["dev"]
    assert _one(objects, "Deployment", part)["spec"]["replicas"] == 1
    assert _one(objects, "PodDisruptionBudget", part)["spec"] == {
        "maxUnavailable": 1,
        "selector": _one(objects, "PodDisruptionBudget", part)["spec"]["selector"],
    }
    config = _one(objects, "ConfigMap", "sautikit-common")
    assert config["data"]["SAUTIKIT_ENV"] == "development"


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_only_the_gateway_is_reachable_from_outside(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    objects = rendered[overlay]
    assert exposure_errors(objects) == []
    ingresses = [o for o in objects if o["kind"] == "Ingress"]
    assert [i["metadata"]["name"] for i in ingresses] == ["gateway"]
    # A service policy that admits the ingress controller is caught.
    wallet = _one(objects, "NetworkPolicy", "wallet")
    opened = {
        **wallet,
        "spec": {
            **wallet["spec"],
            "ingress": [
                *wallet["spec"]["ingress"],
                {
                    "from": [
                        {
                            "namespaceSelector": {
                                "matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}
                            }
                        }
                    ]
                },
            ],
        },
    }
    others = [o for o in objects if o is not wallet]
    assert exposure_errors([*others, opened]) == [
        "NetworkPolicy/wallet: admits traffic from outside"
    ]


@pytest.mark.parametrize(
    ("part", "port", "expected"),
    [
        ("credentials", 443, "internet egress on [443] (allowed: [])"),
        ("notifications", 443, "internet egress on [443] (allowed: [587])"),
        ("wallet", 5432, "internet egress on [5432] (allowed: [443])"),
    ],
)
def test_internet_egress_only_where_the_issue_allows_it(
    rendered: dict[str, list[Manifest]], part: str, port: int, expected: str
) -> None:
    objects = rendered["prod"]
    policy = _one(objects, "NetworkPolicy", part)
    widened = {
        **policy,
        "spec": {
            **policy["spec"],
            "egress": [
                *(policy["spec"].get("egress") or []),
                {"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}], "ports": [{"port": port}]},
            ],
        },
    }
    errors = exposure_errors([*[o for o in objects if o is not policy], widened])
    assert errors == [f"NetworkPolicy/{part}: {expected}"]


def test_the_call_graph_read_from_the_code() -> None:
    graph = {p.name: sorted(c.callee for c in dialled(p.module)) for p in deployable_parts()}
    assert graph == {
        "credentials": ["inventory"],
        "inventory": ["wallet"],
        "notifications": ["gateway-admin"],
        "routing": ["inventory", "wallet"],
        "wallet": ["inventory"],
        "gateway": ["credentials", "inventory", "notifications", "routing", "wallet"],
    }


def test_a_call_the_policies_do_not_let_through_fails(deploy_copy: Path) -> None:
    """inventory dials wallet: drop inventory from the pods wallet admits."""
    policy = deploy_copy / "k8s" / "base" / "network" / "wallet.yaml"
    text = policy.read_text()
    line = (
        "        - {podSelector: {matchLabels: {app.kubernetes.io/name: inventory, "
        "app.kubernetes.io/component: server}}}\n"
    )
    assert line in text
    policy.write_text(text.replace(line, "", 1))
    problems = run_checks(deploy_dir=deploy_copy, overlays={"dev": 1}, schemas=False)
    expected = "[dev] wallet: its NetworkPolicy does not admit inventory on 50052"
    assert [p.split(" (")[0] for p in problems] == [expected], problems


def test_a_callee_address_the_manifests_do_not_set_fails(deploy_copy: Path) -> None:
    config = deploy_copy / "k8s" / "base" / "config.yaml"
    config.write_text(config.read_text().replace("  WALLET_ADDR: wallet:50052\n", ""))
    problems = run_checks(deploy_dir=deploy_copy, overlays={"dev": 1}, schemas=False)
    assert sorted(p.split(" (")[0] for p in problems) == [
        "[dev] gateway: WALLET_ADDR",
        "[dev] inventory: WALLET_ADDR",
        "[dev] routing: WALLET_ADDR",
    ]


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_the_consoles_emailed_links_point_at_the_ingress_host(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    """Reset and invitation links take their origin from configuration only (never a Host
    header), so the configured one must be the https host the Ingress serves /console on."""
    objects = rendered[overlay]
    data = _one(objects, "ConfigMap", "sautikit-common")["data"]
    [host] = [r["host"] for r in _one(objects, "Ingress", "gateway")["spec"]["rules"]]
    assert data["CONSOLE_BASE_URL"] == f"https://{host}"
    assert data["GATEWAY_PUBLIC_BASE_URL"] == f"https://{host}"
    gateway = _one(objects, "Deployment", "gateway")["spec"]["template"]["spec"]["containers"][0]
    assert {"configMapRef": {"name": "sautikit-common"}} in gateway["envFrom"]
