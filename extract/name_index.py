"""Many fixed names found in one pass over a text."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ahocorasick_rs

_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters searched per call into Rust; bounds the matches held at once.
WINDOW = 1 << 17


class NameIndex:
    """Many fixed names found in one pass over a text (Aho-Corasick, in Rust).

    ``longest=True`` reports leftmost-longest matches that never overlap; otherwise every
    match, overlapping ones included. ``matches`` yields ``(start, end, value)`` in
    character offsets: leftmost-longest ones in text order; overlapping ones window by
    window (every match starting before a window's end comes before any starting after it).
    """

    def __init__(self, names: list[str], values: list, *, longest: bool):
        self.names, self.values, self.longest = names, values, longest
        self.maxlen = max(map(len, names), default=0)
        kind = ahocorasick_rs.MatchKind.LeftmostLongest if longest else ahocorasick_rs.MatchKind.Standard
        self._ac = ahocorasick_rs.AhoCorasick(names, matchkind=kind) if names else None

    def __len__(self) -> int:
        return len(self.names)

    def matches(self, text: str, before: int | None = None) -> Iterator[tuple[int, int, object]]:
        """Matches (starting before offset ``before``, if given) in text order, window by
        window, so that a caller who has seen enough can stop without the matches of the
        whole text ever being built."""
        if self._ac is None:
            return
        values, overlapping = self.values, not self.longest
        pos, n = 0, len(text) if before is None else min(before, len(text))
        while pos < n:
            stop = min(n, pos + WINDOW)
            # A name starting before ``stop`` ends before ``stop + maxlen``: the slice holds it.
            found = self._find(text[pos : stop + self.maxlen], overlapping)
            if overlapping:
                found.sort(key=lambda m: (m[2], m[1]))
            nxt = stop
            for i, s, e in found:
                if s + pos >= stop:
                    continue  # the next window reports it
                yield s + pos, e + pos, values[i]
                if not overlapping:
                    nxt = max(nxt, e + pos)  # leftmost-longest resumes after its last match
            pos = nxt

    def _find(self, text: str, overlapping: bool) -> list:
        assert self._ac is not None  # called only when there are names
        try:
            return self._ac.find_matches_as_indexes(text, overlapping=overlapping)
        except UnicodeEncodeError:
            # Lone surrogates cannot cross into Rust; one-for-one replacement keeps offsets.
            return self._ac.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text), overlapping=overlapping)
