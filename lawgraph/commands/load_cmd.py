"""`lawgraph load neo4j [SOURCE...]`: put the graph into a Neo4j server.

Connection settings come from options, the URI's user-info or the environment (NEO4J_URI,
NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE); the password is prompted for when it is in
none of them and stdin is a terminal. It is never printed, and URIs are printed without
credentials. The graph is read first, then the server is reached (one try, a short
timeout) and the credentials checked before anything is written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from lawgraph.commands._common import (
    DEFAULT_OUT,
    GRAPH_FILE,
    PhaseProgress,
    check_catalogs,
    exits_on_error,
    fail,
    progress_bar,
    say,
    say_json,
)

load_app = typer.Typer(help="Load the graph into a graph database.", no_args_is_help=True)

# Defaults repeated from graph.neo4j_store so that `lawgraph --help` needs no graph import.
_DEFAULT_URI = "neo4j://localhost:7687"
_DEFAULT_USER = "neo4j"
_DEFAULT_BATCH = 5000


@load_app.command("neo4j")
@exits_on_error
def load_neo4j(
    sources: Optional[List[Path]] = typer.Argument(
        None, help=f"A graph file and/or records files (*.jsonl); default {DEFAULT_OUT / GRAPH_FILE}.", show_default=False
    ),
    uri: str = typer.Option(_DEFAULT_URI, "--uri", envvar="NEO4J_URI", help="Bolt or neo4j URI of the server."),
    user: str = typer.Option(_DEFAULT_USER, "--user", envvar="NEO4J_USER"),
    password: Optional[str] = typer.Option(
        None,
        "--password",
        envvar="NEO4J_PASSWORD",
        show_default=False,
        help="Discouraged: visible in the process list and shell history. Set NEO4J_PASSWORD or answer the prompt.",
    ),
    database: Optional[str] = typer.Option(None, "--database", envvar="NEO4J_DATABASE", help="Database name (default: the server's default)."),
    wipe: bool = typer.Option(False, "--wipe", help="Delete every Agency, Law and Report node first."),
    batch_size: int = typer.Option(_DEFAULT_BATCH, "--batch-size", min=1, help="Rows per transaction."),
    catalog: List[Path] = typer.Option([], "--catalog", help="Extra catalog file, for records sources."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Load a graph file (or records) into Neo4j: idempotent, replaces changed reports."""
    from lawgraph.graph.neo4j_store import Neo4jSettings, Neo4jStore

    # The graph first (a damaged file is reported as such, whatever the server), then the
    # server: connecting is one try with a short timeout, so an unreachable one fails fast.
    store = _read_sources(_check_sources(sources or [DEFAULT_OUT / GRAPH_FILE]), check_catalogs(catalog))
    settings = Neo4jSettings.resolve(uri, user, password, database, prompt=password_prompt())
    with Neo4jStore.open(settings, batch_size=batch_size) as neo:
        say(f"loading into Neo4j at {neo.where}" + (f" (database {settings.database})" if settings.database else ""), err=True)
        with progress_bar() as bar:
            summary = neo.load(store, wipe=wipe, progress=PhaseProgress(bar))

    if as_json:
        say_json(summary.__dict__)
        return
    rate = summary.relationships_written / summary.seconds if summary.seconds else 0.0
    nodes = ", ".join(f"{label} {n}" for label, n in summary.nodes_written.items())
    rels = ", ".join(f"{k} {n}" for k, n in summary.relationships_by_kind.items())
    say(f"written: nodes {nodes}; relationships {rels}")
    if summary.wiped:
        say(f"wiped first: {summary.wiped} nodes")
    say(f"replaced reports: {summary.replaced_reports}, orphaned nodes deleted: {summary.orphans_deleted}")
    say(f"time: {summary.seconds:.1f} s ({rate:,.0f} relationships/s, batches of {summary.batch_size})")
    say("database now: " + ", ".join(f"{k} {n}" for k, n in summary.counts.items()))


def password_prompt():
    """A hidden prompt for the Neo4j password when stdin is a terminal, else None (the
    adapter then says to set NEO4J_PASSWORD)."""
    if not sys.stdin.isatty():
        return None
    return lambda: typer.prompt("Neo4j password", hide_input=True)


def _check_sources(sources: list[Path]) -> list[Path]:
    graphs = [s for s in sources if not str(s).endswith(".jsonl")]
    if len(graphs) > 1:
        raise fail("give at most one graph file (records files may be added to it)")
    for s in sources:
        if not s.exists():
            if s in graphs:
                raise fail(f"{s}: no such graph file; run `lawgraph build PATH...` first, or name a graph or records file")
            raise fail(f"{s}: no such records file")
    return sources


def _read_sources(sources: list[Path], catalog_files: list[str]):
    from lawgraph.extract.records import read_records
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.neutral import shown_name

    graphs = [s for s in sources if not str(s).endswith(".jsonl")]
    records = [s for s in sources if str(s).endswith(".jsonl")]
    if graphs:
        store = MemoryStore.load(graphs[0], catalog_files=catalog_files)
    else:
        store = MemoryStore(catalog_files=catalog_files)
    for r in records:
        result = store.add_records(read_records(str(r)))
        if result.errors:
            say(f"{r}: {len(result.errors)} error line(s) skipped (files not extracted, or lines that are no valid records)", err=True)
            for e in result.errors[:20]:
                say(f"  {shown_name(e.source)}: {e.reason}", err=True)
    return store
