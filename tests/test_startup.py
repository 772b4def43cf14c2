"""What the command line loads before it knows which command runs (its start-up time).

Timings live in bench/bench_startup.py; these tests check the cause: which modules a bare
``lawgraph --help`` and the extract path import.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("networkx", "matplotlib", "lawgraph.graph.memory", "lawgraph.graph.views", "lawgraph.extract.pipeline")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


def test_help_loads_no_graph_library_and_no_extractor():
    loaded = _loaded_after("import lawgraph.cli")
    assert not [m for m in HEAVY if m in loaded]


def test_extract_path_never_loads_the_graph_library():
    loaded = _loaded_after(
        "import lawgraph.cli\nfrom lawgraph.extract import iter_records, extract_text\n"
        "from lawgraph.graph.outputs import check_output_file\nfrom lawgraph.commands.summary import RunSummary"
    )
    assert "lawgraph.extract.pipeline" in loaded  # the names resolve to the extractor …
    assert "networkx" not in loaded and "matplotlib" not in loaded  # … and nothing of the graph's


def test_package_names_still_resolve():
    from lawgraph import extract, graph

    assert extract.extract_text.__module__ == "lawgraph.extract.pipeline"
    assert graph.MemoryStore.__module__ == "lawgraph.graph.memory"
    assert graph.SCHEMA_VERSION
    for name in extract.__all__:
        assert getattr(extract, name) is not None
    for name in graph.__all__:
        assert getattr(graph, name) is not None
