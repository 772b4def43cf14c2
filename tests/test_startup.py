"""What the command line loads before it knows which command runs (its start-up time).

Timings live in bench/bench_startup.py; these tests check the cause: which modules a bare
``lawgraph --help`` and the extract path import.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


_RUN = """
import atexit, sys
out = sys.argv[1]
def _dump():
    with open(out, "w") as fh:
        fh.write("\\n".join(sys.modules))
atexit.register(_dump)
sys.argv = ["lawgraph", *sys.argv[2:]]
from lawgraph.cli import main
main()
"""


def _loaded_by_command(tmp_path, *args: str) -> set[str]:
    modules = tmp_path / "modules.txt"
    subprocess.run([sys.executable, "-c", _RUN, str(modules), *args], capture_output=True, check=False)
    return set(modules.read_text().split())


COMMAND_MODULES = {
    f"lawgraph.commands.{m}"
    for m in ("extract_cmd", "build_cmd", "query_cmd", "export_cmd", "load_cmd", "views_cmd", "review_cmd", "score_cmd", "spark_cmd", "catalog_cmd")
}


def test_importing_the_cli_loads_no_command_module():
    assert not COMMAND_MODULES & _loaded_after("import lawgraph.cli")


def test_a_command_loads_its_own_module_only(tmp_path):
    seed = sorted((Path(__file__).resolve().parents[1] / "seeds").iterdir())[0]
    loaded = _loaded_by_command(tmp_path, "extract", str(seed), "-o", str(tmp_path / "r.jsonl"), "--jobs", "1")
    assert (tmp_path / "r.jsonl").read_text(encoding="utf-8").count("\n") == 1  # it ran
    assert COMMAND_MODULES & loaded == {"lawgraph.commands.extract_cmd"}
    assert "pydantic" not in loaded  # typer's converters are not built for plain values (cli_values)
    loaded = _loaded_by_command(tmp_path, "catalog", "--help")
    assert COMMAND_MODULES & loaded == {"lawgraph.commands.catalog_cmd"}


def test_the_top_level_help_lists_every_command(tmp_path):
    assert COMMAND_MODULES <= _loaded_by_command(tmp_path, "--help")


def test_the_version_is_looked_up_only_when_asked_for():
    assert "importlib.metadata" not in _loaded_after("import lawgraph")
    # … and read from the installed metadata without importlib.metadata, to the same answer
    assert "importlib.metadata" not in _loaded_after("import lawgraph\nlawgraph.__version__")
    from importlib import metadata

    import lawgraph

    assert lawgraph.__version__ == metadata.version("lawgraph")


def test_the_version_comes_from_the_first_folder_that_has_lawgraphs_metadata(tmp_path, monkeypatch):
    import lawgraph

    first, second = tmp_path / "a", tmp_path / "b"
    (first / "lawgraph-9.8.dist-info").mkdir(parents=True)
    (first / "lawgraph-9.8.dist-info" / "METADATA").write_text("Metadata-Version: 2.4\nName: lawgraph\nVersion: 9.8\n\nVersion: 1\n")
    (second / "lawgraph.egg-info").mkdir(parents=True)
    (second / "lawgraph.egg-info" / "PKG-INFO").write_text("Name: lawgraph\nVersion: 7.0\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "none"), str(first), str(second)])
    assert lawgraph._dist_info_version() == "9.8"
    monkeypatch.setattr(sys, "path", [str(second), str(first)])
    assert lawgraph._dist_info_version() == "7.0"
    (second / "lawgraph-7.1.dist-info").mkdir()  # two installs in one folder: importlib.metadata decides
    assert lawgraph._dist_info_version() is None
