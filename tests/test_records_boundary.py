"""Records are checked where they enter (issue 12, finding 7).

19 of 55 malformed record variants were tracebacks; some passed, were saved into
graph.json (NaN made it invalid JSON), then crashed the views and exports — and every
later build into that folder failed until graph.json was deleted. A law id equal to the
report id gave a self-loop. Now a bad line fails alone, with one line naming the file, the
line and the field; the rest of the file is built; nothing invalid reaches graph.json.
"""

from __future__ import annotations

import copy
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import SEEDS
from lawgraph.extract.records import FileError, Record, read_records
from lawgraph.graph import MemoryStore
from lawgraph.graph.exports import write_exports
from lawgraph.cli import app


@pytest.fixture(scope="module")
def good() -> list[dict]:
    from lawgraph.extract import extract_text

    paths = sorted(SEEDS.glob("*.txt"))[:2]
    return [extract_text(p.read_text(encoding="utf-8"), str(p)).to_dict() for p in paths]


def _set(obj: dict, path: str, value) -> dict:
    obj = copy.deepcopy(obj)
    keys = path.split(".")
    target = obj
    for k in keys[:-1]:
        target = target[int(k)] if k.isdigit() else target[k]
    last = keys[-1]
    if value is _DELETE:
        del target[last]
    else:
        target[int(last) if last.isdigit() else last] = value
    return obj


_DELETE = object()

# (what, the raw line or a mutation, the start of the reason) — one per variant the campaign tried.
RAW = [
    ("a list", "[1, 2]", "must be a JSON object"),
    ("null", "null", "must be a JSON object"),
    ("a string", '"report"', "must be a JSON object"),
    ("a number", "42", "must be a JSON object"),
    ("not JSON", "{not json", "not valid JSON"),
    ("NaN bare", "NaN", "NaN is not a JSON number"),
    ("a 5,000-digit number", '{"schema": ' + "9" * 5000 + "}", "not valid JSON"),
    ("100k-deep nesting", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("two values", '{"schema": 1} {"schema": 1}', "not valid JSON (extra data"),
]
MUTATIONS = [
    ("report as a string", "report", "x", "report: must be an object"),
    ("no report", "report", _DELETE, "report: missing"),
    ("agencies: [null]", "agencies", [None], "agencies[0]: must be an object"),
    ("agencies a dict", "agencies", {}, "agencies: must be a list"),
    ("citations null", "citations", None, "citations: must be a list"),
    ("report id null", "report.id", None, "report.id: must be text"),
    ("report id int", "report.id", 7, "report.id: must be text"),
    ("report id without prefix", "report.id", "abc", "report.id: must be 'report:' and a hash"),
    ("report id with ESC", "report.id", "report:a\x1b[2J", "report.id: must be an id without control characters"),
    ("law id null", "citations.0.law_id", None, "citations[0].law_id: must be text"),
    ("law id int", "citations.0.law_id", 3, "citations[0].law_id: must be text"),
    ("law id = a report id", "citations.0.law_id", "report:x", "citations[0].law_id: must be a document id"),
    ("law id = an agency id", "citations.0.law_id", "agency:x", "citations[0].law_id: must be a document id"),
    ("law id with NUL", "citations.0.law_id", "doc:x\x00", "citations[0].law_id: must be an id without control"),
    ("span as strings", "citations.0.span", ["1", "2"], "citations[0].span: must be [start, end]"),
    ("span reversed", "citations.0.span", [9, 2], "citations[0].span: must be [start, end]"),
    ("span past the end", "citations.0.span", [0, 10**9], "citations[0].span: must be [start, end]"),
    ("span of three", "citations.0.span", [1, 2, 3], "citations[0].span: must be [start, end]"),
    ("span floats", "citations.0.span", [1.0, 2.0], "citations[0].span: must be [start, end]"),
    ("year as string", "report.year", "2024", "report.year: must be an integer from 1000 to 9999 or null"),
    ("year bool", "report.year", True, "report.year: must be an integer"),
    ("year float", "report.year", 2024.0, "report.year: must be an integer"),
    ("year NaN", "report.year", math.nan, "NaN is not a JSON number"),
    ("year Infinity", "report.year", math.inf, "Infinity is not a JSON number"),
    ("year -Infinity", "report.year", -math.inf, "-Infinity is not a JSON number"),
    ("year huge", "report.year", 10**300, "report.year: must be an integer"),
    ("year negative", "report.year", -5, "report.year: must be an integer"),
    ("chars negative", "report.chars", -1, "report.chars: must be an integer"),
    ("chars string", "report.chars", "10", "report.chars: must be an integer"),
    ("published not a date", "report.published", "yesterday", "report.published: must be an ISO date"),
    ("published 2024-02-30", "report.published", "2024-02-30", "report.published: must be an ISO date"),
    ("script unknown", "report.script", "klingon", "report.script: must be one of simplified, traditional"),
    ("kind unknown", "citations.0.kind", "cited", "citations[0].kind: must be one of"),
    ("category unknown", "citations.0.category", "<b>法律</b>", "citations[0].category: must be one of"),
    ("function unknown", "citations.0.function", 1, "citations[0].function: must be one of"),
    ("linked a string", "citations.0.linked", "yes", "citations[0].linked: must be true or false"),
    ("title empty", "citations.0.title", "  ", "citations[0].title: must not be empty"),
    ("title a list", "citations.0.title", ["a"], "citations[0].title: must be text"),
    ("title with a lone surrogate", "citations.0.title", "法\ud800", "citations[0].title: holds a lone surrogate"),
    ("sentence null", "citations.0.sentence", None, "citations[0].sentence: must be text"),
    ("doc number int", "citations.0.doc_number", 33, "citations[0].doc_number: must be text or null"),
    ("agency name empty", "agencies.0.name", "", "agencies[0].name: must not be empty"),
    ("agency role unknown", "agencies.0.role", "boss", "agencies[0].role: must be one of issuer, mentioned"),
    ("agency level unknown", "agencies.0.level", "galactic", "agencies[0].level: must be one of"),
    ("agency aliases a string", "agencies.0.aliases", "外办", "agencies[0].aliases: must be a list of text"),
    ("agency aliases [1]", "agencies.0.aliases", [1], "agencies[0].aliases[0]: must be text"),
    ("issuer a list", "report.issuer", [], "report.issuer: must be an object"),
    ("unknown report field", "report.evil", 1, "report.evil: unknown field"),
    ("unknown citation field", "citations.0.evil", 1, "citations[0].evil: unknown field"),
    ("warnings a string", "warnings", "w", "warnings: must be a list of text"),
    ("warnings [null]", "warnings", [None], "warnings[0]: must be text"),
    ("source empty", "report.source", "", "report.source: must not be empty"),
]


def _line(obj) -> str:
    # Lone surrogates as \u escapes, as lawgraph writes them (raw, they are not UTF-8).
    import re

    text = json.dumps(obj, ensure_ascii=False, allow_nan=True)
    return re.sub("[\ud800-\udfff]", lambda m: "\\u%04x" % ord(m.group()), text)


def variants(good):
    out = [(what, line, reason) for what, line, reason in RAW]
    for what, path, value, reason in MUTATIONS:
        out.append((what, _line(_set(good[0], path, value)), reason))
    out.append(("invalid UTF-8", b'{"schema": 1, "report": "\xff\xfe"}', "not valid UTF-8 (byte 26 of the line)"))
    return out


def test_the_campaign_has_55_variants(good):
    assert len(variants(good)) >= 55


def test_every_malformed_line_fails_alone_naming_file_line_and_field(good, tmp_path):
    rows = variants(good)
    recs = tmp_path / "recs.jsonl"
    with open(recs, "wb") as f:
        f.write((_line(good[1]) + "\n").encode())
        for _, line, _ in rows:
            f.write((line if isinstance(line, bytes) else line.encode("utf-8")) + b"\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(recs), "--out", str(out), "--json", "--exports"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    summary = json.loads(result.stdout)
    failed = {f["source"]: f["reason"] for f in summary["files"]["failed"]}
    for n, (what, _, reason) in enumerate(rows, start=2):
        got = failed.get(f"{recs}:{n}")
        assert got is not None, what
        assert got.startswith(reason) or reason in got, (what, got)
        assert "\n" not in got
    assert summary["reports"] == 1  # the good line is in
    # graph.json is strict JSON, and the views and exports were written
    json.loads((out / "graph.json").read_text(encoding="utf-8"), parse_constant=lambda c: pytest.fail(c))
    assert (out / "views" / "index.html").is_file() and (out / "exports" / "nodes.csv").is_file()
    # and a later build into the same folder works
    again = CliRunner().invoke(app, ["build", str(recs), "--out", str(out)])
    assert again.exit_code == 1 and "(added 0, replaced 0, unchanged 1)" in again.stdout


def test_a_records_file_of_another_schema_fails_once(tmp_path, good):
    recs = tmp_path / "old.jsonl"
    recs.write_text("".join(_line({**g, "schema": 99}) + "\n" for g in good), encoding="utf-8")
    items = list(read_records(str(recs)))
    assert items == [
        FileError(
            str(recs),
            "line 1: records schema 99 is not supported (this lawgraph reads schemas 1, 2, 3, 4); re-run `lawgraph extract` to regenerate the records",
            "read",
        )
    ]


# --- the property: random mutations of a valid record -----------------------------------------

_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.text(alphabet=st.sampled_from("\x00\x1b\x07\x9b\u202e\ud800\udcff=+-@《》\n"), max_size=6),
    st.sampled_from(["report:x", "agency:x", "doc:x", "法律", "issuer", "bracketed", "2024-01-01"]),
)
_VALUE = st.recursive(_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=6)


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:3]):
            yield from _paths(v, prefix + (i,))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_mutations_fail_cleanly_or_build_a_valid_graph(good, tmp_path_factory, data):
    rec = copy.deepcopy(good[0])
    paths = [p for p in _paths(rec) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(paths))
        target = rec
        try:
            for k in path[:-1]:
                target = target[k]
            if data.draw(st.booleans()) and isinstance(target, dict):
                target.pop(path[-1], None)
            else:
                target[path[-1]] = data.draw(_VALUE)
        except (KeyError, IndexError, TypeError):
            continue
    folder = tmp_path_factory.mktemp("mut")
    recs = folder / "m.jsonl"
    with open(recs, "wb") as f:
        f.write(_line(good[1]).encode() + b"\n")
        f.write(_line(rec).encode("utf-8") + b"\n")
    items = list(read_records(str(recs)))
    assert isinstance(items[0], Record) and len(items) == 2
    if isinstance(items[1], FileError):
        # a bad line names its line; another schema version stops its file, naming the line
        assert items[1].source == f"{recs}:2" or (items[1].source == str(recs) and items[1].reason.startswith("line 2: records schema ")), items[1]
        assert "\n" not in items[1].reason
    store = MemoryStore()
    store.add_records(items)
    store.save(folder / "graph.json")
    json.loads((folder / "graph.json").read_text(encoding="utf-8"), parse_constant=lambda c: pytest.fail(c))
    loaded = MemoryStore.load(folder / "graph.json")
    write_exports(loaded, folder / "exports", ["nodes-csv", "edges-csv", "graphml", "gexf", "json"])
