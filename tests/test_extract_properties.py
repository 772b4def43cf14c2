"""Property-based tests of the extractor: for ANY text, no exception, spans inside the
original text and equal to their surface, citation spans nest or stay apart, same output twice."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawgraph.extract import extract_text

# Text built from the characters that matter (marks, brackets, digits, alias words, law
# names, Traditional forms, control characters, lone surrogates) plus arbitrary Unicode.
PIECES = [
    "《",
    "》",
    "〈",
    "〉",
    "<",
    ">",
    "(",
    ")",
    "（",
    "）",
    "〔",
    "〕",
    "[",
    "]",
    "“",
    "”",
    "。",
    "，",
    "\n",
    "\n\n",
    " ",
    "\u3000",
    "\r\n",
    "\x00",
    "\x07",
    "\ud800",
    "\udfff",
    "2021",
    "-",
    "—",
    "年",
    "号",
    "国发",
    "以下简称",
    "简称",
    "条例",
    "纲要",
    "规定",
    "办法",
    "保密法",
    "宪法",
    "宪法日",
    "民法典",
    "党章",
    "领事保护条例",
    "中华人民共和国",
    "北京市",
    "东城区",
    "区政府外办",
    "市四中院",
    "外交部",
    "許可權",
    "程式",
    "條例",
    "黨章",
    "國際交往語言環境建設條例",
]
text_strategy = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=80).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_any_text(text):
    rec = extract_text(text)
    spans = []
    for c in rec.citations:
        s, e = c.span
        assert 0 <= s <= e <= len(text)
        assert text[s:e] == c.surface
        spans.append((s, e))
    for a in rec.agencies:
        if a.span:
            assert 0 <= a.span[0] <= a.span[1] <= len(text)
            assert text[a.span[0] : a.span[1]] == a.surface
    for i, (s1, e1) in enumerate(spans):
        for s2, e2 in spans[i + 1 :]:
            nested = (s1 <= s2 and e2 <= e1) or (s2 <= s1 and e1 <= e2)
            apart = e1 <= s2 or e2 <= s1
            assert nested or apart, (text, (s1, e1), (s2, e2))
    assert extract_text(text).to_json() == rec.to_json()
