"""`lawgraph views [--graph FILE] [-o DIR]`: write the HTML views of a built graph."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from lawgraph.commands._common import DEFAULT_OUT, GRAPH_FILE, exits_on_error, fail, say


@exits_on_error
def views_command(
    graph: Optional[Path] = typer.Option(None, "--graph", help=f"Graph file (default {DEFAULT_OUT / GRAPH_FILE})."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help=f"Views folder (default {DEFAULT_OUT / 'views'})."),
    max_nodes: int = typer.Option(400, "--max-nodes", min=10, help="Above this many nodes the overview keeps the top ones."),
    sources: List[Path] = typer.Option([], "--sources", help="Folder to look for reports' source files in (annotated views), repeatable."),
    lang: str = typer.Option("zh", "--lang", help="Language of the pages: zh (Chinese, the default) or en."),
) -> None:
    """Write self-contained HTML views (index, overview, law/agency/report pages, networks).

    They open offline from the file; docs/views-and-exports.md says what each page shows.
    """
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.outputs import check_output_folder
    from lawgraph.graph.views import write_views

    from lawgraph.graph.views.i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise fail(f"--lang {lang!r}: choose one of {', '.join(LANGUAGES)}")
    graph_path = graph or DEFAULT_OUT / GRAPH_FILE
    if not graph_path.exists():
        raise fail(f"{graph_path}: no such graph file; run `lawgraph build PATH...` first")
    out = output or DEFAULT_OUT / "views"
    if output is not None:
        check_output_folder(out)
    store = MemoryStore.load(graph_path)
    written = write_views(store, out, max_nodes=max_nodes, sources=[str(s) for s in sources], lang=lang)
    say(f"{out / 'index.html'} ({len(written)} files)")
