"""Many fixed names found in one pass over a text."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ahocorasick_rs

_SURROGATE = re.compile("[\ud800-\udfff]")


class NameIndex:
    """Many fixed names found in one pass over a text (Aho-Corasick, in Rust).

    ``longest=True`` reports leftmost-longest matches that never overlap; otherwise every
    match, overlapping ones included. ``matches`` yields ``(start, end, value)`` in
    character offsets.
    """

    def __init__(self, names: list[str], values: list, *, longest: bool):
        self.names, self.values, self.longest = names, values, longest
        kind = ahocorasick_rs.MatchKind.LeftmostLongest if longest else ahocorasick_rs.MatchKind.Standard
        self._ac = ahocorasick_rs.AhoCorasick(names, matchkind=kind) if names else None

    def __len__(self) -> int:
        return len(self.names)

    def matches(self, text: str) -> Iterator[tuple[int, int, object]]:
        if self._ac is None:
            return iter(())
        try:
            found = self._ac.find_matches_as_indexes(text, overlapping=not self.longest)
        except UnicodeEncodeError:
            # Lone surrogates cannot cross into Rust; one-for-one replacement keeps offsets.
            text = _SURROGATE.sub("\ufffd", text)
            found = self._ac.find_matches_as_indexes(text, overlapping=not self.longest)
        values = self.values
        return ((start, end, values[i]) for i, start, end in found)
