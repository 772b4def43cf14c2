"""A regular expression compiled when first used.

Compiling a pattern with the CJK ranges costs 1–3 ms (the compiler walks every character
of a class), and a process pays that for every pattern at import. For the few patterns
that most reports never need (stray markup, pinyin readings, decree issuers …) that is
spent for nothing: they are compiled on first use instead. Patterns that nearly every
report needs stay compiled at import — laziness would only move their cost.
"""

from __future__ import annotations

import re
import sys
from typing import Iterator


class LazyPattern:
    """The ``re.Pattern`` methods the extractor uses, on a pattern compiled on first call."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    @property
    def pattern(self) -> str:
        return self._args[0]

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)
