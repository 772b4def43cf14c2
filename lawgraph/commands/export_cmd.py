"""`lawgraph export FORMAT [DEST] [--graph FILE]`: write the graph in another format.

Formats live in :data:`EXPORTERS`, a registry filled with :func:`register_exporter`. To add
one (csv, graphml, gexf, json …) without touching this file, create a module
``lawgraph/commands/export_<name>.py`` that registers it; every such module is imported
when this one is::

    from lawgraph.commands.export_cmd import register_exporter

    @register_exporter("graphml", help="GraphML for Gephi, yEd, Cytoscape", default_dest="graph.graphml")
    def _graphml(store, dest):          # store: graph.memory.MemoryStore, dest: Path
        ...
        return [dest]                   # the files written
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

import typer

from lawgraph.commands._common import DEFAULT_OUT, GRAPH_FILE, exits_on_error, fail, say

Writer = Callable[..., Sequence[Path]]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    help: str
    write: Writer  # (store, dest: Path) -> files written
    default_dest: str  # relative to the output directory's exports/ folder
    after: Callable[[Path], str] | None = None  # a hint printed after writing (e.g. the next command)


EXPORTERS: dict[str, ExportFormat] = {}


def register_exporter(name: str, *, help: str, default_dest: str | None = None, after: Callable[[Path], str] | None = None) -> Callable[[Writer], Writer]:
    """Register ``fn(store, dest) -> [paths]`` as ``lawgraph export NAME``."""

    def deco(fn: Writer) -> Writer:
        if name in EXPORTERS:
            raise ValueError(f"export format {name!r} is registered twice")
        EXPORTERS[name] = ExportFormat(name, help, fn, default_dest or name, after)
        return fn

    return deco


# --- neo4j-admin -------------------------------------------------------------------------


def _neo4j_admin_hint(dest: Path) -> str:
    from lawgraph.graph.neo4j_admin import import_command

    return (
        "import (with the database stopped; docs/neo4j.md, section Bulk import with neo4j-admin, has the docker compose version):\n"
        f"  {import_command(str(dest.resolve()))}\n"
        f"then create the constraints: cypher-shell -f {dest / 'schema.cypher'}"
    )


@register_exporter(
    "neo4j-admin",
    help="CSV files for `neo4j-admin database import full`",
    default_dest="neo4j-admin",
    after=_neo4j_admin_hint,
)
def _neo4j_admin(store, dest: Path) -> Sequence[Path]:
    from lawgraph.graph.neo4j_admin import write_import_files

    return write_import_files(store, dest)


# --- csv, matrix, graphml, gexf, json: the table in graph.exports ------------------------


def _register_graph_exports() -> None:
    from lawgraph.graph.exports import FORMATS

    for f in FORMATS.values():
        if f.name not in EXPORTERS:  # neo4j-admin is registered above
            register_exporter(f.name, help=f.help, default_dest=f.default_path)(f.write)


_register_graph_exports()


def _discover() -> None:
    """Import every lawgraph/commands/export_*.py: each registers its formats."""
    import lawgraph.commands as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("export_") and info.name != "export_cmd":
            importlib.import_module(f"{pkg.__name__}.{info.name}")


_discover()


@exits_on_error
def export_command(
    fmt: str = typer.Argument(..., metavar="FORMAT", help="One of: " + ", ".join(sorted(EXPORTERS)) + "."),
    dest: Optional[str] = typer.Argument(None, help="Destination (default OUT/exports/<format's default>); - writes a one-file format to stdout."),
    graph: Optional[Path] = typer.Option(None, "--graph", help=f"Graph file (default OUT/{GRAPH_FILE})."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Output directory."),
) -> None:
    """Export the graph built by `lawgraph build`.

    DEST must be a new or regular file (a folder for matrix and neo4j-admin) in a folder that
    exists: devices, FIFOs and missing folders are refused, never replaced or created.
    """
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.outputs import check_output_file, check_output_folder, locked

    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise fail(f"unknown export format {fmt!r}; choose one of: {', '.join(sorted(EXPORTERS))}")
    directory = _writes_folder(exporter)
    if dest == "-":
        if directory:
            raise fail(f"export format {fmt!r} writes a folder of files; give a folder, not - (stdout)", 2)
    elif dest is not None:
        (check_output_folder if directory else check_output_file)(dest)
    graph_path = graph or out / GRAPH_FILE
    if not graph_path.exists():
        raise fail(f"{graph_path}: no such graph file; run `lawgraph build PATH...` first")
    store = MemoryStore.load(graph_path)
    if dest == "-":
        _to_stdout(exporter, store)
        return
    if dest is None:
        # The default place is inside the output folder: take its lock, as a build does.
        with locked(out):
            target = out / "exports" / exporter.default_dest
            target.parent.mkdir(parents=True, exist_ok=True)
            written = exporter.write(store, target)
    else:
        target = Path(dest)
        written = exporter.write(store, target)
    for path in written:
        say(str(path))
    if exporter.after is not None:
        say(exporter.after(target))


def _writes_folder(exporter: ExportFormat) -> bool:
    from lawgraph.graph.exports import FORMATS

    f = FORMATS.get(exporter.name)
    return exporter.name == "neo4j-admin" or bool(f and f.directory)


def _to_stdout(exporter: ExportFormat, store) -> None:
    """A one-file export on stdout: written to a temporary file first (the writers are
    atomic file writers), then copied."""
    import shutil
    import sys
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lawgraph-export-") as tmp:
        target = Path(tmp) / exporter.default_dest.rsplit("/", 1)[-1]
        for path in exporter.write(store, target):
            with open(path, "rb") as fh:
                sys.stdout.flush()
                shutil.copyfileobj(fh, sys.stdout.buffer)
        sys.stdout.flush()
