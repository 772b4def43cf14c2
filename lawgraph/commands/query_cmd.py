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
    from lawgraph.queries.backends.memory import MemoryBackend
    from lawgraph.queries.backends.neo4j import Neo4jBackend

    if backend == "memory":
        return MemoryBackend(_memory_store(graph))
    return Neo4jBackend.connect(uri, user, None, database, prompt=password_prompt())


def _memory_store(graph: Path):
    """The graph to query: a graph file, a records file, or a folder of reports."""
    from lawgraph.graph.memory import MemoryStore
    from lawgraph.graph.neutral import shown_name

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
            f"{graph}: no such graph file; run `lawgraph build PATH...` first, or pass --graph FILE (a graph file, a records file or a folder of reports)"
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


def _csv_rows(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> Iterator[list[str]]:
    """The header, then the rows, lists joined with ``;``; control sequences escaped (the
    spreadsheet neutralising is the writer's: graph.neutral.csv_cell)."""
    from lawgraph.graph.neutral import terminal

    yield [terminal(c) for c in columns]
    for r in rows:
        yield [terminal(";".join(_cell(x) for x in v) if isinstance(v := r.get(c), (list, tuple)) else _cell(v)) for c in columns]


def _table_columns(columns: Sequence[str]) -> list[str]:
    """What a table shows: ids are for programs (json, csv), names for people."""
    shown = [c for c in columns if not (c == "id" or c.endswith("_id"))]
    return shown or list(columns)


def _emit(columns: Sequence[str], rows: Sequence[dict[str, Any]], fmt: str, title: str | None = None, *, hide_ids: bool = False, wrap: bool = False) -> None:
    """Rows on stdout. Whatever the graph holds is neutralised for where it goes: JSON with
    control characters escaped, CSV cells with control sequences escaped and then the OWASP
    way (graph.neutral.csv_cell), table cells with control sequences shown as escapes.

    CSV starts with a byte-order mark, so that ``… -f csv > x.csv`` opens in Excel. Tables
    leave the id columns out (``hide_ids``: canned queries, whose rows name what the ids
    are; raw Cypher shows what was asked for) and fit the terminal (80 columns when it says nothing else):
    long names are cut with …, numbers and headers never split."""
    from lawgraph.graph.neutral import csv_cell, json_for_terminal, terminal

    if fmt == "json":
        sys.stdout.write(json_for_terminal(json.dumps(list(rows), ensure_ascii=False, indent=2)) + "\n")
        return
    if fmt == "csv":
        sys.stdout.write("\ufeff")
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerows([csv_cell(c) for c in row] for row in _csv_rows(columns, rows))
        return
    import os
    import shutil

    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if sys.stdout.isatty():
        width = shutil.get_terminal_size((80, 24)).columns
    else:
        width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else 1000
    # Text cells, never markup: titles such as 规定[2021] must print as they are.
    console = Console(width=width, soft_wrap=False)
    if title:
        console.print(Text(terminal(title)))
    shown = _table_columns(columns) if hide_ids else list(columns)
    cells = [[terminal(_cell(r.get(c))) for c in shown] for r in rows]
    numeric = [bool(rows) and all(isinstance(r.get(c), (int, float)) or r.get(c) is None for r in rows) for c in shown]
    widths = _fit([max([cell_len(c), *(cell_len(row[i]) for row in cells)]) for i, c in enumerate(shown)], numeric, width)
    table = Table(show_lines=False)
    for c, num, cw in zip(shown, numeric, widths):
        # ``wrap``: prose (the query list) folds over lines; names are cut in the middle
        table.add_column(Text(terminal(c)), no_wrap=not wrap or num, overflow="fold", width=cw, justify="right" if num else "left")
    for row in cells:
        table.add_row(*[Text(v if wrap else _shorten(v, w, cell_len)) for v, w in zip(row, widths)])
    console.print(table)


def _shorten(text: str, width: int, cell_len) -> str:
    """``text`` in ``width`` terminal cells, its middle cut (北京市东城区…外事办公室): the
    start and the end of a Chinese name are what tell two names apart.

    >>> from rich.cells import cell_len
    >>> _shorten("北京市东城区人民政府外事办公室", 17, cell_len)
    '北京市东城…办公室'
    """
    if cell_len(text) <= width:
        return text
    head, tail = [], []
    room = width - 1  # the …
    i, j = 0, len(text) - 1
    take_head = True
    while i <= j:
        ch = text[i] if take_head else text[j]
        if cell_len(ch) > room:
            break
        room -= cell_len(ch)
        if take_head:
            head.append(ch)
            i += 1
        else:
            tail.append(ch)
            j -= 1
        take_head = not take_head if len(tail) * 2 < len(head) + 2 else True
    return "".join(head) + "…" + "".join(reversed(tail))


def _fit(natural: list[int], fixed: list[bool], width: int) -> list[int]:
    """Column widths that fit ``width`` with the table's borders (3 per column, plus 1):
    numbers keep theirs; the text columns share the rest, the narrow ones whole, the wide
    ones equally (at least 6 each, so a name stays recognisable).

    >>> _fit([40, 10, 30], [False, True, False], 80)
    [30, 10, 30]
    """
    room = width - 3 * len(natural) - 1 - sum(n for n, f in zip(natural, fixed) if f)
    text = sorted((n, i) for i, (n, f) in enumerate(zip(natural, fixed)) if not f)
    out = list(natural)
    left = len(text)
    for n, i in text:
        share = max(6, room // left) if left else n
        out[i] = min(n, share)
        room -= out[i]
        left -= 1
    return out


def _write_output(path: Path, columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
    """``--output FILE``: CSV (UTF-8 with BOM, for Excel) or JSON, by the file's suffix;
    written atomically, refused on a device or a folder that does not exist."""
    from lawgraph.graph.exports.flat import atomic_open, write_csv_rows

    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv_rows(path, _csv_rows(columns, rows))
    elif suffix == ".json":
        with atomic_open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n")
    else:
        raise fail(f"--output {path}: the name must end in .csv or .json (that is how the format is chosen)", 2)


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


def query_command(
    name: Optional[str] = typer.Argument(None, help="The query (see --list).", show_default=False),
    values: Optional[List[str]] = typer.Argument(
        None, help="Values for the query's parameters, in order (a law or agency may be any name).", show_default=False
    ),
    param: List[str] = typer.Option([], "--param", "-p", help="A parameter as key=value (repeatable)."),
    list_queries: bool = typer.Option(False, "--list", "-l", help="List the queries with their parameters."),
    graph: Path = typer.Option(DEFAULT_OUT / GRAPH_FILE, "--graph", "-g", help="Graph file, records file (*.jsonl) or folder of reports (memory backend)."),
    backend: str = typer.Option("memory", "--backend", "-b", help="memory or neo4j."),
    fmt: str = typer.Option("table", "--format", "-f", help="table (names, fits the terminal), json or csv (ids and full names; CSV with a BOM for Excel)."),
    output: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the rows to FILE instead: .csv (UTF-8 with BOM, for Excel) or .json.", show_default=False
    ),
    uri: str = typer.Option(_DEFAULT_NEO4J_URI, "--uri", envvar="NEO4J_URI", help="Neo4j URI."),
    user: str = typer.Option("neo4j", "--user", envvar="NEO4J_USER", help="Neo4j user."),
    database: Optional[str] = typer.Option(None, "--database", envvar="NEO4J_DATABASE", help="Neo4j database."),
) -> None:
    """Run a canned query: `lawgraph query agencies-citing 国际交往语言环境建设条例`.

    Positional values fill the query's parameters in order; `-p key=value` sets any of
    them (lists: comma-separated). `lawgraph query --list` shows every query and its
    parameters. top-laws ranks normative documents; 其他 (newspapers, TV columns) only
    with `-p include_other=true` or `-p categories=其他`.
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
        _emit(["query", "parameters", "description"], rows, fmt, wrap=True)
        if name is None and not list_queries:
            say("\nrun one with: lawgraph query NAME [VALUES...] [-p key=value ...]", err=True)
        return

    with _errors():
        spec = get_query(name)
        given = _parse_assignments(param, json_values=False)
        values = list(values or [])
        if len(values) > len(spec.params):
            raise fail(f"{name} takes at most {len(spec.params)} value(s) ({spec.signature()}); got {len(values)}", 2)
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
    for note in result.notes:
        say(note, err=True)
    if output is not None:
        with cli_errors():
            _write_output(output, spec.column_names, result.rows)
        from lawgraph.graph.neutral import shown_name

        say(f"{len(result.rows)} row(s) written to {shown_name(output)}", err=True)
        return
    _emit(spec.column_names, result.rows, fmt, title=f"{spec.name}: {spec.description}" if fmt == "table" else None, hide_ids=True)
    if fmt == "table":
        say(f"{len(result.rows)} row(s)", err=True)


# --- lawgraph cypher ---------------------------------------------------------------------


def cypher_command(
    text: str = typer.Argument(..., help="The Cypher to run ('-' reads it from stdin). Data goes in parameters."),
    param: List[str] = typer.Option([], "--param", "-p", help='A parameter as key=value; the value is read as JSON if it parses (2024, ["a"]), else as text.'),
    write: bool = typer.Option(False, "--write", help="Allow writes (a WRITE transaction). Without it the query runs read-only."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
    uri: str = typer.Option(_DEFAULT_NEO4J_URI, "--uri", envvar="NEO4J_URI", help="Neo4j URI."),
    user: str = typer.Option("neo4j", "--user", envvar="NEO4J_USER", help="Neo4j user."),
    database: Optional[str] = typer.Option(None, "--database", envvar="NEO4J_DATABASE", help="Neo4j database."),
) -> None:
    """Run raw Cypher on Neo4j: read-only unless --write.

    Example: lawgraph cypher 'MATCH (l:Law {id: $id}) RETURN l.title AS title' -p id=bj:接诉即办工作条例
    """
    from lawgraph.queries.backends.guard import write_clauses
    from lawgraph.queries.backends.plain import plain

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
