"""Views and exports never write outside their output folder, whatever the reports say.

File names come from an ASCII slug and a hash of the node id, never from a title, a
name or a source path: ``../``, absolute paths, reserved device names (CON, NUL, COM1),
very long names and odd characters all give short, plain names inside the folder.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lawgraph.graph.exports import FORMATS, write_exports
from lawgraph.graph.views import write_views
from lawgraph.graph.views.paths import UnsafePathError, safe_join, slug
from test_views import record_from_text, store_of

HOSTILE = [
    "../../../../tmp/pwned",
    "/etc/passwd",
    "C:\\Windows\\System32\\drivers\\etc\\hosts",
    "CON",
    "NUL",
    "com1",
    "LPT9.txt",
    "..",
    ".",
    "",
    " ",
    "a/b\\c",
    "\x00nul",
    "名" * 300,
    "x" * 1000,
    "report:../../escape",
    "law:..%2F..%2Fescape",
    "agency:北京市/../../局",
]


@pytest.mark.parametrize("node_id", HOSTILE)
def test_slug_is_short_plain_ascii_and_not_reserved(node_id):
    s = slug(node_id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", s), s
    assert len(s) <= 52
    assert not re.fullmatch(r"(con|prn|aux|nul|com\d|lpt\d)(\..*)?", s, re.I)  # always ends in "-<hash>"


def test_slugs_of_ids_that_differ_only_in_non_ascii_differ():
    assert slug("law:统计法") != slug("law:保密法")


def test_slugs_are_the_same_in_every_process():
    # Stable across runs (links between pages and from outside stay valid): not Python's
    # salted hash(). Two interpreters with different hash seeds give this process's slug.
    code = "from lawgraph.graph.views.paths import slug; print(slug('law:统计法'))"
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == slug("law:统计法")


@pytest.mark.parametrize("part", ["..", ".", "", "a/b", "a\\b", "中文", "x\x00"])
def test_safe_join_refuses_unsafe_parts(tmp_path, part):
    with pytest.raises(UnsafePathError):
        safe_join(tmp_path, part)


def test_safe_join_refuses_a_symlink_out(tmp_path):
    (tmp_path / "out").mkdir()
    os.symlink(tmp_path, tmp_path / "out" / "laws")
    with pytest.raises(UnsafePathError):
        safe_join(tmp_path / "out", "laws", "x.html")


def _hostile_records(folder: Path) -> list[dict]:
    recs = []
    for i, name in enumerate(HOSTILE):
        text = f"报告{i}\n贯彻落实《{name or '空'}条例》。\n"
        recs.append(
            record_from_text(
                text,
                source=name if name else f"{i}",
                title=name,
                year=2020 + i % 5,
                issuer=f"北京市{name}局",
                citations=[(f"{name}条例", f"law:{name}" if name else "law:", "规章", f"《{name or '空'}条例》")],
                report_id=f"report:{name}{i}",
            )
        )
    return recs


def test_views_and_exports_stay_inside_the_output_folder(tmp_path):
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    out = sandbox / "out"
    # As dataclasses, past the records boundary (which refuses control characters in ids):
    # the writers must be safe whatever a graph holds, a hand-edited graph file included.
    store = store_of(_hostile_records(sandbox), checked=False)
    cwd = os.getcwd()
    os.chdir(sandbox)  # relative sources ("../../…") resolve against the working folder
    try:
        written = write_views(store, out / "views")
        formats = [f for f in FORMATS if f != "neo4j-admin" or _has_neo4j_admin()]
        written += write_exports(store, out / "exports", formats)
    finally:
        os.chdir(cwd)
    root = out.resolve()
    for p in written:
        p = Path(p).resolve()
        assert root in p.parents, p
        assert re.fullmatch(r"[A-Za-z0-9._-]+", p.name), p.name
        assert len(p.name) < 80
    # Nothing else appeared anywhere in the sandbox or beside it.
    assert sorted(x.name for x in sandbox.iterdir()) == ["out"]
    assert sorted(x.name for x in tmp_path.iterdir()) == ["sandbox"]
    assert not Path("/tmp/pwned").exists()
    every = [p for p in out.rglob("*") if p.is_file()]
    assert {p.resolve() for p in every} == {Path(p).resolve() for p in written}
    assert len(list((out / "views" / "laws").glob("*-*.html"))) == len({r["citations"][0]["law_id"] for r in _hostile_records(sandbox)})


def _has_neo4j_admin() -> bool:
    return importlib.util.find_spec("lawgraph.graph.neo4j_admin") is not None
