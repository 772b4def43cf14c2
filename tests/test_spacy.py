"""spaCy: the component on spacy.blank("zh") with no download, and the --spacy-model path
proven with a tiny NER pipeline this test trains and saves."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from lawgraph.extract import extract_text  # noqa: E402
from lawgraph.extract.errors import LawgraphError  # noqa: E402
from lawgraph.extract.records import record_from_json  # noqa: E402
from lawgraph.extract.spacy_component import AGENCIES_KEY, CITATIONS_KEY, RECORD_KEY  # noqa: E402
from lawgraph.extract.spacy_model import load_model  # noqa: E402

TEXT = "北京市西城区人民政府外事办公室\n\n2025年法治政府建设年度情况报告\n\n学习《中华人民共和国统计法》和《关于印发〈某某办法〉的通知》。"


def test_component_on_blank_zh_writes_overlapping_spans():
    nlp = spacy.blank("zh")
    nlp.add_pipe("lawgraph_citations")
    doc = nlp(TEXT)
    labels = [(s.text, s.label_) for s in doc.spans[CITATIONS_KEY]]
    assert ("《中华人民共和国统计法》", "法律") in labels
    # the outer 通知 and the nested 办法 overlap; both are kept
    assert any(t.startswith("《关于印发") for t, _ in labels) and ("〈某某办法〉", "规范性文件") in labels
    assert any(s.label_ == "issuer" for s in doc.spans[AGENCIES_KEY])


def test_component_survives_save_and_load(tmp_path):
    nlp = spacy.blank("zh")
    nlp.add_pipe("lawgraph_citations")
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    assert "lawgraph_citations" in again.pipe_names
    assert len(again(TEXT).spans[CITATIONS_KEY]) == 3


def test_doc_data_survives_a_docbin(tmp_path):
    from spacy.tokens import DocBin

    nlp = spacy.blank("zh")
    nlp.add_pipe("lawgraph_citations")
    doc = nlp(TEXT)
    path = tmp_path / "docs.spacy"
    DocBin(docs=[doc], store_user_data=True).to_disk(path)
    (again,) = DocBin().from_disk(path).get_docs(spacy.blank("zh").vocab)
    record = record_from_json(again.user_data[RECORD_KEY])
    assert record == extract_text(TEXT)
    assert "中华人民共和国统计法" in {c.title for c in record.citations}
    assert [(s.text, s.label_) for s in again.spans[CITATIONS_KEY]] == [(s.text, s.label_) for s in doc.spans[CITATIONS_KEY]]


def _train_tiny_ner(path):
    from spacy.training import Example

    nlp = spacy.blank("zh")
    ner = nlp.add_pipe("ner")
    ner.add_label("ORG")
    sents = [
        ("会同星海研究会开展调研。", "星海研究会"),
        ("邀请星海研究会专家授课。", "星海研究会"),
        ("星海研究会参与评估。", "星海研究会"),
    ]
    examples = []
    for text, org in sents:
        start = text.index(org)
        examples.append(Example.from_dict(nlp.make_doc(text), {"entities": [(start, start + len(org), "ORG")]}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(path)


def test_statistical_model_adds_org_agencies(tmp_path):
    model_dir = tmp_path / "tiny_zh_ner"
    _train_tiny_ner(model_dir)
    nlp = load_model(str(model_dir))
    text = "北京市西城区人民政府外事办公室\n\n2025年法治政府建设年度情况报告\n\n会同星海研究会开展调研。"
    with_model = extract_text(text, nlp=nlp)
    without = extract_text(text)
    assert "星海研究会" in {a.name for a in with_model.agencies}
    assert "星海研究会" not in {a.name for a in without.agencies}


def test_missing_model_says_how_to_install():
    with pytest.raises(LawgraphError, match="pip install"):
        load_model("zh_core_web_sm_not_here")
