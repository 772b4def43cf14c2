"""The name index a network page searches: built here, at build time, with the folding of
:mod:`queries.resolve`, so that the page's Find box answers as ``lawgraph query`` does.

Each entry carries the keys the command line matches on — the folded name (NFKC widths,
Traditional → Simplified, no spaces, marks or dash variants), and as short keys a law's
short titles and its title without 中华人民共和国, an agency's aliases. The page folds what
the reader types the same way (NFKC and lower case in the browser; Traditional characters
through :func:`traditional_map`, a map built from the Traditional forms of the very names
on the page), then tries, as :class:`queries.resolve.NameIndex` does: exact name, short
name, all typed characters in order (partial), and an LCS score for misspellings.

>>> idx = build_index([("n0", "Law", "中华人民共和国保守国家秘密法", ["保密法"], "法律")])
>>> idx["entries"][0][:3]
['n0', 'Law', '中华人民共和国保守国家秘密法']
>>> idx["entries"][0][4:]
[['中华人民共和国保守国家秘密法'], ['保密法', '保守国家秘密法']]
"""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from lawgraph.extract.catalog import _KEY_DASH, _KEY_DROP
from lawgraph.queries.resolve import MARGIN, STRONG, fold

_PRC = "中华人民共和国"


def _converters():
    from lawgraph.extract.normalise import _converter

    return _converter("s2t"), _converter("s2tw"), _converter("t2s")


def traditional_map(names: Iterable[str]) -> dict[str, str]:
    """Traditional (and Taiwan-standard) character → Simplified, for the characters of
    ``names`` that have one. Character by character: OpenCC's phrase conversions
    (程式 → 程序) are left to the command line."""
    s2t, s2tw, t2s = _converters()
    out: dict[str, str] = {}
    for name in names:
        for conv in (s2t, s2tw):
            trad = conv.convert(name)
            if len(trad) != len(name):
                continue
            for t, s in zip(trad, name):
                if t != s and t2s.convert(t) == s:
                    out[t] = s
    return dict(sorted(out.items()))


def build_index(nodes: Sequence[tuple[str, str, str, Sequence[str], str | None]]) -> dict[str, Any]:
    """``nodes``: (page node id, label ``Law``/``Agency``, name, aliases, info) →
    the JSON the page's script searches."""
    entries = []
    names: list[str] = []
    for node_id, label, name, aliases, info in nodes:
        exact = fold(name) if name else ""
        shorts = list(aliases or ())
        if label == "Law" and name.startswith(_PRC) and len(name) > len(_PRC):
            shorts.append(name[len(_PRC) :])
        short_keys = []
        for s in shorts:
            k = fold(s)
            if k and k != exact and k not in short_keys:
                short_keys.append(k)
        entries.append([node_id, label, name, info, [exact] if exact else [], short_keys])
        names.append(name)
        names.extend(aliases or ())
    return {
        "entries": entries,
        "t2s": traditional_map(names),
        # The folding of extract.catalog.title_key, as patterns the browser compiles.
        "drop": _KEY_DROP.pattern,
        "dash": _KEY_DASH.pattern,
        "strong": STRONG,
        "margin": MARGIN,
    }
