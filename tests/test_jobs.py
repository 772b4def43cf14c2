"""Worker processes change nothing: `--jobs 2` gives the bytes of `--jobs 1`.

The corpus is the seeds plus generated reports (bench.corpus) in nested folders, with files
that must fail or be skipped mixed in, so that errors travel through the pool too.
tests/test_spark.py builds its corpus with the helpers here.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEEDS
from fixtures_docs import GOV_PAGE, REPORT_SIMP, REPORT_TRAD, make_docx, make_pdf

# ---------------------------------------------------------------------------------------------
# corpus builders (also used by tests/test_spark.py)


def write_reports(folder: Path, count: int, *, seed: int = 11, folders: int = 7) -> list[Path]:
    """``count`` generated reports of about 1-3 KB of UTF-8 each (350-1,000 characters; one in
    five Traditional), spread over ``folders`` sub-folders."""
    import opencc

    from bench.corpus import report

    rng = random.Random(seed)
    to_trad = opencc.OpenCC("s2tw")
    paths = []
    for i in range(count):
        text = report(rng, rng.randint(350, 1000))
        if rng.random() < 0.2:
            text = to_trad.convert(text)
        path = folder / f"batch{i % folders}" / f"doc{i:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def write_odd_files(folder: Path) -> dict[str, tuple[str, str] | None]:
    """Files in other encodings and formats, and files that fail or are skipped.

    Returns file name → expected (stage, start of reason) for a FileError, None for a record;
    files left out of the mapping give no line at all (hidden files, Word lock files).
    """
    from bench.corpus import report

    folder.mkdir(parents=True, exist_ok=True)
    simplified = report(random.Random(3), 800)
    files: dict[str, tuple[bytes, tuple[str, str] | None]] = {
        "binary.txt": (b"\x00\x01\x02\xff" * 100, ("read", "binary data")),
        "empty.txt": (b"", ("read", "empty file")),
        "blank.txt": (b" \r\n\n\t\n", ("read", "empty file")),
        "gb18030.txt": (simplified.encode("gb18030"), None),
        "big5.txt": (REPORT_TRAD.encode("big5"), None),
        "utf16.txt": (REPORT_SIMP.encode("utf-16"), None),
        "crlf.md": (simplified.replace("\n", "\r\n").encode("utf-8"), None),
        "NOTES": (REPORT_SIMP.encode("utf-8"), None),  # no extension: text
        "page.html": (GOV_PAGE.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030"), None),
        "report.pdf": (make_pdf(["Report on the 2024 rule-of-law government work"]), None),
        "broken.docx": (b"PK\x03\x04 not really a zip", ("read", "corrupt DOCX")),
        "broken.pdf": (b"%PDF-1.4\n1 0 obj garbage", ("read", "corrupt PDF")),
        "scan.png": (b"\x89PNG\r\n\x1a\n", ("skip", "unsupported format (.png)")),
        "old.doc": (b"\xd0\xcf\x11\xe0", ("skip", "unsupported format (.doc); save it as .docx")),
        ".hidden.txt": (REPORT_SIMP.encode("utf-8"), None),
        "~$report.docx": (b"\x00lock", None),
    }
    expected: dict[str, tuple[str, str] | None] = {}
    for name, (data, outcome) in files.items():
        (folder / name).write_bytes(data)
        if not name.startswith((".", "~$")):
            expected[name] = outcome
    make_docx(folder / "report.docx")
    expected["report.docx"] = None
    return expected


@dataclass
class Corpus:
    folder: Path
    odd: dict[str, tuple[str, str] | None]  # see write_odd_files
    generated: int

    @property
    def files(self) -> int:
        """Files that give a line: seeds, generated reports, odd files."""
        return len(list(SEEDS.glob("*.txt"))) + self.generated + len(self.odd)


def mixed_corpus(root: Path, reports: int) -> Corpus:
    """root/in: the seeds, ``reports`` generated reports and the odd files."""
    folder = root / "in"
    shutil.copytree(SEEDS, folder / "seeds")
    write_reports(folder / "generated", reports)
    odd = write_odd_files(folder / "odd")
    return Corpus(folder, odd, reports)


# ---------------------------------------------------------------------------------------------
# tests


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return mixed_corpus(tmp_path_factory.mktemp("jobs"), 400)


def _lines(items) -> list[str]:
    return [item.to_json() for item in items]


def test_corpus_has_every_kind_of_outcome(corpus):
    from lawgraph.extract import FileError, iter_records

    items = list(iter_records([str(corpus.folder)], jobs=1))
    assert len(items) == corpus.files
    by_name = {Path(i.source if isinstance(i, FileError) else i.report.source).name: i for i in items}
    for name, outcome in corpus.odd.items():
        item = by_name[name]
        if outcome is None:
            assert not isinstance(item, FileError), f"{name}: {item}"
        else:
            stage, reason = outcome
            assert isinstance(item, FileError) and item.stage == stage and item.reason.startswith(reason), item
    assert ".hidden.txt" not in by_name and "~$report.docx" not in by_name
    assert by_name["big5.txt"].report.encoding in ("big5", "cp950", "big5hkscs")
    assert by_name["gb18030.txt"].report.encoding == "gb18030"
    assert (by_name["page.html"].report.format, by_name["report.docx"].report.format) == ("html", "docx")


def test_iter_records_two_workers_same_records_same_order(corpus):
    from lawgraph.extract import iter_records

    one = _lines(iter_records([str(corpus.folder)], jobs=1))
    two = _lines(iter_records([str(corpus.folder)], jobs=2))
    assert two == one


@pytest.mark.parametrize("jobs", [1, 2])
def test_records_as_lines_are_the_records_serialised(corpus, jobs):
    from lawgraph.extract import FileError, Record, RecordLine, iter_records
    from lawgraph.extract.summary import RunSummary

    records = list(iter_records([str(corpus.folder)], jobs=1))
    lines = list(iter_records([str(corpus.folder)], jobs=jobs, lines=True))
    assert [type(x) for x in lines] == [RecordLine if isinstance(r, Record) else FileError for r in records]
    assert [x.to_json() for x in lines] == [r.to_json() for r in records]
    by_record, by_line = RunSummary(), RunSummary()
    for r, x in zip(records, lines):
        by_record.add(r)
        by_line.add(x)
    assert by_line.as_dict() == by_record.as_dict() and by_line.agencies == by_record.agencies
    assert by_record.citations > 0 and by_record.failed


def test_iter_records_mixed_inputs_and_problems(corpus, tmp_path):
    # files, a folder, a glob and a missing path, in the order given; problems answered in the parent
    from lawgraph.extract import iter_records

    inputs = [
        str(corpus.folder / "odd" / "gb18030.txt"),
        str(corpus.folder / "seeds"),
        str(corpus.folder / "generated" / "batch3" / "*.txt"),
        str(tmp_path / "missing.txt"),
        str(corpus.folder / "seeds"),  # again: duplicates are skipped
    ]
    assert _lines(iter_records(inputs, jobs=2)) == _lines(iter_records(inputs, jobs=1))


def test_extract_cli_jobs_2_is_byte_identical(corpus, tmp_path):
    from lawgraph.cli import app

    runner = CliRunner()
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"records-{jobs}.jsonl"
        result = runner.invoke(app, ["extract", str(corpus.folder), "-o", str(out), "--jobs", jobs])
        assert result.exit_code == 1, result.stderr  # the broken files fail
        outputs[jobs] = out.read_bytes()
    assert outputs["2"] == outputs["1"]
    assert outputs["1"].count(b"\n") == corpus.files


def test_build_jobs_2_gives_the_same_graph_file(corpus, tmp_path):
    from lawgraph.cli import app

    runner = CliRunner()
    built = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"  # never the default ./out
        result = runner.invoke(app, ["build", str(corpus.folder), "--out", str(out), "--jobs", jobs])
        assert result.exit_code == 1, result.output  # the broken files fail
        built[jobs] = {name: (out / name).read_bytes() for name in ("graph.json", "records.jsonl")}
    assert built["2"]["records.jsonl"] == built["1"]["records.jsonl"]
    assert built["2"]["graph.json"] == built["1"]["graph.json"]
