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
