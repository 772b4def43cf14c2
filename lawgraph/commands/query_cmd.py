"""`lawgraph query NAME [VALUES...]` and `lawgraph cypher "…"`.

``query`` runs a canned query (``queries/*.cypher``) on the graph file with its in-memory
twin, or on Neo4j; names typed for a document or an agency are resolved first, and the
resolution is reported on stderr. ``cypher`` runs raw Cypher on Neo4j, read-only unless
``--write``.

Neo4j settings come from options, the URI's user-info or the environment (NEO4J_URI,
NEO4J_USER, NEO4J_DATABASE); the password from the URI, NEO4J_PASSWORD or a prompt on a
terminal, and it is never printed. Both commands go through the one Neo4j adapter
(graph.neo4j_store), which fails within seconds when the server cannot be reached.

Exit status: 0 with rows or none; 1 when the database fails; 2 when the request is wrong
(unknown query, missing or bad parameter, a name that matches nothing or several things,
a write without ``--write``).
"""

from __future__ import annotations

import contextlib
import csv
import json
import sys
from pathlib import Path
from typing import Any, Iterator, List, Optional, Sequence

import typer

from lawgraph.extract.errors import LawgraphError
from lawgraph.cli import app
from lawgraph.graph.neutral import csv_cell, json_for_terminal, shown_name, terminal
from lawgraph.commands._common import DEFAULT_OUT, GRAPH_FILE, cli_errors, fail, say

FORMATS = ("table", "json", "csv")
BACKENDS = ("memory", "neo4j")
_DEFAULT_NEO4J_URI = "neo4j://localhost:7687"


# --- shared options ----------------------------------------------------------------------


def _choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise fail(f"{what} must be one of {', '.join(allowed)}, not {value!r}", 2)
    return value


def _open_backend(backend: str, graph: Path, *, uri: str, user: str, database: Optional[str]):
    from lawgraph.commands.load_cmd import password_prompt
    from lawgraph.queries.backends import MemoryBackend, Neo4jBackend

    if backend == "memory":
        return MemoryBackend(_memory_store(graph))
    return Neo4jBackend.connect(uri, user, None, database, prompt=password_prompt())


def _memory_store(graph: Path):
    """The graph to query: a graph file, a records file, or a folder of reports."""
    from lawgraph.graph.memory import MemoryStore

    if graph.is_dir():
        from lawgraph.extract import iter_records

        say(f"building the graph from the reports in {graph} (not saved: `lawgraph build` keeps it)", err=True)
        store = MemoryStore()
        store.add_records(iter_records([str(graph)]))
        return store
    if str(graph).endswith(".jsonl"):
        from lawgraph.extract.records import read_records

        if not graph.exists():
            raise fail(f"{graph}: no such records file")
        store = MemoryStore()
        result = store.add_records(read_records(str(graph)))
        for e in result.errors:  # lines that are no valid records (or files never extracted)
            say(f"{shown_name(e.source)}: skipped: {e.reason}", err=True)
        return store
    if not graph.exists():
        raise fail(
            f"{graph}: no such graph file; run `lawgraph build PATH...` first, or pass --graph FILE "
            "(a graph file, a records file or a folder of reports)"
        )
    return MemoryStore.load(graph)


# --- output ------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.1f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _emit(columns: Sequence[str], rows: Sequence[dict[str, Any]], fmt: str, title: str | None = None) -> None:
    """Rows on stdout. Whatever the graph holds is neutralised for where it goes: JSON with
    control characters escaped, CSV cells with control sequences escaped and then the OWASP
    way (graph.neutral.csv_cell), table cells with control sequences shown as escapes."""
    if fmt == "json":
        sys.stdout.write(json_for_terminal(json.dumps(list(rows), ensure_ascii=False, indent=2)) + "\n")
        return
    if fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow([csv_cell(terminal(c)) for c in columns])
        for r in rows:
            w.writerow(
                [
                    csv_cell(terminal(";".join(_cell(x) for x in v) if isinstance(v := r.get(c), (list, tuple)) else _cell(v)))
                    for c in columns
                ]
            )
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Text cells, never markup: titles such as 规定[2021] must print as they are.
    console = Console(width=None if sys.stdout.isatty() else 1000, soft_wrap=False)
    table = Table(title=Text(terminal(title)) if title else None, show_lines=False, title_justify="left")
    for c in columns:
        table.add_column(Text(terminal(c)), overflow="fold")
    for r in rows:
        table.add_row(*[Text(terminal(_cell(r.get(c)))) for c in columns])
    console.print(table)


def _parse_assignments(items: Sequence[str], *, json_values: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise fail(f"--param wants key=value, not {item!r}", 2)
        if key in out:
            raise fail(f"parameter {key!r} given twice", 2)
        if json_values:
            try:
                out[key] = json.loads(value)
            except json.JSONDecodeError:
                out[key] = value
        else:
            out[key] = value
    return out


def _user_error(err: LawgraphError) -> bool:
    from lawgraph.queries import BadParameter, MissingParameter, NameResolutionError, UnknownQuery, WriteRefused

    return isinstance(err, (UnknownQuery, MissingParameter, BadParameter, NameResolutionError, WriteRefused))


@contextlib.contextmanager
def _errors() -> Iterator[None]:
    """:func:`cli_errors`, with status 2 for a wrong request rather than a failure."""
    with cli_errors():
        try:
            yield
        except LawgraphError as err:
            if _user_error(err):
                raise fail(str(err), 2) from err
            raise


# --- lawgraph query ----------------------------------------------------------------------


@app.command("query")
def query_command(
    name: Optional[str] = typer.Argument(None, help="The query (see --list).", show_default=False),
    values: Optional[List[str]] = typer.Argument(
        None, help="Values for the query's parameters, in order (a law or agency may be any name).", show_default=False
    ),
    param: List[str] = typer.Option([], "--param", "-p", help="A parameter as key=value (repeatable)."),
    list_queries: bool = typer.Option(False, "--list", "-l", help="List the queries with their parameters."),
    graph: Path = typer.Option(
        DEFAULT_OUT / GRAPH_FILE, "--graph", "-g", help="Graph file, records file (*.jsonl) or folder of reports (memory backend)."
    ),
    backend: str = typer.Option("memory", "--backend", "-b", help="memory or neo4j."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    uri: str = typer.Option(_DEFAULT_NEO4J_URI, "--uri", envvar="NEO4J_URI", help="Neo4j URI."),
    user: str = typer.Option("neo4j", "--user", envvar="NEO4J_USER", help="Neo4j user."),
    database: Optional[str] = typer.Option(None, "--database", envvar="NEO4J_DATABASE", help="Neo4j database."),
) -> None:
    """Run a canned query: `lawgraph query agencies-citing 国际交往语言环境建设条例`.

    Positional values fill the query's parameters in order; `-p key=value` sets any of
    them (lists: comma-separated). `lawgraph query --list` shows every query.
    """
    from lawgraph.queries import get_query, list_queries as all_queries, run

    _choice(fmt, FORMATS, "--format")
    _choice(backend, BACKENDS, "--backend")
    if list_queries or name is None:
        specs = all_queries()
        rows = [
            {
                "query": s.name,
                "parameters": " ".join(s.signature().split()[1:]),
                "description": s.description,
            }
            for s in specs
        ]
        _emit(["query", "parameters", "description"], rows, fmt)
        if name is None and not list_queries:
            say("\nrun one with: lawgraph query NAME [VALUES...] [-p key=value ...]", err=True)
        return

    with _errors():
        spec = get_query(name)
        given = _parse_assignments(param, json_values=False)
        values = list(values or [])
        if len(values) > len(spec.params):
            raise fail(
                f"{name} takes at most {len(spec.params)} value(s) ({spec.signature()}); got {len(values)}", 2
            )
        for p, v in zip(spec.params, values):
            if p.name in given:
                raise fail(f"parameter {p.name!r} given both as a value and with --param", 2)
            given[p.name] = v
        store = _open_backend(backend, graph, uri=uri, user=user, database=database)
        try:
            result = run(store, name, given)
        finally:
            store.close()
    for pname, typed, cand in result.resolved:
        say(f"{pname}: {typed} → {cand.name} ({cand.id}; matched by {cand.matched})", err=True)
    _emit(spec.column_names, result.rows, fmt, title=f"{spec.name}: {spec.description}" if fmt == "table" else None)
    if fmt == "table":
        say(f"{len(result.rows)} row(s)", err=True)


# --- lawgraph cypher ---------------------------------------------------------------------


@app.command("cypher")
def cypher_command(
    text: str = typer.Argument(..., help="The Cypher to run ('-' reads it from stdin). Data goes in parameters."),
    param: List[str] = typer.Option(
        [], "--param", "-p", help="A parameter as key=value; the value is read as JSON if it parses (2024, [\"a\"]), else as text."
    ),
    write: bool = typer.Option(False, "--write", help="Allow writes (a WRITE transaction). Without it the query runs read-only."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    uri: str = typer.Option(_DEFAULT_NEO4J_URI, "--uri", envvar="NEO4J_URI", help="Neo4j URI."),
    user: str = typer.Option("neo4j", "--user", envvar="NEO4J_USER", help="Neo4j user."),
    database: Optional[str] = typer.Option(None, "--database", envvar="NEO4J_DATABASE", help="Neo4j database."),
) -> None:
    """Run raw Cypher on Neo4j: read-only unless --write.

    Example: lawgraph cypher 'MATCH (l:Law {id: $id}) RETURN l.title AS title' -p id=bj:接诉即办工作条例
    """
    from lawgraph.queries.backends import plain, write_clauses

    _choice(fmt, FORMATS, "--format")
    if text == "-":
        text = sys.stdin.read()
    params = _parse_assignments(param, json_values=True)
    clauses = write_clauses(text)
    if clauses and not write:
        raise fail(
            f"this query writes ({', '.join(dict.fromkeys(clauses))}); `lawgraph cypher` is read-only unless you pass --write",
            2,
        )
    with _errors():
        store = _open_backend("neo4j", Path("."), uri=uri, user=user, database=database)
        try:
            columns, rows = store.execute(text, params, write=write)
        finally:
            store.close()
    out = [{c: plain(v) for c, v in zip(columns, r)} for r in rows]
    _emit(columns, out, fmt)
    if fmt == "table":
        say(f"{len(out)} row(s)", err=True)
