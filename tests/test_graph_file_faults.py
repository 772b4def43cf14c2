"""The graph file under faults: a process killed mid-write leaves the previous graph intact;
a truncated, corrupt or foreign file gives GraphFileError naming the file (never another
exception), and the command line says ``error: …`` and exits 1, without a traceback.

(tests/test_memory_store.py already covers a writer that raises, and a few broken files.)
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lawgraph.extract.errors import LawgraphError
from lawgraph.extract.records import Agency, Citation, Record, Report
from lawgraph.graph import MemoryStore
from lawgraph.graph.persist import GraphFileError, load_graph
from lawgraph.cli import app

WAB = "北京市西城区人民政府外事办公室"


def record(rid, laws, *, year=2024):
    iss = Agency(WAB, WAB, (0, len(WAB)), "issuer", "district", "北京市西城区")
    rep = Report(rid, f"r/{rid}.txt", "报告", year, None, "simplified", iss, 1000)
    cs = [Citation(law[4:], f"《{law[4:]}》", (100 + 9 * i, 105 + 9 * i), "学习", "bracketed", "法律", law) for i, law in enumerate(laws)]
    return Record(rep, cs, [])


class NoCatalog:
    def get(self, law_id):
        return None


OLD = [record(f"report:{i}", [f"law:法{i}", f"law:法{i + 1}", "law:统计法"], year=2020 + i % 5) for i in range(30)]
NEW = [record(f"report:new{i}", [f"law:新法{i}", "law:保密法"]) for i in range(30)]


def graph_with(records) -> MemoryStore:
    store = MemoryStore(catalog=NoCatalog())
    store.add_records(records)
    return store


def same_graph(a, b) -> bool:
    return sorted(a.nodes(data=True)) == sorted(b.nodes(data=True)) and sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


# ---------------------------------------------------------------------------------------------
# a crash mid-write

# The child: load the old graph, add the new reports, and save through a writer that stops
# half-way (a marker file says so) and waits to be killed.
CHILD = r"""
import os, sys, time
import lawgraph.graph.persist as persist
from lawgraph.graph import MemoryStore
sys.path.insert(0, {tests!r})
from test_graph_file_faults import NEW, NoCatalog

path, marker = sys.argv[1], sys.argv[2]
store = MemoryStore.load(path, catalog=NoCatalog())
store.add_records(NEW)
lines = list(persist.iter_graph_bytes(store.graph))

def half_then_hang(graph, errors="strict"):
    yield from lines[: len(lines) // 2]
    yield b"\n" * 65536  # through the buffers: the temporary file really holds half a graph
    open(marker, "w").close()
    time.sleep(60)
    yield from lines[len(lines) // 2 :]

persist.iter_graph_bytes = half_then_hang
store.save(path)
"""


@pytest.mark.parametrize("name", ["graph.json", "graph.json.gz"])
def test_a_process_killed_mid_write_leaves_the_previous_graph(tmp_path, name):
    path = tmp_path / name
    graph_with(OLD).save(path)
    before = path.read_bytes()
    marker = tmp_path / "half-written"
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD.format(tests=str(Path(__file__).parent)), str(path), str(marker)],
        cwd=Path(__file__).parents[1],
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, "the child died before the crash point"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        temps = [p for p in tmp_path.iterdir() if p.name.startswith(f".{name}.") and p.name.endswith(".tmp")]
        assert len(temps) == 1  # the new graph, half written (gzip may still hold it in its buffers)
        assert temps[0].stat().st_size > 0 or name.endswith(".gz")
        proc.send_signal(signal.SIGKILL)  # no cleanup of any kind
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert path.read_bytes() == before
    assert same_graph(load_graph(path), graph_with(OLD).graph)
    # A kill leaves the hidden temporary file behind; it never shadows the graph, and the next
    # save goes through.
    store = MemoryStore.load(path, catalog=NoCatalog())
    store.add_records(NEW)
    store.save(path)
    assert same_graph(load_graph(path), graph_with(OLD + NEW).graph)


@pytest.mark.parametrize(
    "crash",
    [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")],
    ids=["Ctrl-C", "disk full"],
)
def test_an_exception_mid_write_leaves_the_previous_graph_and_no_temporary_file(tmp_path, monkeypatch, crash):
    import lawgraph.graph.persist as persist

    path = tmp_path / "graph.json"
    graph_with(OLD).save(path)
    before = path.read_bytes()
    real = persist.iter_graph_bytes

    def crashing(graph, errors="strict"):
        lines = list(real(graph, errors))
        yield from lines[: len(lines) // 2]
        raise crash

    monkeypatch.setattr(persist, "iter_graph_bytes", crashing)
    with pytest.raises(type(crash)):
        graph_with(OLD + NEW).save(path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["graph.json"]


def test_a_full_disk_during_build_is_a_clean_error(tmp_path, monkeypatch):
    import lawgraph.graph.persist as persist

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("lawgraph.commands.build_cmd._write_outputs", lambda store, out, **kw: None)
    recs = tmp_path / "old.jsonl"
    recs.write_text("".join(r.to_json() + "\n" for r in OLD), encoding="utf-8")
    assert CliRunner().invoke(app, ["build", str(recs)]).exit_code == 0
    before = (tmp_path / "out/graph.json").read_bytes()

    def full(binary, graph):
        binary.write(b'{"format"')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(persist, "_write_text", full)
    recs.write_text("".join(r.to_json() + "\n" for r in OLD + NEW), encoding="utf-8")
    records_before = (tmp_path / "out/records.jsonl").read_bytes()
    result = CliRunner().invoke(app, ["build", str(recs)])
    assert result.exit_code == 1
    # The message names the file, and every output is as it was (issue 12, finding 12).
    assert result.stderr == "error: out/graph.json: No space left on device; out/graph.json and the other outputs are unchanged\n"
    assert (tmp_path / "out/graph.json").read_bytes() == before
    assert (tmp_path / "out/records.jsonl").read_bytes() == records_before
    assert sorted(os.listdir(tmp_path / "out")) == [".lawgraph.lock", "graph.json", "records.jsonl"]


# ---------------------------------------------------------------------------------------------
# truncated and corrupt files


def assert_graph_file_error(path: Path) -> str:
    with pytest.raises(GraphFileError) as info:
        load_graph(path)
    msg = str(info.value)
    assert isinstance(info.value, LawgraphError)
    assert msg.startswith(f"{path}: ") and "\n" not in msg
    return msg


def cut_points(n: int, data: bytes) -> list[int]:
    """About 1,500 places to cut: spread over the file, every line end, and the last bytes."""
    points = set(range(0, n, max(1, n // 1000)))
    points |= {i for i, b in enumerate(data) if b == 0x0A} | {i + 1 for i, b in enumerate(data) if b == 0x0A}
    points |= set(range(max(0, n - 12), n))
    return sorted(p for p in points if p < n)


def test_every_truncation_is_an_error_naming_the_file_or_the_whole_graph(tmp_path):
    full = tmp_path / "full.json"
    graph_with(OLD).save(full)
    data = full.read_bytes()
    whole = load_graph(full)
    cut = tmp_path / "graph.json"
    kinds = set()
    for n in cut_points(len(data), data):
        cut.write_bytes(data[:n])
        if not data[n:].strip():  # only the final newline is missing: nothing is lost
            assert same_graph(load_graph(cut), whole)
            continue
        kinds.add(assert_graph_file_error(cut).split(": ", 1)[1].split(" (")[0])
    assert kinds  # e.g. "truncated graph file", "not a lawgraph graph file", "damaged graph file"


def test_every_truncation_of_a_gzip_graph_is_an_error_naming_the_file_or_the_whole_graph(tmp_path):
    full = tmp_path / "full.json.gz"
    graph_with(OLD).save(full)
    data = full.read_bytes()
    whole = load_graph(full)
    cut = tmp_path / "graph.json.gz"
    loaded = []
    for n in range(len(data)):
        cut.write_bytes(data[:n])
        try:
            graph = load_graph(cut)
        except GraphFileError:
            assert_graph_file_error(cut)
            continue
        assert same_graph(graph, whole)
        loaded.append(n)
    # The loader stops at the closing "]}": a file cut in the gzip trailer (CRC and size,
    # the last 8 bytes) or in the last deflate bytes still holds the whole graph, unchecked.
    assert all(n >= len(data) - 20 for n in loaded)


GARBAGE = [
    # (file name, bytes, start of the message after "PATH: ")
    ("graph.json", b"", "not a lawgraph graph file"),
    ("graph.json", bytes(random.Random(1).randrange(256) for _ in range(4096)), ""),
    ("graph.json", b"\x00" * 1000, "not a lawgraph graph file"),
    ("graph.json", b"\x89PNG\r\n\x1a\n" + bytes(100), "cannot read"),
    ("graph.json", '{"format":"lawgraph-graph","schema":1}'.encode("utf-16"), "cannot read"),
    ("graph.json", b'[{"id": "law:x"}]', "not a lawgraph graph file"),
    ("graph.json", b'{"format":"lawgraph-graph","schema":1,"nodes":5,"edges":[]}', "damaged graph file"),
    ("graph.json", b'{"format":"lawgraph-graph","schema":1,"nodes":[{"id":[1]}],"edges":[]}', "damaged graph file"),
    ("graph.json", b'{"format":"lawgraph-graph","schema":1,\n"nodes":[\n[1,2]\n],\n"edges":[\n]}\n', "damaged graph file"),
    ("graph.json.gz", bytes(random.Random(2).randrange(256) for _ in range(512)), "cannot read"),
    ("graph.json.gz", gzip.compress(bytes(random.Random(3).randrange(256) for _ in range(512))), ""),
    ("graph.json.gz", gzip.compress(b"not json at all", mtime=0), "not a lawgraph graph file"),
]


@pytest.mark.parametrize("name, data, message", GARBAGE, ids=[f"{i}-{g[2][:12] or 'any'}" for i, g in enumerate(GARBAGE)])
def test_garbage_is_an_error_naming_the_file(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    assert assert_graph_file_error(path).startswith(f"{path}: {message}")


def test_a_folder_where_the_graph_file_should_be(tmp_path):
    (tmp_path / "graph.json").mkdir()
    assert assert_graph_file_error(tmp_path / "graph.json") == f"{tmp_path / 'graph.json'}: a folder, not a regular file; give a graph file"


def test_deeply_nested_json_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text("[" * 100_000, encoding="utf-8")
    assert_graph_file_error(path)


# ---------------------------------------------------------------------------------------------
# the command line


@pytest.fixture
def corrupt(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    path = tmp_path / "out/graph.json"
    data = (json.dumps({"format": "lawgraph-graph", "schema": 1}) + "\n" + '"nodes":[\n{"id": "law:x", "lab').encode()
    path.write_bytes(data)
    recs = tmp_path / "in.jsonl"
    recs.write_text("".join(r.to_json() + "\n" for r in NEW[:2]), encoding="utf-8")
    return path, data, recs


@pytest.mark.parametrize(
    "args",
    [
        ["build", "in.jsonl"],
        ["export", "graphml"],
        ["load", "neo4j", "out/graph.json", "--uri", "bolt://127.0.0.1:1"],
    ],
    ids=["build", "export", "load neo4j"],
)
def test_commands_refuse_a_damaged_graph_file_cleanly_and_leave_it_alone(corrupt, args):
    path, data, _ = corrupt
    result = CliRunner().invoke(app, args, env={"NEO4J_PASSWORD": "x"})
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: out/graph.json: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    assert path.read_bytes() == data  # kept for the user to look at; nothing overwritten
