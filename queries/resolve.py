"""Name resolution: what a user types → the canonical Law or Agency node.

Shared by every backend: the names come from the backend (the ``_law-names`` and
``_agency-names`` queries, or the networkx graph directly), the matching happens here, and
the ``.cypher`` files only ever see resolved ids.

The steps, first hit wins:

1. the node id itself (``doc:…``, ``agency:…``);
2. the canonical title or name, as stored, then after folding: widths (NFKC), Traditional → Simplified
   (OpenCC ``t2s`` and ``tw2sp``, so 程式 reads 程序), spaces, book-title marks, bracket
   and dash variants (:func:`extract.catalog.title_key`);
3. a short name: a Law's ``short_titles``, its title without 中华人民共和国, an Agency's
   aliases; then the catalog's short names (:meth:`extract.catalog.Catalog.lookup`), and
   for agencies the abbreviation rules of the extractor (西城区外办 → 北京市西城区人民政府外事办公室);
4. a partial name: the typed characters appear, in order, in exactly one name
   (领事保护条例 in 中华人民共和国领事保护与协助条例 — Chinese short names keep the characters
   of the full name in order, which edit distance does not reward);
5. a misspelt name: rapidfuzz's LCS similarity, accepted when one candidate scores
   :data:`STRONG` or more and leads the next by :data:`MARGIN`.

Several equally good nodes raise :class:`AmbiguousName`, no good one :class:`NameNotFound`;
both carry the closest candidates (label, id, name, category or level, score).
"""

from __future__ import annotations

import logging
import unicodedata
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Mapping, Sequence

from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from lawgraph.extract.catalog import title_key
from lawgraph.queries.library import QueryError

log = logging.getLogger(__name__)

LAW = "Law"
AGENCY = "Agency"
#: A misspelt name is accepted when its best candidate scores at least STRONG …
STRONG = 85.0
#: … and at least MARGIN more than the second best.
MARGIN = 10.0
#: How many candidates an error lists.
SHOW = 5
#: How many best LCS hits are scored in full.
FUZZY_POOL = 256
_PRC = "中华人民共和国"


@dataclass(frozen=True)
class Candidate:
    """A node a name may refer to."""

    label: str
    id: str
    name: str
    info: str | None  # category (Law) or level (Agency)
    score: float  # 0–100
    matched: str  # how: id, title, name, short name, alias, catalog, abbreviation, partial, fuzzy

    def as_row(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "id": self.id,
            "name": self.name,
            "info": self.info,
            "score": self.score,
            "matched": self.matched,
        }

    def describe(self) -> str:
        info = f", {self.info}" if self.info else ""
        return f"{self.name} ({self.id}{info}; {self.score:.0f})"


class NameResolutionError(QueryError):
    """Base of the resolution errors: carries the text and the closest candidates."""

    def __init__(self, message: str, text: str, label: str, candidates: Sequence[Candidate]):
        # One line: the CLI prints errors on one line (a newline would be shown escaped).
        super().__init__(message + " " + "; ".join(c.describe() for c in candidates) if candidates else message)
        self.text = text
        self.label = label
        self.candidates = list(candidates)


class NameNotFound(NameResolutionError):
    def __init__(self, text: str, label: str, candidates: Sequence[Candidate]):
        what = "document" if label == LAW else "agency"
        if candidates:
            msg = f"no {what} matches {text!r}; the closest:"
        else:
            msg = f"no {what} matches {text!r} (the graph has no similar name)"
        super().__init__(msg, text, label, candidates)


class AmbiguousName(NameResolutionError):
    def __init__(self, text: str, label: str, candidates: Sequence[Candidate]):
        what = "documents" if label == LAW else "agencies"
        super().__init__(f"{text!r} matches several {what}; give the full name or the id of one of them:", text, label, candidates)


# --- folding -----------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _opencc(config: str):
    from lawgraph.extract.normalise import _converter

    return _converter(config)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The matching key of a name: NFKC widths, Simplified, no spaces, marks or dash variants.

    >>> fold("《中華人民共和國 領事保護與協助條例》")
    '中华人民共和国领事保护与协助条例'
    """
    t = unicodedata.normalize("NFKC", text).strip()
    t = _opencc("t2s").convert(t)
    return title_key(t).lower()


def _query_keys(text: str) -> list[str]:
    """The keys a typed name is tried under: t2s, and tw2sp for Taiwan phrasing."""
    keys = [fold(text)]
    tw = fold(_opencc("tw2sp").convert(unicodedata.normalize("NFKC", text)))
    if tw != keys[0]:
        keys.append(tw)
    return [k for k in keys if k]


# --- the index ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NameEntry:
    id: str
    name: str
    aliases: tuple[str, ...]
    info: str | None


class NameIndex:
    """The names of every node of one label, ready for :meth:`resolve` and :meth:`search`."""

    def __init__(self, label: str, rows: Iterable[Mapping[str, Any]], catalog: Any = None):
        self.label = label
        self.catalog = catalog
        self.entries: list[NameEntry] = []
        self.by_id: dict[str, int] = {}
        self.verbatim: dict[str, set[int]] = {}  # names exactly as stored
        self.exact: dict[str, set[int]] = {}  # folded names
        self.short: dict[str, set[int]] = {}
        keys: dict[str, tuple[int, str]] = {}  # fuzzy key → (entry, how)
        self._fuzzy_keys: list[str] = []
        self._fuzzy_refs: list[tuple[int, str]] = []
        for row in rows:
            name = row.get("name") or ""
            entry = NameEntry(str(row["id"]), name, tuple(row.get("aliases") or ()), row.get("info"))
            i = len(self.entries)
            self.entries.append(entry)
            self.by_id[entry.id] = i
            if name:
                self.verbatim.setdefault(name, set()).add(i)
            k = fold(name) if name else ""
            if k:
                self.exact.setdefault(k, set()).add(i)
                keys.setdefault(k, (i, "title" if label == LAW else "name"))
            shorts = list(entry.aliases)
            if label == LAW and name.startswith(_PRC) and len(name) > len(_PRC):
                shorts.append(name[len(_PRC) :])
            for s in shorts:
                ks = fold(s)
                if ks and ks != k:
                    self.short.setdefault(ks, set()).add(i)
                    keys.setdefault(ks, (i, "short name" if label == LAW else "alias"))
        for k, ref in keys.items():
            self._fuzzy_keys.append(k)
            self._fuzzy_refs.append(ref)

    def __len__(self) -> int:
        return len(self.entries)

    def candidate(self, i: int, score: float, matched: str) -> Candidate:
        e = self.entries[i]
        return Candidate(self.label, e.id, e.name, e.info, round(score, 1), matched)

    # --- resolution --------------------------------------------------------------------------

    def resolve(self, text: str) -> Candidate:
        """The node ``text`` names; :class:`AmbiguousName` or :class:`NameNotFound` otherwise."""
        text = text.strip()
        if text in self.by_id:
            return self.candidate(self.by_id[text], 100.0, "id")
        same = sorted(self.verbatim.get(text, ()))
        if len(same) == 1:  # before folding: names that differ only in quotes or spaces stay apart
            return self.candidate(same[0], 100.0, "title" if self.label == LAW else "name")
        qkeys = _query_keys(text)
        short = "short name" if self.label == LAW else "alias"
        for table, how in ((self.exact, "title" if self.label == LAW else "name"), (self.short, short)):
            hits = sorted({i for k in qkeys for i in table.get(k, ())})
            if len(hits) == 1:
                return self.candidate(hits[0], 100.0, how)
            if hits:
                raise AmbiguousName(text, self.label, self._ranked([self.candidate(i, 100.0, how) for i in hits]))
        expanded = self._expanded(text)
        if expanded is not None:
            return expanded
        if not qkeys:
            raise NameNotFound(text, self.label, [])
        scored = self._scored(qkeys)
        full = [c for c, complete in scored if complete]
        if len(full) == 1:
            return full[0]
        if full:
            raise AmbiguousName(text, self.label, full[:SHOW])
        ranked = [c for c, _ in scored]
        if ranked and ranked[0].score >= STRONG and (len(ranked) == 1 or ranked[0].score - ranked[1].score >= MARGIN):
            return ranked[0]
        raise NameNotFound(text, self.label, ranked[:SHOW])

    def _expanded(self, text: str) -> Candidate | None:
        """Step 3's second half: the catalog's short names, the extractor's abbreviations."""
        names: list[tuple[str, str | None, str]] = []
        if self.label == LAW and self.catalog is not None:
            try:
                entry = self.catalog.lookup(text)
            except Exception as err:  # noqa: BLE001 — a user catalog must not break a query
                log.debug("catalog lookup of %r failed: %s", text, err)
                entry = None
            if entry is not None:
                names.append((entry.title, getattr(entry, "id", None), "catalog"))
        if self.label == AGENCY:
            full = _expand_agency(text)
            if full:
                names.append((full, None, "abbreviation"))
        for name, node_id, how in names:
            if node_id is not None and node_id in self.by_id:
                return self.candidate(self.by_id[node_id], 100.0, how)
            hits = sorted(self.exact.get(fold(name), ()))
            if len(hits) == 1:
                return self.candidate(hits[0], 100.0, how)
        return None

    def _scored(self, qkeys: Sequence[str]) -> list[tuple[Candidate, bool]]:
        """Candidates by LCS score, best first: ``(candidate, all typed characters in order)``."""
        best: dict[int, tuple[float, bool, str]] = {}
        for q in qkeys:
            cutoff = max(1, (len(q) + 1) // 2)
            # Best LCS first; the top FUZZY_POOL are enough to decide (more complete matches
            # than that is ambiguous anyway) and keep the Python scoring below cheap.
            hits = process.extract(q, self._fuzzy_keys, scorer=LCSseq.similarity, score_cutoff=cutoff, limit=FUZZY_POOL)
            for key, lcs, pos in hits:
                i, _how = self._fuzzy_refs[pos]
                complete = lcs == len(q)
                score = 100.0 * (0.75 * lcs / len(q) + 0.25 * lcs / max(len(key), len(q)))
                old = best.get(i)
                if old is None or (complete, score) > (old[1], old[0]):
                    best[i] = (score, complete, "partial" if complete else "fuzzy")
        cands = [(self.candidate(i, s, how), complete) for i, (s, complete, how) in best.items()]
        cands.sort(key=lambda t: (not t[1], -t[0].score, t[0].name, t[0].id))
        return cands

    def _ranked(self, cands: list[Candidate]) -> list[Candidate]:
        cands.sort(key=lambda c: (-c.score, c.name, c.id))
        return cands[:SHOW]

    # --- search -----------------------------------------------------------------------------

    def search(self, text: str, limit: int = 10) -> list[Candidate]:
        """Every plausible node for ``text``, best first (no error when nothing matches)."""
        text = text.strip()
        found: dict[int, Candidate] = {}

        def put(c: Candidate) -> None:
            i = self.by_id[c.id]
            if i not in found or c.score > found[i].score:
                found[i] = c

        if text in self.by_id:
            put(self.candidate(self.by_id[text], 100.0, "id"))
        qkeys = _query_keys(text)
        for k in qkeys:
            for i in self.exact.get(k, ()):
                put(self.candidate(i, 100.0, "title" if self.label == LAW else "name"))
            for i in self.short.get(k, ()):
                put(self.candidate(i, 100.0, "short name" if self.label == LAW else "alias"))
        expanded = self._expanded(text) if text else None
        if expanded is not None:
            put(expanded)
        if qkeys:
            for c, _ in self._scored(qkeys):
                put(c)
        out = sorted(found.values(), key=lambda c: (-c.score, c.name, c.id))
        return out[:limit]


def _expand_agency(text: str) -> str | None:
    """The extractor's reading of an abbreviated agency name (西城区外办 → full name)."""
    try:
        from lawgraph.extract.agencies import Context, parse_name
    except ImportError:  # pragma: no cover
        return None
    try:
        found = parse_name(text, Context.of(None))
    except Exception as err:  # noqa: BLE001 — a best-effort hint, never an error
        log.debug("agency abbreviation %r not expanded: %s", text, err)
        return None
    return found.name if found is not None else None


# --- per-backend caches ------------------------------------------------------------------

_INDEXES: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()


def index_for(backend: Any, label: str) -> NameIndex:
    """The :class:`NameIndex` of ``label`` on a backend, built once per backend state."""
    owner = backend.cache_owner()
    stamp = backend.cache_stamp()
    slot = _INDEXES.get(owner)
    if slot is None or slot.get("_stamp") != stamp:
        slot = {"_stamp": stamp}
        _INDEXES[owner] = slot
    idx = slot.get(label)
    if idx is None:
        rows = backend.name_rows(label)
        catalog = backend.catalog() if label == LAW else None
        idx = slot[label] = NameIndex(label, rows, catalog)
    return idx


def resolve(backend: Any, label: str, text: str) -> Candidate:
    if label not in (LAW, AGENCY):
        raise QueryError(f"cannot resolve names of {label!r} nodes (only {LAW} and {AGENCY})")
    return index_for(backend, label).resolve(text)


def search(backend: Any, text: str, label: str | None = None, limit: int = 10) -> list[Candidate]:
    labels = [label] if label else [LAW, AGENCY]
    for lb in labels:
        if lb not in (LAW, AGENCY):
            raise QueryError(f"search: label must be {LAW} or {AGENCY}, not {lb!r}")
    found: list[Candidate] = []
    for lb in labels:
        found.extend(index_for(backend, lb).search(text, limit))
    found.sort(key=lambda c: (-c.score, c.label, c.name, c.id))
    return found[:limit]
