"""The layout keeps its rooms: one subpackage per subsystem, no import circle, no private name crossing.

Every ``import`` statement of ``loaders/``, ``graph/`` and ``ontology/`` (at any depth, those
under ``if TYPE_CHECKING:`` included) is an edge between modules of the project; the graph
they make must have no cycle, and no module may import another's ``_private`` name.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("loaders", "graph", "ontology")
SUBSYSTEMS = ("graph.rdf", "graph.sparql", "graph.neo4j", "graph.views", "graph.site", "graph.analysis")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, str | None]]:
    """(module imported, name imported from it or None) for every import of a project module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str | None]] = []
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.append((submodule, None) if submodule in MODULES else (base, alias.name))
    return [(m, n) for m, n in found if m.split(".")[0] in PACKAGES]


def import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for name, path in MODULES.items():
        graph.add_node(name)
        for target, _ in _imports(name, path):
            while target not in MODULES and "." in target:
                target = target.rpartition(".")[0]
            if target in MODULES and target != name:
                graph.add_edge(name, target)
    return graph


def test_no_import_circle() -> None:
    cycles = sorted(nx.simple_cycles(import_graph()), key=len)
    assert cycles == [], f"import circles: {cycles[:5]}"


def test_no_private_name_crosses_modules() -> None:
    crossing = [f"{name} imports {target}.{imported}" for name, path in MODULES.items()
                for target, imported in _imports(name, path)
                if imported is not None and imported.startswith("_") and target != name]
    assert crossing == []


def test_graph_top_level_has_no_subsystem_prefixes() -> None:
    flat = sorted(p.stem for p in (ROOT / "graph").glob("*.py"))
    assert [s for s in flat if s.startswith(("neo4j_", "sparql_", "oxigraph_", "cypher_"))] == []


@pytest.mark.parametrize("package", SUBSYSTEMS)
def test_each_subsystem_re_exports_its_entry_points(package: str) -> None:
    module = __import__(package, fromlist=["__all__"])
    assert module.__all__, f"{package}/__init__.py declares no __all__"
    assert all(hasattr(module, name) for name in module.__all__)
    own = {name for name, path in MODULES.items() if name.startswith(package + ".")}
    exported_from = {getattr(module, name).__module__ for name in module.__all__
                     if hasattr(getattr(module, name), "__module__")}
    assert exported_from & own, f"{package} re-exports nothing of its own modules"
