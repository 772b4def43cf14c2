"""The record contract's JSON: built directly, it must hold what dataclasses.asdict gives,
with the text its sentences cover stored once (schema 4)."""

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from lawgraph.extract import extract_text
from lawgraph.extract.records import SCHEMA_VERSION, Agency, Citation, Record, RecordError, Reference, Report, dumps, record_from_json

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))

_DEFAULTS = {
    "citation": {"doc_number": None, "function": "其他", "linked": False, "match": "exact", "articles": [], "validity": None},
    "agency": {"level": "unknown", "region": None, "aliases": [], "source": None, "confidence": None},
    "reference": {},
}


def _expanded(line: str) -> dict:
    """A schema-4 line written out in full, by this test's own reading of docs/records.md:
    places in ``context`` replaced by their text, left-out fields by their defaults."""
    obj = json.loads(line)
    pieces = obj.pop("context", [])

    def at(span):
        for start, text in pieces:
            if start <= span[0] and span[1] <= start + len(text):
                return text[span[0] - start : span[1] - start]
        raise AssertionError(f"{span} is in no piece")

    def full(item, kind):
        item = {**_DEFAULTS[kind], **item}
        if kind != "agency" and isinstance(item["sentence"], list):
            item["sentence"] = at(item["sentence"])
        if "surface" not in item:
            item["surface"] = at(item["span"])
        return item

    obj["citations"] = [full(c, "citation") for c in obj["citations"]]
    obj["references"] = [full(r, "reference") for r in obj["references"]]
    obj["agencies"] = [full(a, "agency") for a in obj["agencies"]]
    if obj["report"]["issuer"] is not None:
        obj["report"]["issuer"] = full(obj["report"]["issuer"], "agency")
    return obj


def _reference(rec: Record) -> dict:
    plain = json.loads(json.dumps(asdict(rec), ensure_ascii=False))  # tuples as lists
    if plain["producer"] is None:  # left out, not written as null
        del plain["producer"]
    for item in plain["citations"] + plain["references"]:
        del item["sentence_span"]
    return {"schema": SCHEMA_VERSION, **plain}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seed_records_hold_what_asdict_gives(seed):
    rec = extract_text(seed.read_text(encoding="utf-8"), str(seed))
    assert rec.citations and rec.agencies and rec.report.issuer is not None
    assert _expanded(rec.to_json()) == _reference(rec)
    back = record_from_json(rec.to_json())
    assert back == rec
    assert [c.sentence for c in back.citations] == [c.sentence for c in rec.citations]


def test_each_piece_of_text_is_stored_once():
    rec = extract_text(SEEDS[0].read_text(encoding="utf-8"), str(SEEDS[0]))
    obj = json.loads(rec.to_json())
    pieces = obj["context"]
    assert pieces and all(type(c["sentence"]) is list for c in obj["citations"])
    ends = [start + len(text) for start, text in pieces]
    assert all(ends[i] < pieces[i + 1][0] for i in range(len(pieces) - 1))  # sorted, disjoint, apart
    line = rec.to_json()
    for c in rec.citations:  # no sentence is written twice, however many citations share it
        assert line.count(c.sentence) == 1, c.sentence
    # the original text is what the pieces hold
    original = SEEDS[0].read_text(encoding="utf-8")
    assert all(original[start : start + len(text)] == text for start, text in pieces)


def _cit(title, span, sentence, where):
    return Citation(title, title, span, sentence, "bracketed", "其他", "doc:" + title, sentence_span=where)


def _rep(chars=40):
    return Report("report:x", "a.txt", None, None, None, "simplified", None, chars)


def test_overlapping_and_touching_sentences_make_one_piece():
    text = "甲乙《法一》丙丁《法二》戊己。庚《法三》"
    rec = Record(
        report=_rep(len(text)),
        citations=[
            _cit("《法一》", (2, 6), text[0:10], (0, 10)),
            _cit("《法二》", (8, 12), text[4:15], (4, 15)),
            _cit("《法三》", (16, 20), text[15:20], (15, 20)),  # touches the previous window
        ],
    )
    obj = json.loads(rec.to_json())
    assert obj["context"] == [[0, text]]
    assert all("surface" not in c for c in obj["citations"])  # the context holds each one
    assert record_from_json(rec.to_json()) == rec


def test_a_sentence_that_disagrees_with_its_place_stays_text():
    # Made by hand: two citations claim the same place with different words.
    rec = Record(
        report=_rep(),
        citations=[_cit("《法一》", (0, 4), "《法一》甲", (0, 5)), _cit("《法二》", (0, 4), "《法二》乙", (0, 5))],
        references=[Reference("国发〔2021〕1号", "国发〔2021〕1号", (20, 30), "一句话", sentence_span=(20, 25))],  # wrong length
    )
    obj = json.loads(rec.to_json())
    assert obj["context"] == [[0, "《法一》甲"]]
    assert obj["citations"][0]["sentence"] == [0, 5] and obj["citations"][1]["sentence"] == "《法二》乙"
    assert obj["citations"][1]["surface"] == "《法二》" and obj["references"][0]["sentence"] == "一句话"
    back = record_from_json(rec.to_json())
    assert back == rec and [c.sentence for c in back.citations] == ["《法一》甲", "《法二》乙"]


def test_a_schema_3_line_still_reads():
    line = dumps(
        {
            "schema": 3,
            "report": asdict(_rep()),
            "citations": [asdict(Citation("法一", "《法一》", (0, 4), "学习《法一》。", "bracketed", "法律", "law:1"))],
        }
    ).replace(',"sentence_span":null', "")
    rec = record_from_json(line)
    assert rec.citations[0].sentence == "学习《法一》。" and rec.citations[0].surface == "《法一》"


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda o: o.update(context=[[30, "x" * 20]]),
            r"^context\[0\]\[0\]: must be a start after the previous piece's end \(0\) whose text ends by report.chars \(40\)",
        ),
        (lambda o: o.update(context=[[0, "ab"], [1, "cd"]]), r"^context\[1\]\[0\]: must be a start after"),
        (lambda o: o.update(context=[[0, ""]]), r"^context\[0\]\[1\]: must not be empty"),
        (lambda o: o.update(context="x"), r"^context: must be a list of \[start, text\]"),
        (lambda o: o["citations"][0].update(sentence=[3, 9]), r"^citations\[0\]\.sentence: must be \[start, end\] inside one piece of the record's context"),
        (lambda o: o["citations"][0].update(span=[20, 24]), r"^citations\[0\]\.surface: missing \(and the record's context does not hold its span\)"),
        (lambda o: o.update(schema=3), r"^context: unknown field \(records of schema 4 and later only\)"),
    ],
)
def test_a_bad_context_is_named(change, message):
    text = "学习《法一》。"
    rec = Record(report=_rep(), citations=[_cit("《法一》", (2, 6), text, (0, 7))])
    obj = json.loads(rec.to_json())
    change(obj)
    with pytest.raises(RecordError, match=message):
        record_from_json(obj)


def test_a_record_without_issuer_with_surrogates_and_empty_lists():
    # A file name's undecodable bytes (lone surrogates) are kept in the source, as \u escapes.
    rec = Record(
        report=Report("report:x", "a/\udcb1\ud800.txt", None, None, None, "simplified", None, 2),
        citations=[Citation("法规", "法规", (0, 2), "", "bracketed", "其他", "doc:1")],
        agencies=[Agency("外交部", "外交部", None, "mentioned")],
        warnings=["w"],
    )
    line = rec.to_json()
    assert _expanded(line) == _reference(rec)
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


def test_citations_of_one_sentence_share_its_string_when_read():
    # A graph of a million citations holds their sentences: one string per sentence, not per citation.
    text = "学习《法一》《法二》。"
    rec = Record(report=_rep(len(text)), citations=[_cit("《法一》", (2, 6), text, (0, 11)), _cit("《法二》", (6, 10), text, (0, 11))])
    back = record_from_json(rec.to_json())
    assert back == rec and back.citations[0].sentence is back.citations[1].sentence
