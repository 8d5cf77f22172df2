"""No import cycle between coachtui's modules, nor between its packages.

Every import counts: at module level and inside functions (a function-local import only delays the cycle; it
still means the two modules cannot be understood, tested or changed one without the other). Imports under
``if TYPE_CHECKING:`` do not count: they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def module_names(root: Path) -> dict[str, Path]:
    """``coachtui.store.db`` → its file, for every module and package below ``root`` (a package's folder)."""
    found = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement in ``tree``, nested ones too, except under ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.If) and _type_checking(child.test):
            for node in child.orelse:
                yield from _imports(ast.Module(body=[node], type_ignores=[]))
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        yield from _imports(child)


def import_graph(root: Path) -> dict[str, dict[str, int]]:
    """Module → {imported project module: line of the first such import}."""
    modules = module_names(root)
    top = root.name
    graph: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: dict[str, int] = {}

        def add(target: str, line: int, name: str = name, edges: dict[str, int] = edges) -> None:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target not in (name, top):
                edges.setdefault(target, line)

        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    add(alias.name, node.lineno)
                continue
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in modules else base, node.lineno)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan, iterative), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in graph:
                    continue
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def packages(graph: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The graph between ``coachtui``'s packages (``coachtui.store``, ``coachtui.cli``…)."""
    joined: dict[str, dict[str, int]] = {}
    for name, edges in graph.items():
        mine = ".".join(name.split(".")[:2])
        joined.setdefault(mine, {})
        for target, line in edges.items():
            theirs = ".".join(target.split(".")[:2])
            if theirs != mine:
                joined[mine].setdefault(theirs, line)
    return joined


def described(graph: dict[str, dict[str, int]], component: list[str]) -> str:
    return "; ".join(f"{a} -> {b} (line {line})" for a in component for b, line in graph[a].items() if b in component)


def test_no_import_cycle_between_coachtui_modules() -> None:
    graph = import_graph(SRC / "coachtui")
    assert len(graph) > 100 and graph["coachtui.store.backup"]  # the whole tree was read
    assert [described(graph, c) for c in cycles(graph)] == []


def test_no_import_cycle_between_coachtui_packages() -> None:
    graph = packages(import_graph(SRC / "coachtui"))
    assert "coachtui.store" in graph["coachtui.services"]
    assert [described(graph, c) for c in cycles(graph)] == []


def test_the_check_finds_a_function_local_cycle_and_ignores_type_checking_imports(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    (root / "store").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "store" / "__init__.py").write_text("")
    (root / "store" / "db.py").write_text("def f():\n    from demo.store import backup\n")
    (root / "store" / "backup.py").write_text("from . import db\n")
    (root / "store" / "models.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from demo.store.typed import T\n"
    )
    (root / "store" / "typed.py").write_text("import demo.store.models\n")
    graph = import_graph(root)
    assert graph["demo.store.db"] == {"demo.store.backup": 2}
    assert graph["demo.store.models"] == {}
    assert cycles(graph) == [["demo.store.backup", "demo.store.db"]]
    assert described(graph, cycles(graph)[0]) == (
        "demo.store.backup -> demo.store.db (line 1); demo.store.db -> demo.store.backup (line 2)"
    )
