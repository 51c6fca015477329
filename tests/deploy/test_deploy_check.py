"""`make deploy-check` passes on this tree, and fails on each breakage issue #14 names: a
misspelled field in a manifest, a part without a NetworkPolicy, a part that starts reading a new
required variable the manifests do not set."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from devstack.deploy_check.checks import KUBERNETES_VERSION, run_checks
from devstack.deploy_check.engines import nats_values_errors, postgres_cluster_errors
from devstack.deploy_check.parts import ROOT, deployable_parts
from devstack.deploy_check.rendering import Manifest, describe, schema_errors

DEV_ONLY = {"dev": 1}
# One file of each shape; every rendered object is covered in memory by the test above.
BASE_MANIFESTS = ["wallet.yaml", "migrations.yaml", "network/defaults.yaml", "ingress.yaml"]


def test_deploy_check_passes_on_this_tree() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "devstack.deploy_check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert run_checks() == []


@pytest.mark.parametrize("overlay", ["dev", "prod"])
def test_a_misspelled_field_in_any_rendered_object_fails_validation(
    rendered: dict[str, list[Manifest]], overlay: str
) -> None:
    """Every object of the overlay, once with a misspelled metadata field and once with a
    misspelled spec field: each is caught on its own."""
    objects = rendered[overlay]
    assert schema_errors(objects, kubernetes_version=KUBERNETES_VERSION) == []
    for original in objects:
        for section in ("metadata", "spec"):
            if section not in original:
                continue  # a ConfigMap's data is free-form: a wrong key is a missing setting
            broken = {**original, section: {**original[section], "lables": {"a": "b"}}}
            errors = schema_errors([broken], kubernetes_version=KUBERNETES_VERSION)
            assert len(errors) == 1, (describe(original), section, errors)
            assert "lables" in errors[0]


@pytest.mark.parametrize("manifest", BASE_MANIFESTS)
def test_a_misspelled_field_in_a_manifest_file_fails_the_check(
    deploy_copy: Path, manifest: str
) -> None:
    path = deploy_copy / "k8s" / "base" / manifest
    text = path.read_text()
    # The first object's metadata gains a field Kubernetes does not know.
    broken, count = re.subn(
        r"^metadata:\n", "metadata:\n  lables: {a: b}\n", text, count=1, flags=re.M
    )
    assert count == 1
    path.write_text(broken)
    problems = run_checks(deploy_dir=deploy_copy, overlays=DEV_ONLY)
    assert any("lables" in p for p in problems), problems


def test_a_misspelled_field_in_a_prod_patch_fails_the_check(deploy_copy: Path) -> None:
    patch = deploy_copy / "k8s" / "overlays" / "prod" / "spread-across-nodes.yaml"
    patch.write_text(patch.read_text().replace("labelSelector:", "labelSelectr:", 1))
    problems = run_checks(deploy_dir=deploy_copy, overlays={"prod": 2})
    assert any("labelSelectr" in p for p in problems), problems


def test_a_misspelled_field_in_the_postgres_cluster_fails(deploy_copy: Path) -> None:
    folder = deploy_copy / "postgres"
    assert postgres_cluster_errors(folder) == []
    cluster = folder / "cluster.yaml"
    cluster.write_text(
        cluster.read_text().replace("enablePodAntiAffinity:", "enablePodAntiAfinity:")
    )
    errors = postgres_cluster_errors(folder)
    assert len(errors) == 1 and "enablePodAntiAfinity" in errors[0], errors


def test_a_misspelled_key_in_the_nats_values_fails(deploy_copy: Path) -> None:
    values = deploy_copy / "nats" / "values.yaml"
    assert nats_values_errors(values) == []
    values.write_text(values.read_text().replace("podTemplate:", "podTemplat:"))
    errors = nats_values_errors(values)
    assert any("podTemplat" in e for e in errors), errors
    assert any("not spread across nodes" in e for e in errors), errors


@pytest.mark.parametrize("part", [p.name for p in deployable_parts()])
def test_a_part_without_its_network_policy_fails(deploy_copy: Path, part: str) -> None:
    kustomization = deploy_copy / "k8s" / "base" / "kustomization.yaml"
    text = kustomization.read_text()
    assert f"  - network/{part}.yaml\n" in text
    kustomization.write_text(text.replace(f"  - network/{part}.yaml\n", ""))
    problems = run_checks(deploy_dir=deploy_copy, overlays=DEV_ONLY, schemas=False)
    assert f"[dev] {part}: no NetworkPolicy of its own" in problems, problems


def _add_read(source: Path, relative: str, anchor: str, line: str) -> None:
    path = source / relative
    text = path.read_text()
    assert anchor in text
    path.write_text(text.replace(anchor, line + anchor, 1))


@pytest.mark.parametrize(
    ("part", "relative", "anchor", "line"),
    [
        # A new required setting in a settings module.
        (
            "wallet",
            "services/wallet/topups/settings.py",
            "        return cls(\n",
            '        _ = env_str("DARAJA_CERTIFICATE")\n',
        ),
        # Named through a module constant, in a module the entry point imports indirectly.
        (
            "routing",
            "services/routing/deliveries/settings.py",
            "log = logging.getLogger(__name__)\n",
            'NEW_KEY = "ROUTING_SIGNING_PEPPER"\n_ = os.environ[NEW_KEY]\n',
        ),
        # Required outside development only: still required in the manifests.
        (
            "credentials",
            "services/credentials/settings.py",
            "from platform_common.config import env_float, env_int, service_address\n",
            "from platform_common.config import require_outside_development\n"
            'require_outside_development("CREDENTIALS_PEPPER")\n',
        ),
        # Shared code: every part that imports it needs it.
        (
            "gateway",
            "gateway/settings.py",
            "ONE_MIB = 1024 * 1024\n",
            '_ = env_str("GATEWAY_SIGNING_KEY", None)\n',
        ),
    ],
    ids=["env_str", "os.environ-constant", "outside-development", "default-None"],
)
def test_a_new_required_variable_the_manifests_do_not_set_fails(
    source_copy: Path, part: str, relative: str, anchor: str, line: str
) -> None:
    assert run_checks(source_root=source_copy, overlays=DEV_ONLY, schemas=False) == []
    _add_read(source_copy, relative, anchor, line)
    variable = re.findall(r'"([A-Z_]+)"', line)[-1]
    problems = run_checks(source_root=source_copy, overlays=DEV_ONLY, schemas=False)
    assert any(
        p.startswith(f"[dev] {part}: {variable} (read without a default") for p in problems
    ), problems


def test_a_read_with_a_default_is_not_required(source_copy: Path) -> None:
    _add_read(
        source_copy,
        "services/wallet/topups/settings.py",
        "        return cls(\n",
        '        _ = env_str("DARAJA_CERTIFICATE", "")\n',
    )
    assert run_checks(source_root=source_copy, overlays=DEV_ONLY, schemas=False) == []


def test_a_new_service_without_manifests_fails(source_copy: Path) -> None:
    (source_copy / "services" / "billing").mkdir()
    (source_copy / "services" / "billing" / "__init__.py").write_text("")
    (source_copy / "services" / "billing" / "main.py").write_text("")
    problems = run_checks(source_root=source_copy, overlays=DEV_ONLY, schemas=False)
    assert "[dev] billing: no Deployment named billing" in problems
    assert "[dev] billing: no Job billing-migrate" in problems


def test_a_variable_name_the_check_cannot_read_fails_loudly(source_copy: Path) -> None:
    _add_read(
        source_copy,
        "services/wallet/topups/settings.py",
        "        return cls(\n",
        '        _ = env_str("DARAJA_" + "X")\n',
    )
    problems = run_checks(source_root=source_copy, overlays=DEV_ONLY, schemas=False)
    assert len(problems) == 1
    assert "cannot tell which variable" in problems[0]
