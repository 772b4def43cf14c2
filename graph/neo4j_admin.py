"""Bulk import files for ``neo4j-admin database import full``: one CSV per label and per
relationship kind, with the importer's typed headers.

Each file has one pure row generator (header first, then one row per node or edge, sorted
by id); :func:`write_import_files` only writes them. Values are those the driver load
stores (:func:`graph.model.flat_props`), so both paths give the same database:

* nodes: ``id:ID(<Label>)``, ``:LABEL``, then the properties, typed (``year:int``,
  ``published:date``, ``linked:boolean``, ``aliases:string[]`` …)
* relationships: ``:START_ID(<Label>)``, ``:END_ID(<Label>)``, ``:TYPE``, then the
  properties; spans are ``span_starts:int[]`` and ``span_ends:int[]``
* arrays are joined with U+001F (the ASCII unit separator, which report text never holds;
  it is removed from values should one appear): hence ``--array-delimiter=U+001F``
* absent values (null, empty lists) are empty fields, which the importer leaves unset

The import command is :func:`import_command`; after the import, run ``schema.cypher``
(written next to the CSV files) for the constraints and indexes a driver load would create.
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import os
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from lawgraph.graph import model
from lawgraph.graph.atomic import atomic_open
from lawgraph.graph.neutral import csv_cell, csv_text, formula_safe
from lawgraph.graph.model import AGENCY, AGENCY_CITES, ISSUED_REL, LAW, MENTIONS_REL, REPORT, REPORT_CITES, Edge, Node, Rel

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_ARG = "U+001F"

NODE_FILES = {AGENCY: "agencies.csv", LAW: "laws.csv", REPORT: "reports.csv"}
REL_FILES = {
    ISSUED_REL.name: "issued.csv",
    REPORT_CITES.name: "report_cites.csv",
    MENTIONS_REL.name: "mentions.csv",
    AGENCY_CITES.name: "agency_cites.csv",
}


def _columns(kind: str) -> list[tuple[str, str]]:
    """(property, type) of a label or relationship kind, after flattening; ``id`` excluded."""
    return [(k, t) for k, t in model.flat_types(kind).items() if k != model.KEY]


def _header(name: str, typ: str) -> str:
    return name if typ == "string" else f"{name}:{typ}"


def _cell(value: Any) -> str:
    """One field: control characters (the array delimiter among them) replaced, and a value
    a spreadsheet would run as a formula prefixed with ' (see graph.neutral.csv_cell; the
    importer then stores the quote too — documented in docs/neo4j.md)."""
    if isinstance(value, (list, tuple)):
        return formula_safe(ARRAY_DELIMITER.join(_scalar(v) for v in value))
    return csv_cell(_scalar(value))


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return csv_text(str(value))


def node_file_rows(label: str, nodes: Iterable[Node]) -> Iterator[list[str]]:
    """Header and rows of one node file (pure)."""
    cols = _columns(label)
    yield [f"{model.KEY}:ID({label})", ":LABEL", *(_header(k, t) for k, t in cols)]
    for n in nodes:
        props = model.flat_props(n.props)
        yield [_cell(n.id), label, *(_cell(props.get(k)) for k, _ in cols)]


def rel_file_rows(rel: Rel, edges: Iterable[Edge]) -> Iterator[list[str]]:
    """Header and rows of one relationship file (pure)."""
    cols = _columns(rel.name)
    yield [f":START_ID({rel.start})", f":END_ID({rel.end})", ":TYPE", *(_header(k, t) for k, t in cols)]
    for e in edges:
        props = model.flat_props(e.props)
        yield [_cell(e.start), _cell(e.end), rel.type, *(_cell(props.get(k)) for k, _ in cols)]


def import_files(store: Any) -> dict[str, Callable[[], Iterator[list[str]]]]:
    """File name → its row generator, for a :class:`~graph.memory.MemoryStore`."""
    out: dict[str, Callable[[], Iterator[list[str]]]] = {}

    def nodes_of(label: str) -> Iterator[list[str]]:
        return node_file_rows(label, store.node_rows(label))

    def edges_of(rel: Rel) -> Iterator[list[str]]:
        return rel_file_rows(rel, store.edge_rows(rel))

    for label, name in NODE_FILES.items():
        out[name] = functools.partial(nodes_of, label)
    for rel in model.RELS:
        out[REL_FILES[rel.name]] = functools.partial(edges_of, rel)
    return out


def write_import_files(store: Any, out_dir: str | os.PathLike) -> list[Path]:
    """Write the CSV files and ``schema.cypher`` into ``out_dir``; return their paths."""
    from lawgraph.graph.neo4j_store import schema_queries

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in import_files(store).items():
        path = out / name
        # A temporary name of its own (never a fixed one two writers would share).
        with atomic_open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows())
        written.append(path)
    schema = out / "schema.cypher"
    with atomic_open(schema, "w", encoding="utf-8", newline="\n") as fh:
        # The producer stamp as a comment: the file stays runnable by cypher-shell -f.
        fh.write(f"// {model.producer_line(getattr(store, 'graph', None))}\n")
        fh.write("".join(q + ";\n" for q in schema_queries()))
    written.append(schema)
    return written


def import_args(import_dir: str | os.PathLike = "/import", database: str = "neo4j") -> list[str]:
    """The arguments of ``neo4j-admin`` that import the files in ``import_dir`` (as the
    Neo4j server sees that folder) into a fresh ``database``.

    The database name comes first: after ``--nodes=…``/``--relationships=…`` (which take
    several files each) the tool would read it as one more file.

    >>> import_args("/import")[:5]
    ['database', 'import', 'full', 'neo4j', '--overwrite-destination=true']
    """
    d = str(import_dir).rstrip("/")
    return [
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination=true",
        f"--array-delimiter={ARRAY_DELIMITER_ARG}",
        "--multiline-fields=true",
        *(f"--nodes={d}/{name}" for name in NODE_FILES.values()),
        *(f"--relationships={d}/{name}" for name in REL_FILES.values()),
    ]


def import_command(import_dir: str = "/import", database: str = "neo4j") -> str:
    """The ``neo4j-admin database import full`` command line for :func:`import_args`.

    >>> print(import_command())  # doctest: +ELLIPSIS
    neo4j-admin database import full neo4j --overwrite-destination=true ... --nodes=/import/agencies.csv ...
    """
    return " ".join(["neo4j-admin", *import_args(import_dir, database)])
