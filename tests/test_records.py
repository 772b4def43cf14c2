"""The record contract's JSON: built directly, it must equal what dataclasses.asdict gives."""

from dataclasses import asdict
from pathlib import Path

import pytest

from lawgraph.extract import extract_text
from lawgraph.extract.records import SCHEMA_VERSION, Agency, Citation, Record, RecordError, Report, dumps, record_from_json

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def _reference(rec: Record) -> str:
    plain = asdict(rec)
    if plain["producer"] is None:  # left out, not written as null
        del plain["producer"]
    return dumps({"schema": SCHEMA_VERSION, **plain})


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_records_serialise_as_asdict_would(seed):
    rec = extract_text(seed.read_text(encoding="utf-8"), str(seed))
    assert rec.citations and rec.agencies and rec.report.issuer is not None
    assert rec.to_json() == _reference(rec)
    assert record_from_json(rec.to_json()) == rec


def test_a_record_without_issuer_with_surrogates_and_empty_lists():
    # A file name's undecodable bytes (lone surrogates) are kept in the source, as \u escapes.
    rec = Record(
        report=Report("report:x", "a/\udcb1\ud800.txt", None, None, None, "simplified", None, 2),
        citations=[Citation("法规", "法规", (0, 2), "", "bracketed", "其他", "doc:1")],
        agencies=[Agency("外交部", "外交部", None, "mentioned")],
        warnings=["w"],
    )
    line = rec.to_json()
    assert line == _reference(rec)
    assert "\\ud800" in line and line.encode("utf-8")
    assert record_from_json(line) == rec


def test_a_lone_surrogate_is_text_only_in_a_source():
    line = Record(
        report=Report("report:x", "a.txt", None, None, None, "simplified", None, 2),
        citations=[Citation("法\udfff", "法\udfff", (0, 2), "", "bracketed", "其他", "doc:1")],
    ).to_json()
    with pytest.raises(RecordError, match=r"^citations\[0\]\.title: holds a lone surrogate"):
        record_from_json(line)
    # The extractor never writes one: it reads a lone surrogate as U+FFFD (same offsets).
    rec = extract_text("关于2025年法治政府建设情况的报告\n贯彻《法\udfff条例》。")
    assert "\ufffd" in rec.to_json() and "\\udfff" not in rec.to_json()
    assert record_from_json(rec.to_json()) == rec


# orjson writes record lines; the standard library's json is the reference for their bytes.
from conftest import SHARED  # noqa: E402
from lawgraph.extract import records as records_module  # noqa: E402

DEVSET = SHARED / "devset" / "corpus.jsonl"


def _texts():
    import json

    yield from ((str(p), p.read_text(encoding="utf-8")) for p in SEEDS)
    if DEVSET.exists():
        for line in DEVSET.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            yield doc["id"] + ".txt", doc["text"]


def test_orjson_lines_equal_the_standard_librarys_on_seeds_and_devset():
    import json

    texts = list(_texts())
    if not DEVSET.exists():
        pytest.skip(f"the development set is not at {DEVSET} (../shared is not beside the repository)")
    assert len(texts) > 80
    for source, text in texts:
        obj = extract_text(text, source).to_dict()
        reference = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        assert dumps(obj) == reference, source


@pytest.mark.parametrize(
    "value",
    [2e-05, 1.5e-07, 9.9e-05, 0.0001, 0.95, 1e16, 2**70, "e-government 0.00001", '\x1f\x7f\x85\u2028"\\/\t'],
    ids=repr,
)
def test_where_orjson_and_json_differ_the_standard_library_wins(value):
    import json

    obj = {"b": [value], "a": {"z": 1, "y": None}}
    assert dumps(obj) == json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def test_orjson_is_what_writes_the_lines():
    assert records_module._orjson is not None  # a declared dependency: the fast path is taken


def test_a_record_line_carries_utf8_bytes_equal_to_the_records_json():
    # Workers send these bytes and the parent writes them untouched (no decode, no encode).
    from lawgraph.extract.records import RecordLine

    rec = extract_text(SEEDS[0].read_text(encoding="utf-8"), str(SEEDS[0]))
    line = RecordLine.of(rec)
    assert type(line.data) is bytes and line.data == rec.to_json().encode("utf-8")
    assert line.to_json() == rec.to_json() and line.citations == len(rec.citations)
