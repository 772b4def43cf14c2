"""Overlap and containment queries over a fixed set of [start, end) intervals in O(log n)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Iterable


class Intervals:
    def __init__(self, spans: Iterable[tuple[int, int]]):
        spans = sorted(spans)
        self._starts = [s for s, _ in spans]
        self._max_end = list(accumulate((e for _, e in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Some interval shares a character with [start, end)."""
        i = bisect_left(self._starts, end) - 1
        return i >= 0 and self._max_end[i] > start

    def contains(self, start: int, end: int) -> bool:
        """Some interval covers [start, end) entirely."""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._max_end[i] >= end
