"""Nothing untrusted reaches a terminal or a spreadsheet cell as it is (issue 12, findings
8, 9, 15).

* A cited title or a file name with ESC/OSC sequences (window title, OSC 52 clipboard
  write) was printed raw by `query`, `search` and the build summary.
* Cells starting with = + - @ (titles, labels, sources, matrix headers, neo4j-admin files,
  `query --format csv`) were written as they are; NUL and ESC went raw into the CSVs and
  into the inline SVG plots (now: the charts' data).
* `doc:x\\x01` and `doc:x\\x02` became one GraphML node.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from lawgraph.extract.records import Agency, Citation, Record, Report
from lawgraph.graph import MemoryStore
from lawgraph.graph.neutral import FORMULA_TRIGGERS, csv_cell, terminal, xml_id
from lawgraph.cli import app

OSC_TITLE = "\x1b]0;pwned\x07"
OSC_CLIPBOARD = "\x1b]52;c;ZWNobyBvd25lZA==\x07"
CSI = "\x1b[2J\x9b31m"
HOSTILE = f"条例{OSC_TITLE}{OSC_CLIPBOARD}{CSI}\u202e"
FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\tX", "\rY"]


def raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u2066\u2067\u2068\u2069"]


def hostile_store() -> MemoryStore:
    """Reports, agencies and documents whose every name is hostile."""
    recs = []
    titles = [HOSTILE, *FORMULAS, "doc\x00nul"]
    for i, title in enumerate(titles):
        issuer = Agency(f"北京市{FORMULAS[i % len(FORMULAS)]}局", "局", (0, 1), "issuer", "municipal", "北京市")
        cites = [Citation(title, f"《{title}》", (10, 12), f"贯彻{title}", "bracketed", "规章", f"doc:{i}{'x' if i % 2 else ''}")]
        rep = Report(f"report:{i}", f"{FORMULAS[i % len(FORMULAS)]}{OSC_TITLE}{i}.txt", title, 2020 + i % 3, None, "simplified", issuer, 100)
        recs.append(Record(rep, cites, []))
    store = MemoryStore(catalog=_NoCatalog())
    store.add_records(recs)  # dataclasses: the records boundary would refuse some on purpose
    return store


class _NoCatalog:
    def get(self, law_id):
        return None


# --- terminals ----------------------------------------------------------------------------


def test_terminal_shows_control_sequences_as_escapes():
    shown = terminal(HOSTILE)
    assert raw_controls(shown) == []
    assert shown == "条例\\x1b]0;pwned\\x07\\x1b]52;c;ZWNobyBvd25lZA==\\x07\\x1b[2J\\x9b31m\\u202e"
    assert terminal("a\nb\tc") == "a\nb\tc" and terminal("a\nb", one_line=True) == "a\\x0ab"


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_query_output_holds_no_raw_control_sequence(tmp_path, fmt):
    path = tmp_path / "g.json"
    hostile_store().save(path)
    result = CliRunner().invoke(app, ["query", "top-laws", "-g", str(path), "-f", fmt])
    assert result.exit_code == 0, result.output
    assert "pwned" in result.stdout  # the titles are shown…
    assert raw_controls(result.stdout + result.stderr) == []  # …inert
    if fmt == "json":
        assert HOSTILE in [r["title"] for r in json.loads(result.stdout)]  # the same value, escaped


def test_search_output_holds_no_raw_control_sequence(tmp_path):
    path = tmp_path / "g.json"
    hostile_store().save(path)
    result = CliRunner().invoke(app, ["query", "search", "条例", "-g", str(path)])
    assert result.exit_code == 0, result.output
    assert "pwned" in result.stdout and raw_controls(result.stdout + result.stderr) == []


def test_the_build_summary_and_errors_hold_no_raw_control_sequence(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{OSC_TITLE}报告.txt").write_text("", encoding="utf-8")  # fails: empty
    (folder / f"{OSC_CLIPBOARD}.png").write_bytes(b"x")  # skipped
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1
    assert "\\x1b]0;pwned\\x07报告.txt: empty file" in result.stdout
    assert raw_controls(result.stdout + result.stderr) == []
    result = CliRunner().invoke(app, ["build", str(folder / f"{CSI}.jsonl"), "--out", str(tmp_path / "out")])
    assert raw_controls(result.stdout + result.stderr) == []


# --- spreadsheets --------------------------------------------------------------------------


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_a_spreadsheet_would_run_starts_with_a_quote(value):
    if value.startswith("\r"):  # a carriage return is no cell content at all: U+FFFD
        assert csv_cell(value) == "\ufffd" + value[1:]
        return
    assert csv_cell(value) == "'" + value
    assert csv_cell("条例" + value) == "条例" + value  # only the first character matters
    assert csv_cell(-3) == -3 and csv_cell(None) is None  # numbers stay numbers


def _cells(path: Path) -> list[str]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_no_csv_the_exports_write_has_a_formula_or_a_control_character(tmp_path):
    from lawgraph.graph.exports import write_exports

    written = write_exports(hostile_store(), tmp_path / "exports", ["nodes-csv", "edges-csv", "matrix", "neo4j-admin"])
    csvs = [p for p in written if p.suffix == ".csv"]
    assert {p.name for p in csvs} >= {"nodes.csv", "edges.csv", "matrix_total.csv", "matrix_cols.csv", "laws.csv", "reports.csv"}
    seen_title = False
    for path in csvs:
        for cell in _cells(path):
            assert not cell.startswith(FORMULA_TRIGGERS), (path.name, cell)
            bad = [c for c in cell if ord(c) < 32 and c not in "\n\t\x1f"]  # \x1f: neo4j-admin's array delimiter
            assert not bad, (path.name, cell)
            seen_title |= cell == '\'=HYPERLINK("http://evil","x")'
    assert seen_title


def test_query_csv_cells_are_neutralised(tmp_path):
    path = tmp_path / "g.json"
    hostile_store().save(path)
    result = CliRunner().invoke(app, ["query", "top-laws", "-g", str(path), "-f", "csv"])
    cells = [c for row in csv.reader(io.StringIO(result.stdout)) for c in row]
    assert "'-2+3" in cells and "'@SUM(1)" in cells and "'\tX" in cells
    assert not [c for c in cells if c.startswith(FORMULA_TRIGGERS)]


def test_the_index_page_and_its_chart_data_hold_no_control_character(tmp_path):
    from lawgraph.graph.views import write_views

    write_views(hostile_store(), tmp_path / "views")
    index = (tmp_path / "views" / "index.html").read_text(encoding="utf-8")
    data = re.search(r'id="lawgraph-data">(.*?)</script>', index, re.S).group(1)
    assert json.loads(data)["charts"]  # the charts' options (titles and names in them) are there
    assert not [c for c in index if ord(c) < 32 and c not in "\n\t\r"], "a control character in the index page"


# --- XML ids ---------------------------------------------------------------------------------


def test_graphml_and_gexf_keep_ids_that_differ_only_in_control_characters_apart(tmp_path):
    from lawgraph.graph.exports import gexf, graphml

    recs = []
    for i, law in enumerate(["doc:x\x01", "doc:x\x02", "doc:x\\u0001"]):
        issuer = Agency("北京市某局", "某局", (0, 2), "issuer", "municipal", "北京市")
        recs.append(
            Record(
                Report(f"report:{i}", f"{i}.txt", "t", 2024, None, "simplified", issuer, 100),
                [Citation("条例", "《条例》", (10, 14), "s", "bracketed", "规章", law)],
                [],
            )
        )
    store = MemoryStore(catalog=_NoCatalog())
    store.add_records(recs)
    graphml.write(store, tmp_path / "g.graphml")
    gexf.write(store, tmp_path / "g.gexf")
    h = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert h.number_of_nodes() == store.graph.number_of_nodes()
    assert {"doc:x\\u0001", "doc:x\\u0002", "doc:x\\\\u0001"} <= set(h.nodes)
    assert nx.read_gexf(tmp_path / "g.gexf").number_of_nodes() == 3 + 1  # three documents, one agency
    assert len({xml_id(n) for n in store.graph.nodes}) == store.graph.number_of_nodes()
