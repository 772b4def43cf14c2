"""No import circles between modules: the data flows one way, and so do the imports.

Every import counts, those inside functions too (they only hide a circle). Imports of a
package's ``__init__`` are left out: a package re-exports what its modules define.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"extract": "lawgraph.extract", "graph": "lawgraph.graph", "queries": "lawgraph.queries", "lawgraph": "lawgraph"}


def _modules() -> dict[str, Path]:
    mods = {}
    for folder, package in FOLDERS.items():
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "__init__.py":
                continue
            mods[".".join([package, *path.relative_to(ROOT / folder).with_suffix("").parts])] = path
    return mods


def import_graph() -> nx.DiGraph:
    mods = _modules()
    g = nx.DiGraph()
    g.add_nodes_from(mods)
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            g.add_edges_from((name, t) for t in targets if t in mods and t != name)
    return g


def test_the_import_graph_sees_imports_inside_functions():
    g = import_graph()
    # graph.memory imports graph.persist inside MemoryStore.load: an edge all the same.
    assert g.has_edge("lawgraph.graph.memory", "lawgraph.graph.persist")
    assert g.has_edge("lawgraph.cli", "lawgraph.commands.build_cmd")
    # The CLI imports a command's module when the command runs; each is named for this graph.
    from lawgraph import cli

    assert all(g.has_edge("lawgraph.cli", f"lawgraph.commands.{module}") for _, module, _ in cli.COMMANDS + cli.GROUPS)


def test_no_module_imports_one_that_imports_it_back():
    cycles = sorted(sorted(c) for c in nx.simple_cycles(import_graph()))
    assert cycles == []
