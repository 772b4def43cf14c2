"""File names are bytes until shown, and shown escaped (issue 12, findings 1 and 8).

A name that is not UTF-8 (a GBK name from a zip made on Windows) reaches Python as a str
with one lone surrogate per undecodable byte. It must go through extraction, the records,
the graph file, the views and the exports and come back as the same bytes; wherever it is
shown it is escaped (``\\xb1\\xa8…``). Names with terminal escape sequences are shown inert.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lawgraph.graph import MemoryStore
from lawgraph.cli import app
from tests.badinput import BODY, HEAD

LAWGRAPH = [sys.executable, "-c", "from lawgraph.cli import main; main()"]
REPORT = HEAD + BODY * 3
GBK_NAME = "报告".encode("gbk") + b".txt"  # b'\xb1\xa8\xb8\xe6.txt'
SHOWN = "\\xb1\\xa8\\xb8\\xe6.txt"
# Control characters a terminal would obey, and what must show instead.
HOSTILE_BYTES = b"\x1b]0;owned\x07\x1b]52;c;ZWNobyBvd25lZA==\x07\x1b[2J\x9b\xe2\x80\xae.txt"


def utf8_env() -> dict[str, str]:
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    env.pop("PYTHONUTF8", None)
    env.pop("PYTHONIOENCODING", None)
    return env


def no_raw_controls(text: str) -> None:
    """Nothing a terminal would interpret: no ESC, BEL, CSI, C1 controls, bidi overrides."""
    bad = [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or c in "\u202e\u202d\u2066\u2067\u2068\u2069"]
    assert not bad, bad[:5]


def test_a_gbk_file_name_is_built_kept_as_bytes_and_shown_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/" + GBK_NAME, "wb") as f:
        f.write(REPORT.encode("utf-8"))
    out = tmp_path / "out"
    proc = subprocess.run(LAWGRAPH + ["build", str(folder), "--out", str(out), "-j", "1", "--exports"], capture_output=True, env=utf8_env())
    stdout, stderr = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "reports: 1 " in stdout

    # The graph file is valid UTF-8 JSON and holds the name's bytes, recoverable exactly.
    raw = (out / "graph.json").read_bytes()
    raw.decode("utf-8")
    store = MemoryStore.load(out / "graph.json")
    [(_, report)] = list(store.nodes("Report"))
    assert os.fsencode(report["source"]) == os.fsencode(folder) + b"/" + GBK_NAME
    records = (out / "records.jsonl").read_bytes().decode("utf-8")
    assert os.fsencode(json.loads(records)["report"]["source"]).endswith(GBK_NAME)

    # Exports and views are written, and show the name escaped.
    nodes_csv = (out / "exports" / "nodes.csv").read_text(encoding="utf-8-sig")
    assert SHOWN in nodes_csv
    assert (out / "views" / "index.html").is_file()
    for p in (out / "exports").rglob("*"):
        if p.is_file():
            p.read_bytes().decode("utf-8")  # every export is valid UTF-8

    # A second build over the same folder changes nothing (the name matches itself).
    again = subprocess.run(LAWGRAPH + ["build", str(folder), "--out", str(out), "-j", "1"], capture_output=True, env=utf8_env())
    assert again.returncode == 0, again.stderr.decode()
    assert "(added 0, replaced 0, unchanged 1)" in again.stdout.decode()
    assert (out / "graph.json").read_bytes() == raw


def test_a_records_source_with_a_lone_surrogate_builds(tmp_path):
    rec = {
        "schema": 1,
        "report": {
            "id": "report:" + "a" * 20,
            "source": "x\ud800y.txt",
            "title": None,
            "year": 2024,
            "published": None,
            "script": "simplified",
            "issuer": None,
            "chars": 10,
            "format": "txt",
            "encoding": "utf-8",
        },
        "citations": [],
        "agencies": [],
        "warnings": [],
    }
    from lawgraph.extract.records import dumps

    recs = tmp_path / "recs.jsonl"
    recs.write_text(dumps(rec) + "\n", encoding="utf-8")
    proc = subprocess.run(LAWGRAPH + ["build", str(recs), "--out", str(tmp_path / "out")], capture_output=True, env=utf8_env())
    assert proc.returncode == 0, proc.stderr.decode()
    store = MemoryStore.load(tmp_path / "out" / "graph.json")
    assert [a["source"] for _, a in store.nodes("Report")] == ["x\ud800y.txt"]


def test_failed_and_skipped_names_are_shown_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    base = os.fsencode(folder) + b"/"
    open(base + GBK_NAME.replace(b".txt", b".png"), "wb").close()  # skipped
    open(base + HOSTILE_BYTES, "wb").close()  # failed: empty
    proc = subprocess.run(LAWGRAPH + ["extract", str(folder), "-o", str(tmp_path / "r.jsonl"), "-j", "1"], capture_output=True, env=utf8_env())
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == 1 and "Traceback" not in stderr
    no_raw_controls(stderr)
    assert "skipped " + str(folder) + "/\\xb1\\xa8\\xb8\\xe6.png: unsupported format (.png)" in stderr
    assert "\\x1b]0;owned\\x07\\x1b]52;c;" in stderr and "\\u202e.txt: empty file" in stderr


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b and not b.startswith((b".", b"~$"))))
def test_any_file_name_bytes_build_round_trip_and_print_safely(tmp_path_factory, name):
    root = tmp_path_factory.mktemp("names")
    folder = root / "in"
    folder.mkdir()
    path = os.fsencode(folder) + b"/" + name + b".txt"
    with open(path, "wb") as f:
        f.write(REPORT.encode("utf-8"))
    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(root / "out"), "-j", "1", "--exports"])
    assert result.exit_code == 0, result.output
    no_raw_controls(result.stdout + result.stderr)
    store = MemoryStore.load(root / "out" / "graph.json")
    [(_, report)] = list(store.nodes("Report"))
    assert os.fsencode(report["source"]) == path
    (root / "out" / "exports" / "nodes.csv").read_bytes().decode("utf-8")
