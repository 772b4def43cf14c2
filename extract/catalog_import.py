"""Catalog sources a user already has → one catalog file that ``--catalog`` reads.

Three kinds of source (docs/catalog.md has the details):

* a *facts* JSON Lines file: one object per (title, region) with ``title``, ``short_title``,
  ``category``, ``issuer``, ``promulgated``, ``effective``, ``status``, ``status_basis``,
  ``versions`` and ``region`` (the reference data beside the project uses it);
* a LawRefBook-style folder tree: one Markdown file per version, ``short(YYYY-MM-DD).md``,
  starting with ``# title`` and history lines up to ``<!-- INFO END -->``, optionally indexed
  by ``db.sqlite3`` files (table ``law``: name, publish, valid_from, expired or valid_to);
* a file in the project's own catalog format.

Entries that name a document the shipped catalog already has (same title, same region) keep
the shipped id, so that one document stays one node; where the two disagree on category,
status or issuer the shipped value is kept and the difference is reported as a
:class:`Conflict` — never resolved silently.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator

from lawgraph.extract.catalog import NATIONAL, Catalog, CatalogEntry, CatalogFileError, read_catalog_file, title_key

#: Source categories → the project's ten (extract.records.CATEGORIES). 司法解释 are normative
#: documents of the courts and procuratorates: 规范性文件, not 法律.
CATEGORY_MAP = {
    "法律": "法律",
    "宪法": "法律",
    "行政法规": "行政法规",
    "司法解释": "规范性文件",
    "地方性法规": "地方性法规",
    "部门规章": "规章",
    "地方政府规章": "规章",
    "规章": "规章",
    "党内法规": "党内法规",
    "规范性文件": "规范性文件",
    "规划纲要": "规划纲要",
    "工作文件": "工作文件",
    "标准": "标准",
    "其他": "其他",
}

#: The id scope of each source category (the shipped catalog's law, reg and cpc, and new ones).
_SCOPES = {
    "法律": "law",
    "宪法": "law",
    "行政法规": "reg",
    "司法解释": "jud",
    "部门规章": "rule",
    "地方政府规章": "rule",
    "规章": "rule",
    "地方性法规": "local",
    "党内法规": "cpc",
    "规划纲要": "plan",
    "规范性文件": "doc",
}

#: LawRefBook folders of national laws (法律部门) and of the other kinds.
_LAW_FOLDERS = {"宪法", "宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法", "诉讼与非诉讼程序法", "生态环境法", "法律解释"}
_FOLDER_KINDS = {
    "行政法规": "行政法规",
    "司法解释": "司法解释",
    "部门规章": "部门规章",
    "地方性法规": "地方性法规",
    "地方政府规章": "地方政府规章",
    "其他": "其他",
}
_SKIPPED_FOLDERS = {"案例", "scripts", ".github"}

_REPEALED_BY = re.compile(r"被《(.+)》废止(?:（(\d{4}-\d{2}-\d{2})起）)?")
_VERSION_NAME = re.compile(r"^(?P<short>.+?)(?:\((?P<date>\d{4}-\d{2}-\d{2})\))?$")
_CN_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CatalogImportError(CatalogFileError):
    """A source that cannot be imported (the message names the file, line and field)."""


@dataclass(frozen=True)
class Conflict:
    """The shipped catalog and an imported source disagree on one field of one document."""

    id: str
    title: str
    field: str
    shipped: str | None
    imported: str | None
    source: str


@dataclass
class _Draft:
    """One document as read from a source, before ids and successors are settled."""

    title: str
    category: str  # the source's category (司法解释 …); mapped when the entry is made
    region: str = NATIONAL
    short_titles: tuple[str, ...] = ()
    issuer: str | None = None
    promulgated: str | None = None
    effective: str | None = None
    amended: tuple[str, ...] = ()
    status: str = "现行有效"
    repealed: str | None = None
    successor_title: str | None = None
    doc_number: str | None = None
    id: str | None = None  # given by the project's own format
    successor: str | None = None  # id, given by the project's own format
    source: str = ""


@dataclass
class ImportResult:
    entries: list[CatalogEntry] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # successors not found, duplicate ids renamed


# --- reading the sources ----------------------------------------------------------------------


def read_source(path: str | os.PathLike) -> Iterator[_Draft]:
    """The documents of one source, whatever its kind (a folder is a LawRefBook tree)."""
    p = Path(path)
    if p.is_dir():
        yield from read_lawrefbook(p)
        return
    if not p.is_file():
        raise CatalogImportError(f"{p}: no such file or folder")
    first = _first_object(p)
    if first is not None and "id" in first and "short_titles" in first:
        yield from _read_own(p)
    else:
        yield from read_facts(p)


def _first_object(p: Path) -> dict | None:
    try:
        with p.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.strip() and not line.lstrip().startswith("#"):
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as err:
                        raise CatalogImportError(f"{p}:{lineno}: not valid JSON ({err.msg})") from None
                    return obj if isinstance(obj, dict) else None
    except UnicodeDecodeError:
        raise CatalogImportError(f"{p}: not valid UTF-8") from None
    except OSError as err:
        raise CatalogImportError(f"{p}: cannot open ({err.strerror})") from None
    return None


def _read_own(p: Path) -> Iterator[_Draft]:
    for e in read_catalog_file(p):
        yield _Draft(
            title=e.title, category=e.category, region=e.region, short_titles=e.short_titles, issuer=e.issuer,
            promulgated=e.promulgated, effective=e.effective, amended=e.amended, status=e.status,
            repealed=e.repealed, doc_number=e.doc_number, id=e.id, successor=e.successor, source=str(p),
        )  # fmt: skip


def read_facts(p: Path) -> Iterator[_Draft]:
    """A facts JSON Lines file: see the module docstring; unknown fields are ignored."""
    try:
        fh = p.open(encoding="utf-8")
    except OSError as err:
        raise CatalogImportError(f"{p}: cannot open ({err.strerror})") from None
    with fh:
        for lineno, line in enumerate(fh, 1):
            where = f"{p}:{lineno}"
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                raise CatalogImportError(f"{where}: not valid JSON ({err.msg})") from None
            except UnicodeDecodeError:
                raise CatalogImportError(f"{where}: not valid UTF-8") from None
            yield _fact(obj, where)


def _required(obj: dict, key: str, where: str) -> str:
    v = _text(obj, key, where)
    if v is None:
        raise CatalogImportError(f"{where}: {key}: missing")
    return v


def _text(obj: dict, key: str, where: str, required: bool = False) -> str | None:
    v = obj.get(key)
    if v is None or (isinstance(v, str) and not v.strip()):
        if required:
            raise CatalogImportError(f"{where}: {key}: missing")
        return None
    if not isinstance(v, str):
        raise CatalogImportError(f"{where}: {key}: must be text, not {type(v).__name__}")
    return "".join(v.split())


def _date(obj: dict, key: str, where: str) -> str | None:
    v = _text(obj, key, where)
    if v is not None and not _ISO_DATE.match(v):
        raise CatalogImportError(f"{where}: {key}: must be a date YYYY-MM-DD, not {v[:20]!r}")
    return v


def _fact(obj, where: str) -> _Draft:
    if not isinstance(obj, dict):
        raise CatalogImportError(f"{where}: must be a JSON object")
    title = _required(obj, "title", where)
    category = _required(obj, "category", where)
    if category not in CATEGORY_MAP:
        raise CatalogImportError(f"{where}: category: {category[:20]!r} is not one of {', '.join(CATEGORY_MAP)}")
    status = _text(obj, "status", where) or "现行有效"
    if status not in ("现行有效", "已废止", "已修改", "尚未生效"):
        raise CatalogImportError(f"{where}: status: {status[:20]!r} is not 现行有效, 已废止, 已修改 or 尚未生效")
    promulgated, effective = _date(obj, "promulgated", where), _date(obj, "effective", where)
    versions = obj.get("versions")
    amended: tuple[str, ...] = ()
    if isinstance(versions, int) and versions > 1 and promulgated:
        # the facts give the dates of the newest version only: it is an amendment, and the
        # date of the first version is unknown (never "not yet in force" before it)
        amended, promulgated = (promulgated,), None
    repealed = successor_title = None
    m = _REPEALED_BY.search(obj.get("status_basis") or "") if isinstance(obj.get("status_basis"), str) else None
    if status == "已废止" and m:
        successor_title, repealed = m.group(1), m.group(2)
    short = _text(obj, "short_title", where)
    region = _text(obj, "region", where) or NATIONAL
    return _Draft(
        title=title, category=category, region=region,
        short_titles=(short,) if short and short != title and "中华人民共和国" + short != title else (),
        issuer=_text(obj, "issuer", where), promulgated=promulgated, effective=effective, amended=amended,
        status="现行有效" if status == "尚未生效" else status, repealed=repealed,
        successor_title=successor_title, source=where,
    )  # fmt: skip


def read_lawrefbook(root: Path) -> Iterator[_Draft]:
    """A LawRefBook-style tree: every version file, grouped by title (newest version's facts)."""
    index = _sqlite_index(root)
    versions: dict[tuple[str, str], list[tuple[str, Path, list[str], str, str]]] = {}
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root).parts
        if len(rel) < 2 or path.name.startswith("_") or any(p in _SKIPPED_FOLDERS for p in rel[:-1]):
            continue
        kind, region = _kind_of(rel[:-1])
        if kind is None:
            continue
        m = _VERSION_NAME.match(path.stem)
        if m is None:  # the pattern matches every non-empty name; a stem is never empty
            continue
        title, history = _header(path)
        if title is None:
            continue
        versions.setdefault((title, region), []).append((m.group("date") or "", path, history, kind, m.group("short")))
    for (title, region), vs in sorted(versions.items()):
        vs.sort(key=lambda v: v[0])
        date, path, history, kind, short = vs[-1]
        # the history lines date each version; the file name's date (the database's
        # publication date, at times the day it applied) only where a file has none
        dates = sorted({d for v in vs for d in (_version_dates(v[2]) or [v[0]]) if d})
        row = index.get((short, date)) or index.get((title, date)) or {}
        effective = row.get("valid_from") or _effective(history)
        expired = row.get("expired")
        status = "已废止" if expired else "现行有效"
        repealed = row.get("valid_to") if expired and isinstance(row.get("valid_to"), str) else None
        yield _Draft(
            title=title, category=kind, region=region,
            short_titles=(short,) if short != title and "中华人民共和国" + short != title else (),
            issuer=_issuer(history, kind), promulgated=dates[0] if dates else None, effective=effective,
            amended=tuple(dates[1:]), status=status, repealed=repealed, source=str(path),
        )  # fmt: skip


def _kind_of(folders: tuple[str, ...]) -> tuple[str | None, str]:
    region = NATIONAL
    kind = None
    for f in folders:
        if f.endswith("地方法规") and len(f) > 4:
            region = _province(f[: -len("地方法规")])
        if f in _FOLDER_KINDS:
            kind = _FOLDER_KINDS[f]
        elif f in _LAW_FOLDERS and kind is None:
            kind = "法律"
    return kind, region


def _province(short: str) -> str:
    """北京 → 北京市, 浙江 → 浙江省, 广西 → 广西壮族自治区 (names from the gazetteer)."""
    from lawgraph.extract.regions import gazetteer

    for name in gazetteer().names():
        if name.startswith(short) and name.endswith(("省", "市", "自治区")) and len(name) <= len(short) + 6:
            places = gazetteer().find(name)
            if any(p.path == name for p in places):
                return name
    return short


def _header(path: Path) -> tuple[str | None, list[str]]:
    """The ``# title`` line and the history lines up to ``<!-- INFO END -->`` (first 64 KiB)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            text = fh.read(65536)
    except OSError as err:
        raise CatalogImportError(f"{path}: cannot open ({err.strerror})") from None
    lines = [ln.strip() for ln in text.splitlines()]
    title = None
    history: list[str] = []
    for ln in lines:
        if title is None:
            if ln.startswith("# "):
                title = "".join(ln[2:].split()).replace("(", "（").replace(")", "）")
            continue
        if ln.startswith("<!-- INFO END"):
            return title, history
        if ln:
            history.append(ln)
    return title, history if title else []


def _iso(ymd: tuple[str, str, str]) -> str:
    return f"{int(ymd[0]):04d}-{int(ymd[1]):02d}-{int(ymd[2]):02d}"


_ACTS = re.compile(r"通过|修正|修订|修改|公布|发布|批准|颁布")


def _version_dates(history: list[str]) -> list[str]:
    """The dates a text was adopted, amended or published: the first date of each history
    line that records such an act (a line that only says when it applies is not one)."""
    out = []
    for ln in history:
        m = _CN_DATE.search(ln)
        if m and _ACTS.search(ln):
            out.append(_iso((m[1], m[2], m[3])))
    return out


def _effective(history: list[str]) -> str | None:
    for ln in reversed(history):
        if "施行" in ln:
            m = _CN_DATE.search(ln)
            if m:
                return _iso((m[1], m[2], m[3]))
    return None


_BODY = re.compile(r"^(?P<place>[^第\d]*?)第[一二三四五六七八九十百零]+届(?P<body>[^第\d]*?人民代表大会(?:常务委员会)?)")


def _issuer(history: list[str], kind: str) -> str | None:
    """The adopting body of the first history line: 北京市第十五届人民代表大会常务委员会… →
    北京市人民代表大会常务委员会; 国务院令… → 国务院."""
    if not history:
        return None
    line = _CN_DATE.sub("", history[0]).strip(" 　（(")
    m = _BODY.match(line)
    if m:
        return m.group("place") + m.group("body")
    for body in ("国务院", "最高人民法院", "最高人民检察院"):
        if line.startswith(body) or (kind in ("行政法规",) and body == "国务院" and "国务院" in line):
            return body
    return None


def _sqlite_index(root: Path) -> dict[tuple[str, str], dict]:
    """(name, publish date) → the row of every ``db.sqlite3`` in the tree (read only)."""
    out: dict[tuple[str, str], dict] = {}
    for db in sorted(root.rglob("db.sqlite3")):
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        except sqlite3.Error as err:
            raise CatalogImportError(f"{db}: cannot open ({err})") from None
        try:
            cols = {r[1] for r in con.execute("PRAGMA table_info(law)")}
            if not {"name", "publish"} <= cols:
                raise CatalogImportError(f"{db}: no table law(name, publish, …)")
            wanted = [c for c in ("name", "publish", "valid_from", "expired", "valid_to") if c in cols]
            for row in con.execute(f"SELECT {', '.join(wanted)} FROM law"):  # column names from the fixed list above
                r = dict(zip(wanted, row))
                if "valid_to" in r:
                    # 2099-12-31: no end; 1970-01-01: flagged, no date; else the end date
                    vt = r["valid_to"] or "2099-12-31"
                    r["expired"] = vt != "2099-12-31"
                    r["valid_to"] = None if vt in ("1970-01-01", "2099-12-31") else vt
                if isinstance(r.get("name"), str) and r.get("publish"):
                    out[("".join(r["name"].split()), str(r["publish"]))] = r
        except sqlite3.Error as err:
            raise CatalogImportError(f"{db}: not a LawRefBook index ({err})") from None
        finally:
            con.close()
    return out


# --- merging ----------------------------------------------------------------------------------


def import_catalog(sources: Iterable[str | os.PathLike], shipped: Catalog) -> ImportResult:
    """Every document of the sources (later sources fill and override earlier ones), with ids,
    successors and conflicts with ``shipped`` settled."""
    drafts: dict[tuple[str, str], _Draft] = {}
    for src in sources:
        for d in read_source(src):
            key = (title_key(d.title), d.region)
            old = drafts.get(key)
            drafts[key] = d if old is None else _merge(old, d)
    result = ImportResult()
    ids: dict[tuple[str, str], str] = {}
    taken = {e.id for e in shipped}
    used: set[str] = set()
    for key, d in drafts.items():
        known = _shipped_match(shipped, d)
        if known is not None:
            ids[key] = known.id
        elif d.id:
            ids[key] = d.id
        else:
            ids[key] = _new_id(d, taken | used)
        used.add(ids[key])
    by_title: dict[str, list[tuple[str, str]]] = {k[0]: [] for k in drafts}
    for k in drafts:
        by_title[k[0]].append(k)
    for key, d in drafts.items():
        successor = d.successor
        if d.successor_title and not successor:
            successor = _successor_id(d, by_title, ids, shipped)
            if successor is None:
                result.notes.append(f"{d.source}: successor 《{d.successor_title}》 of {d.title} is in no catalog")
        entry = CatalogEntry(
            id=ids[key], title=d.title, short_titles=d.short_titles, category=CATEGORY_MAP.get(d.category, "其他"),
            issuer=d.issuer, region=d.region, promulgated=d.promulgated, effective=d.effective,
            amended=d.amended, status=d.status, repealed=d.repealed, successor=successor, doc_number=d.doc_number,
        )  # fmt: skip
        known = shipped.get(entry.id)
        if known is not None and title_key(known.title) == key[0]:
            entry = _against_shipped(known, entry, d.source, result.conflicts)
        elif known is not None:
            # a catalog file's own id that the shipped catalog gives another document: the
            # entry will replace it when loaded — say so
            result.conflicts.append(Conflict(known.id, known.title, "title", known.title, entry.title, d.source))
        result.entries.append(entry)
    result.entries.sort(key=lambda e: e.id)
    return result


def _merge(old: _Draft, new: _Draft) -> _Draft:
    """A later source's facts win; what it lacks, the earlier one keeps."""
    filled = {k: getattr(old, k) for k in old.__dataclass_fields__ if getattr(new, k) in (None, (), "")}
    merged = replace(new, **filled)
    return replace(merged, short_titles=tuple(dict.fromkeys(old.short_titles + new.short_titles)))


def _shipped_match(shipped: Catalog, d: _Draft) -> CatalogEntry | None:
    e = shipped.lookup(d.title, None if d.region == NATIONAL else d.region)
    if e is not None and title_key(e.title) == title_key(d.title) and e.region == d.region:
        return e
    return None


def _new_id(d: _Draft, taken: set[str]) -> str:
    scope = _SCOPES.get(d.category, "other")
    name = title_key(d.title).removeprefix("中华人民共和国") or title_key(d.title)
    base = f"{scope}:{name}" if d.region == NATIONAL else f"{scope}:{d.region}:{name.removeprefix(d.region)}"
    out, n = base, 2
    while out in taken:
        out, n = f"{base}~{n}", n + 1
    return out


def _successor_id(d: _Draft, by_title, ids, shipped: Catalog) -> str | None:
    k = title_key(d.successor_title or "")
    for cand in (k, k.removeprefix("中华人民共和国"), "中华人民共和国" + k):
        keys = by_title.get(cand, [])
        for key in sorted(keys, key=lambda x: (x[1] != d.region, x[1] != NATIONAL)):
            return ids[key]
    e = shipped.lookup(d.successor_title or "", None if d.region == NATIONAL else d.region)
    return e.id if e is not None else None


_COMPARED = ("category", "status", "issuer", "repealed")


def _against_shipped(known: CatalogEntry, new: CatalogEntry, source: str, conflicts: list[Conflict]) -> CatalogEntry:
    """The shipped entry with what the import adds; each disagreement noted, the shipped
    value kept."""
    for f in _COMPARED:
        a, b = getattr(known, f), getattr(new, f)
        if a is not None and b is not None and a != b:
            conflicts.append(Conflict(known.id, known.title, f, a, b, source))
    fill = {
        f: getattr(new, f)
        for f in ("issuer", "promulgated", "effective", "repealed", "successor", "doc_number")
        if getattr(known, f) is None and getattr(new, f) is not None
    }
    if known.status == "现行有效":
        fill.pop("repealed", None)  # the shipped catalog says in force: a repeal date would contradict it
    amended = tuple(sorted(set(known.amended) | set(new.amended) - {known.promulgated}))
    shorts = tuple(dict.fromkeys(known.short_titles + new.short_titles))
    return replace(known, **fill, amended=amended, short_titles=shorts)


# --- writing ----------------------------------------------------------------------------------

_KEYS = ("id", "title", "short_titles", "category", "issuer", "region", "promulgated", "effective", "amended", "status", "repealed", "successor", "doc_number")


def entry_line(e: CatalogEntry) -> str:
    """One line of a catalog file, keys in the schema's order."""
    obj = {k: getattr(e, k) for k in _KEYS}
    obj["short_titles"], obj["amended"] = list(e.short_titles), list(e.amended)
    return json.dumps(obj, ensure_ascii=False)
