"""Which other parts each part dials, read from its code (`service_address("wallet")` calls in
everything its entry module imports): the NetworkPolicies must let exactly these calls through,
and the manifests must say where each callee is (`WALLET_ADDR`; the default is loopback)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from devstack.deploy_check.parts import ROOT
from devstack.deploy_check.required_env import ModuleIndex, import_closure

DIAL = "service_address"


@dataclass(frozen=True)
class Call:
    callee: str  # the dialled name, e.g. "wallet" or "gateway-admin"
    where: str

    @property
    def part(self) -> str:
        """The part serving it: the gateway serves gateway-admin."""
        return self.callee.removesuffix("-admin")

    @property
    def address_variable(self) -> str:
        return self.callee.upper().replace("-", "_") + "_ADDR"


def dialled(entry: str, root: Path = ROOT, index: ModuleIndex | None = None) -> list[Call]:
    index = index or ModuleIndex(root)
    root = index.root
    calls: dict[str, Call] = {}
    for module in import_closure(entry, index):
        tree, path = index.tree(module), index.path(module)
        if tree is None or path is None:
            continue
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == DIAL
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                where = f"{path.relative_to(root)}:{node.lineno}"
                calls.setdefault(node.args[0].value, Call(node.args[0].value, where))
    return sorted(calls.values(), key=lambda c: c.callee)
