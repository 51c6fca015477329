"""Which environment variables a part reads without a default, found by parsing the code its
entry module imports (never a hand list): a settings module that starts reading a new required
variable shows up here at once.

A read is required when it is `env_str(NAME)` with no default, `os.environ[NAME]`, or
`require_outside_development(NAME)` (a serving process refuses to start without it). NAME may
be a string literal or a module-level string constant, here or imported. Anything else passed to
a required read is an error: the check must never silently miss a variable.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from devstack.deploy_check.parts import ROOT

PROJECT_PACKAGES = frozenset({"platform_common", "services", "gateway", "operator_cli"})
REQUIRED_IF_NO_DEFAULT = frozenset({"env_str"})
ALWAYS_REQUIRED = frozenset({"require_outside_development"})


class DiscoveryError(RuntimeError):
    """A required read whose variable name cannot be worked out statically."""


@dataclass(frozen=True)
class RequiredRead:
    variable: str
    where: str  # path:line, for the failure message


class ModuleIndex:
    """Parses project modules on demand, by dotted name, under one source root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._trees: dict[str, ast.Module | None] = {}

    def path(self, module: str) -> Path | None:
        base = self.root.joinpath(*module.split("."))
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                return candidate
        return None

    def tree(self, module: str) -> ast.Module | None:
        if module not in self._trees:
            path = self.path(module)
            self._trees[module] = ast.parse(path.read_text(), str(path)) if path else None
        return self._trees[module]

    def is_package(self, module: str) -> bool:
        path = self.path(module)
        return path is not None and path.name == "__init__.py"


def _absolute(module: str, node: ast.ImportFrom, index: ModuleIndex) -> str:
    if not node.level:
        return node.module or ""
    package = module if index.is_package(module) else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _imports(module: str, tree: ast.Module, index: ModuleIndex) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node, index)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    closure: set[str] = set()
    for name in found:
        if name.split(".")[0] not in PROJECT_PACKAGES:
            continue
        parts = name.split(".")
        # A package's __init__ runs on import of anything below it.
        for depth in range(1, len(parts) + 1):
            prefix = ".".join(parts[:depth])
            if index.path(prefix):
                closure.add(prefix)
    return closure


def import_closure(entry: str, index: ModuleIndex) -> list[str]:
    """Every project module `entry` imports, directly or not (itself included)."""
    seen: set[str] = set()
    pending = [entry]
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        tree = index.tree(module)
        if tree is None:
            continue
        seen.add(module)
        pending.extend(_imports(module, tree, index) - seen)
    return sorted(seen)


def _constant(module: str, name: str, index: ModuleIndex, depth: int = 0) -> str | None:
    """The value of a module-level `NAME = "..."`, following `from m import NAME`."""
    tree = index.tree(module)
    if tree is None or depth > 5:
        return None
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    source = _absolute(module, node, index)
                    return _constant(source, alias.name, index, depth + 1)
        for target in targets:
            if (
                isinstance(target, ast.Name)
                and target.id == name
                and isinstance(value, ast.Constant)
                and isinstance(value.value, str)
            ):
                return value.value
    return None


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _is_required_call(node: ast.Call) -> bool:
    name = _callee(node)
    if name in ALWAYS_REQUIRED:
        return True
    if name not in REQUIRED_IF_NO_DEFAULT or not node.args:
        return False
    default: ast.expr | None = node.args[1] if len(node.args) > 1 else None
    for keyword in node.keywords:
        if keyword.arg == "default":
            default = keyword.value
    return default is None or (isinstance(default, ast.Constant) and default.value is None)


def _is_environ_subscript(node: ast.Subscript) -> bool:
    value = node.value
    return (
        isinstance(node.ctx, ast.Load)
        and isinstance(value, ast.Attribute)
        and value.attr == "environ"
        and isinstance(value.value, ast.Name)
        and value.value.id == "os"
    )


def _variable(module: str, expr: ast.expr, index: ModuleIndex, where: str) -> str:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, ast.Name):
        value = _constant(module, expr.id, index)
        if value is not None:
            return value
    raise DiscoveryError(f"{where}: cannot tell which variable this required read names")


def required_reads_in(module: str, index: ModuleIndex) -> list[RequiredRead]:
    tree = index.tree(module)
    path = index.path(module)
    if tree is None or path is None:
        return []
    reads: list[RequiredRead] = []
    for node in ast.walk(tree):
        argument: ast.expr | None = None
        if isinstance(node, ast.Call) and _is_required_call(node):
            argument = node.args[0]
        elif isinstance(node, ast.Subscript) and _is_environ_subscript(node):
            argument = node.slice
        if argument is None or not isinstance(node, ast.expr):
            continue
        where = f"{path.relative_to(index.root)}:{node.lineno}"
        reads.append(RequiredRead(_variable(module, argument, index, where), where))
    return reads


def required_variables(
    entry: str, root: Path = ROOT, index: ModuleIndex | None = None
) -> dict[str, RequiredRead]:
    """Variable name -> its first required read, over everything `entry` imports."""
    index = index or ModuleIndex(root)
    found: dict[str, RequiredRead] = {}
    for module in import_closure(entry, index):
        for read in required_reads_in(module, index):
            found.setdefault(read.variable, read)
    return found
