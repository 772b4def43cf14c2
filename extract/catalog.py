"""The catalog: reference data on the documents reports cite, and lookups into it.

The shipped catalog lives in ``extract/data/catalog/*.jsonl`` (format: that folder's
README and ``extract/data/catalog.schema.json``); users add files in the same format with
``--catalog FILE``. Entries from later files override earlier ones with the same id.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator


from lawgraph.extract.errors import LawgraphError
from lawgraph.extract.name_index import NameIndex
from lawgraph.extract.records import CATEGORIES, VALIDITIES

NATIONAL = "全国"
_FIELDS = (
    "id",
    "title",
    "short_titles",
    "category",
    "issuer",
    "region",
    "promulgated",
    "effective",
    "amended",
    "status",
    "repealed",
    "successor",
    "doc_number",
)


@dataclass(frozen=True)
class CatalogEntry:
    id: str
    title: str
    short_titles: tuple[str, ...] = ()
    category: str = "其他"
    issuer: str | None = None
    region: str = NATIONAL
    promulgated: str | None = None
    effective: str | None = None
    amended: tuple[str, ...] = ()
    status: str = "现行有效"
    repealed: str | None = None
    successor: str | None = None
    doc_number: str | None = None

    def in_force_on(self, date: str) -> bool:
        """Whether the document was still in force on an ISO date (or year)."""
        return self.repealed is None or date < self.repealed

    @property
    def in_force_from(self) -> str | None:
        """The day the document first applied: its entry into force when it was never
        amended, else the day it was first adopted (``effective`` is then the current
        text's). None when the catalog does not know."""
        if self.amended:
            return self.promulgated
        return self.effective or self.promulgated

    def validity_on(self, date: str | None) -> str | None:
        """:func:`validity_at` for this document."""
        return validity_at(date, self.repealed, self.in_force_from)


_ENTRY_FIELDS = tuple(f.name for f in fields(CatalogEntry))


#: A citation's ``validity`` (records, graph, views, stale-citations): the cited document was
#: repealed on or before the report's date, or applied only after it.
REPEALED, NOT_YET_IN_FORCE = VALIDITIES


def validity_at(date: str | None, repealed: str | None, in_force_from: str | None) -> str | None:
    """THE rule (the Cypher of ``stale-citations`` is its twin): :data:`REPEALED` when the
    report's ISO ``date`` is on or after the repeal date, :data:`NOT_YET_IN_FORCE` when it is
    before the day the document first applied, else None (in force, or not known)."""
    if not date:
        return None
    if repealed and date >= repealed:
        return REPEALED
    if in_force_from and date < in_force_from:
        return NOT_YET_IN_FORCE
    return None


def report_date(published: str | None, year: int | None) -> str | None:
    """A report's date for validity: its publication date, else 31 December of its year."""
    if published:
        return published
    return None if year is None else f"{year}-12-31"


_KEY_DROP = re.compile(r"[\s《》〈〉<>“”\"'「」『』·・]")
_KEY_DASH = re.compile(r"[‐‑‒–—―－~～至]")
_VERSION_SUFFIX = re.compile(r"\((?:\d{4}年?)?(?:修订|修正|修改|版|试行|草案)?\)$|\(\d{4}年?(?:修订|修正|修改)?\)$")


def title_key(title: str) -> str:
    """A lookup key that ignores spacing, bracket, quote and dash variants."""
    t = title.replace("（", "(").replace("）", ")")
    t = _KEY_DROP.sub("", t)
    return _KEY_DASH.sub("-", t)


def _version_date(e: CatalogEntry) -> str:
    return e.promulgated or e.effective or ""


def number_key(number: str) -> str:
    """国务院令第 783 号, 国发[2021]33号 → one key each, whatever the brackets and spaces."""
    n = re.sub(r"\s+", "", number).removeprefix("中华人民共和国")
    return re.sub(r"[〔\[【(（]", "〔", re.sub(r"[〕\]】)）]", "〕", n))


def _strip_version(key: str) -> str:
    return _VERSION_SUFFIX.sub("", key)


#: Known kinds of damage to a title on its way into a report: a near-homophone typed for
#: the right word (督查 for 督察, 法制 for 法治), and a word a censoring copy dropped or a
#: writer left out (法治, 督察). A written title that differs from a catalog title by one of
#: these — and nothing else: never a year, a number or a region — links to it as ``fuzzy``.
DAMAGE_SWAPS = (("督察", "督查"), ("法治", "法制"), ("制定", "制订"), ("其他", "其它"), ("帐", "账"))
DAMAGE_DROPS = ("法治", "督察", "依法")
FUZZY_MIN = 8  # shorter titles are too easily another document


def damaged_keys(key: str) -> set[str]:
    """The keys a title's known kinds of damage produce (see DAMAGE_SWAPS, DAMAGE_DROPS)."""
    out: set[str] = set()
    for a, b in DAMAGE_SWAPS:
        for x, y in ((a, b), (b, a)):
            i = key.find(x)
            while i != -1:
                out.add(key[:i] + y + key[i + len(x) :])
                i = key.find(x, i + 1)
            if key.count(x) > 1:
                out.add(key.replace(x, y))
    for w in DAMAGE_DROPS:
        i = key.find(w)
        while i != -1:
            out.add(key[:i] + key[i + len(w) :])
            i = key.find(w, i + 1)
        if key.count(w) > 1:
            out.add(key.replace(w, ""))
    out.discard(key)
    return {k for k in out if len(k) >= FUZZY_MIN}


class CatalogFileError(LawgraphError):
    pass


def _entry(obj: dict, where: str) -> CatalogEntry:
    unknown = set(obj) - set(_FIELDS)
    if unknown:
        raise CatalogFileError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    for req in ("id", "title", "category"):
        if not obj.get(req):
            raise CatalogFileError(f"{where}: missing {req!r}")
    if obj["category"] not in CATEGORIES:
        raise CatalogFileError(f"{where}: category {obj['category']!r} is not one of {', '.join(CATEGORIES)}")
    obj = dict(obj)
    obj["short_titles"] = tuple(obj.get("short_titles") or ())
    obj["amended"] = tuple(obj.get("amended") or ())
    obj["region"] = obj.get("region") or NATIONAL
    obj["status"] = obj.get("status") or "现行有效"
    return CatalogEntry(**obj)


def read_catalog_file(path) -> Iterator[CatalogEntry]:
    """Entries of one catalog file (a path, or a resource inside the package)."""
    path = Path(path) if isinstance(path, str) else path
    try:
        fh = path.open(encoding="utf-8")
    except OSError as err:
        raise CatalogFileError(f"{path}: cannot open catalog file ({err.strerror})") from err
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise CatalogFileError(f"{path}:{lineno}: not valid JSON ({err.msg})") from err
            yield _entry(obj, f"{path}:{lineno}")


def _shipped_files() -> list:
    """The shipped catalog files, listed through importlib.resources so that they are found
    inside a wheel or zip too (spark-submit --py-files)."""
    folder = resources.files("lawgraph.extract") / "data" / "catalog"
    return sorted((p for p in folder.iterdir() if p.name.endswith(".jsonl")), key=lambda p: p.name)


#: Environment variable naming the user catalog folder (default: USER_CATALOG_DEFAULT).
USER_CATALOG_ENV = "LAWGRAPH_CATALOG_DIR"
USER_CATALOG_DEFAULT = "~/.config/lawgraph/catalog"


def user_catalog_dir() -> Path:
    """The folder whose ``*.jsonl`` files every command reads after the shipped catalog and
    before ``--catalog`` files: $LAWGRAPH_CATALOG_DIR, else $XDG_CONFIG_HOME/lawgraph/catalog,
    else ~/.config/lawgraph/catalog (docs/catalog.md)."""
    import os

    given = os.environ.get(USER_CATALOG_ENV)
    if given:
        return Path(given).expanduser()
    xdg = os.environ.get("XDG_CONFIG_HOME")
    return Path(xdg) / "lawgraph" / "catalog" if xdg else Path(USER_CATALOG_DEFAULT).expanduser()


def user_catalog_files() -> list[str]:
    """The user catalog folder's files, by name (none when the folder does not exist)."""
    folder = user_catalog_dir()
    try:
        return [str(p) for p in sorted(folder.glob("*.jsonl")) if p.is_file()]
    except OSError:
        return []


_LOOKUP_MEMO = 65536


@dataclass
class Catalog:
    entries: dict[str, CatalogEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._titles: dict[str, CatalogEntry] = {}  # national titles; a local title no other region has
        self._local_titles: dict[tuple[str, str], CatalogEntry] = {}  # (region, key) of local entries
        self._title_regions: dict[str, set[str]] = {}  # key → the regions whose entries have that title
        self._numbers: dict[str, CatalogEntry] = {}
        self._short: dict[tuple[str, str], CatalogEntry] = {}
        self._automaton: NameIndex | None = None
        self._looked_up: dict[tuple[str, str | None], tuple[CatalogEntry | None, str]] = {}
        self._damaged: dict[str, CatalogEntry | None] | None = None  # built on first need
        self._version: str | None = None
        for e in self.entries.values():
            self._index(e)

    def _index(self, e: CatalogEntry) -> None:
        if e.doc_number:
            self._numbers[number_key(e.doc_number)] = e
        k = title_key(e.title)
        if e.region != NATIONAL:
            self._index_local(e, k)
            return
        self._titles[k] = e
        # a title written without its version (宪法修正案) is the latest version the catalog has
        bare = _strip_version(k)
        if bare != k:
            old = self._titles.get(bare)
            if old is None or (old.title != e.title and _version_date(old) < _version_date(e)):
                self._titles[bare] = e
        for s in e.short_titles:
            self._short[(e.region, title_key(s))] = e
        if e.title.startswith("中华人民共和国"):
            self._short.setdefault((e.region, title_key(e.title[7:])), e)

    @classmethod
    def from_entries(cls, entries: Iterable[CatalogEntry]) -> "Catalog":
        """A catalog of ``entries`` added in order (a later entry overrides an earlier one
        with the same id, as a later file does)."""
        cat = cls()
        for e in entries:
            cat.add(e)
        return cat

    def _index_local(self, e: CatalogEntry, k: str) -> None:
        """A local entry's full title links anywhere only while no national entry and no other
        region has that title (北京市优化营商环境条例 names its region); else only in reports
        from its region (关于修改部分地方性法规的决定 is every province's)."""
        self._local_titles[(e.region, k)] = e
        regions = self._title_regions.setdefault(k, set())
        regions.add(e.region)
        current = self._titles.get(k)
        if current is None or current.region != NATIONAL:
            if len(regions) == 1:
                self._titles[k] = e
            else:
                self._titles.pop(k, None)
        for s in e.short_titles:
            self._short[(e.region, title_key(s))] = e

    def add(self, e: CatalogEntry) -> None:
        self.entries[e.id] = e
        self._version = None
        self._index(e)

    @property
    def version(self) -> str:
        """A content hash of the entries (``sha256:`` and 16 hex digits), stamped on every
        record: the same entries give the same version, whatever files, order or comments
        they came from, and a catalog built in memory (Spark) gets one too."""
        if self._version is None:
            # Fields by hand, not dataclasses.asdict, whose deep copies of 600 entries took
            # 35 ms of every run's start; the values are strings and tuples of strings, so
            # the JSON is the same.
            rows = [{f: getattr(self.entries[k], f) for f in _ENTRY_FIELDS} for k in sorted(self.entries)]
            text = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            self._version = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        return self._version
        self._automaton = None
        self._damaged = None
        self._looked_up.clear()

    def by_number(self, number: str) -> CatalogEntry | None:
        """The entry published under a document or decree number (国务院令第783号)."""
        return self._numbers.get(number_key(number))

    def get(self, law_id: str) -> CatalogEntry | None:
        return self.entries.get(law_id)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self.entries.values())

    def lookup(self, title: str, region: str | None = None) -> CatalogEntry | None:
        """Find the entry a written title refers to: full title, then short name.

        Short names of regional entries (北京市…条例 written without 北京市) only match
        when the report's ``region`` lies in that region; national entries always match.
        """
        return self.lookup_match(title, region)[0]

    def lookup_match(self, title: str, region: str | None = None) -> tuple[CatalogEntry | None, str]:
        """:meth:`lookup`, and how the title matched: ``exact`` (the full title), ``short``
        (a short name) or ``fuzzy`` (a full title with a known kind of damage, see
        :func:`damaged_keys`)."""
        # Reports repeat the same few hundred titles; remember answers, within a bound.
        try:
            return self._looked_up[(title, region)]
        except KeyError:
            pass
        if len(self._looked_up) >= _LOOKUP_MEMO:
            self._looked_up.clear()
        hit = self._looked_up[(title, region)] = self._lookup(title, region)
        return hit

    def _lookup(self, title: str, region: str | None) -> tuple[CatalogEntry | None, str]:
        k = title_key(title)
        hit = self._titles.get(k) or self._titles.get(_strip_version(k))
        if hit is not None and hit.region == NATIONAL:
            return hit, "exact"  # never a same-named local document
        if region:
            for reg in _regions_of(region):
                own = self._local_titles.get((reg, k))
                if own is not None:
                    return own, "exact"
        if hit:
            return hit, "exact"
        for key in (k, _strip_version(k)):
            hit = self._short.get((NATIONAL, key))
            if hit:
                return hit, "short"
            if region:
                hit = self._regional_short(key, region)
                if hit:
                    return hit, "short"
        if len(k) >= FUZZY_MIN:
            hit = self._damaged_index().get(k)
            if hit is not None:
                return hit, "fuzzy"
        return None, "exact"

    def _damaged_index(self) -> dict[str, CatalogEntry | None]:
        """Damaged forms of every full title; a form two titles share means neither."""
        if self._damaged is None:
            index: dict[str, CatalogEntry | None] = {}
            for e in self.entries.values():
                for d in damaged_keys(title_key(e.title)):
                    if d in self._titles:
                        continue
                    index[d] = e if d not in index or index[d] is e else None
            self._damaged = {k: v for k, v in index.items() if v is not None}
        return self._damaged

    def _regional_short(self, key: str, region: str) -> CatalogEntry | None:
        for reg in _regions_of(region):
            hit = self._short.get((reg, key))
            if hit:
                return hit
        return None

    def automaton(self) -> NameIndex:
        """Every full title and short name, for bare (unbracketed) names.

        Each match carries ``(id, regional)``: ``id`` is the entry the name means anywhere
        (a full title, or a national entry's short name), ``regional`` the ``(region, id)``
        pairs of short names that mean something only in reports from that region.
        """
        if self._automaton is None:
            anywhere: dict[str, str] = {}
            regional: dict[str, dict[str, str]] = {}
            # national entries first: a name they have is theirs, whatever a local entry says
            for e in sorted(self.entries.values(), key=lambda e: e.region != NATIONAL):
                shorts = set(e.short_titles)
                if e.title.startswith("中华人民共和国"):
                    shorts.add(e.title[7:])
                for n, is_title in [(e.title, True), *((x, False) for x in shorts)]:
                    if len(n) < 2 or re.search(r"[\s（）()]", n):
                        continue
                    if e.region == NATIONAL or (is_title and len(self._title_regions.get(title_key(n), ())) <= 1):
                        anywhere.setdefault(n, e.id)
                    else:
                        regional.setdefault(n, {}).setdefault(e.region, e.id)
            names = sorted(anywhere.keys() | regional.keys())
            values = [(anywhere.get(n), tuple(sorted(regional.get(n, {}).items()))) for n in names]
            self._automaton = NameIndex(names, values, longest=True)
        return self._automaton


@lru_cache(maxsize=1024)
def _regions_of(region: str) -> tuple[str, ...]:
    """北京市东城区 → [北京市东城区, 北京市]: the region and the province-level unit it is in."""
    m = re.match(r"^(.+?(?:省|自治区|市))", region)
    return (region, m.group(1)) if m and m.group(1) != region else (region,)


def load_catalog(extra_files: Iterable[str | Path] = (), *, shipped: bool = True) -> Catalog:
    """The shipped catalog plus the user's files (later files override by id)."""
    return _load(tuple(str(f) for f in extra_files), shipped)


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...], shipped: bool) -> Catalog:
    return Catalog.from_entries(catalog_entries(extra, shipped=shipped))


def catalog_entries(extra_files: Iterable[str | Path] = (), *, shipped: bool = True) -> tuple[CatalogEntry, ...]:
    """Every entry of the shipped catalog and the user's files, in the order read (an id
    read twice is there twice): what :meth:`Catalog.from_entries` builds the same catalog
    from elsewhere — a Spark executor, from the driver's entries."""
    files = (_shipped_files() if shipped else []) + [Path(f) for f in extra_files]  # later files override
    return tuple(e for f in files for e in read_catalog_file(f))
