"""The record format between ``extract`` and ``graph``: one JSON object per report.

This module is the contract. ``graph`` reads records only through :func:`record_from_json`
(or the plain dicts it would produce), so any step can run alone: extract on a cluster,
build on a laptop. Bump :data:`SCHEMA_VERSION` on any incompatible change and say so in
the README's "Record schema" section.

A JSON Lines stream holds two kinds of line:

* a report record: ``{"schema": 2, "report": {...}, "citations": [...], "agencies": [...],
  "warnings": [...]}``
* a file that could not be read: ``{"schema": 2, "error": {"source", "reason", "stage"}}``
  (the stream's error list; ``graph`` skips these lines but counts them).

Schema 2 added ``report.url``, ``report.doc_number``, ``report.year_source``, the issuer's
``source`` and ``confidence``, ``citations[].match``, ``citations[].articles`` and ``references`` (document numbers
written alone that lead to no title); records of schema 1 still read
(the new fields take their defaults).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

SCHEMA_VERSION = 2
#: Schema versions this module reads (the older ones lack fields that have defaults).
READABLE_VERSIONS = (1, 2)

KINDS = ("bracketed", "unbracketed", "alias", "nested")
FUNCTIONS = ("贯彻落实", "学习宣传", "依据", "制定起草", "审议", "其他")
CATEGORIES = (
    "法律",
    "行政法规",
    "地方性法规",
    "规章",
    "党内法规",
    "规范性文件",
    "规划纲要",
    "工作文件",
    "标准",
    "其他",
)
#: Coarse groups used in scoring and in plots.
GROUPS = {
    **{c: "LEGAL" for c in CATEGORIES[:5]},
    **{c: "POLICY" for c in CATEGORIES[5:9]},
    "其他": "OTHER",
}
ROLES = ("issuer", "mentioned")
LEVELS = ("central", "provincial", "municipal", "district", "street", "unknown")
#: How a report's issuer was found (see extract.issuer), in order of precedence.
ISSUER_SOURCES = ("manifest", "title", "metadata", "header", "signature", "lead", "source", "self")
#: How a citation was linked to its title: the title as written (exact), a catalog short name,
#: a name the report defined (alias), a near miss of a catalog title (fuzzy), a document
#: number that an earlier title or the catalog carries (number).
MATCHES = ("exact", "short", "alias", "fuzzy", "number")


@dataclass
class Agency:
    """An agency named in a report: the issuer or one it mentions."""

    name: str  # canonical full name, with region (北京市东城区人民政府外事办公室)
    surface: str  # as written in the original text
    span: tuple[int, int] | None  # [start, end) in the original text; None if inferred
    role: str  # issuer | mentioned
    level: str = "unknown"
    region: str | None = None  # 北京市东城区, 北京市, 全国 …
    aliases: list[str] = field(default_factory=list)  # short forms seen in this report
    source: str | None = None  # the issuer only: where it was found (ISSUER_SOURCES)
    confidence: float | None = None  # the issuer only: how sure that reading is, 0–1


@dataclass
class Citation:
    """One place where a report cites a document."""

    title: str  # canonical full title, Simplified, without 《》
    surface: str  # exactly original_text[span[0]:span[1]]
    span: tuple[int, int]  # [start, end) in the original text
    sentence: str  # the sentence around it, as written
    kind: str  # bracketed | unbracketed | alias | nested
    category: str
    law_id: str  # catalog id when linked, else derived from the title
    doc_number: str | None = None  # 国发〔2021〕33号
    function: str = "其他"
    linked: bool = False  # True when the title was found in the catalog
    match: str = "exact"  # how the title was found (MATCHES)
    articles: list[str] = field(default_factory=list)  # pin cites right after it: 第33条, 第12条第2款


@dataclass
class Reference:
    """A document number written alone that leads to no title (in the report or the
    catalog): kept, so that nothing the report cites is lost, but never a citation."""

    doc_number: str  # canonical: 京政发〔2021〕5号, 市政府令第12号
    surface: str
    span: tuple[int, int]
    sentence: str


@dataclass
class Report:
    id: str  # stable: hash of the normalised text
    source: str  # path as given, or URL
    title: str | None
    year: int | None  # the reporting year
    published: str | None  # ISO date
    script: str  # simplified | traditional
    issuer: Agency | None
    chars: int  # length of the original text
    format: str = "txt"
    encoding: str | None = None
    url: str | None = None  # where the page was published, when the file or a manifest says
    doc_number: str | None = None  # the report's own 文号 (京政外发〔2023〕5号)
    year_source: str | None = None  # where the year was read: title, lead, date …


@dataclass
class Record:
    report: Report
    citations: list[Citation] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    def to_json(self) -> str:
        """One line of JSON, keys sorted, so equal records give identical bytes."""
        return dumps(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON types (what ``dataclasses.asdict`` gives, built directly:
        asdict deep-copies every value and took half the extraction's time)."""
        report = vars(self.report).copy()
        if self.report.issuer is not None:
            report["issuer"] = _plain_agency(self.report.issuer)
        return {
            "schema": SCHEMA_VERSION,
            "report": report,
            "citations": [_plain_citation(c) for c in self.citations],
            "agencies": [_plain_agency(a) for a in self.agencies],
            "warnings": list(self.warnings),
            "references": [vars(r).copy() for r in self.references],
        }


def _plain_citation(c: Citation) -> dict[str, Any]:
    d = vars(c).copy()
    d["articles"] = list(c.articles)
    return d


def _plain_agency(a: Agency) -> dict[str, Any]:
    d = vars(a).copy()
    d["aliases"] = list(a.aliases)
    return d


@dataclass
class RecordLine:
    """A record already turned into its JSON line (by a worker process, so that the parent
    only writes it), with what a run summary counts."""

    line: str
    source: str
    citations: int
    agencies: int  # distinct agency names
    warnings: int
    year: int | None

    @classmethod
    def of(cls, rec: Record) -> "RecordLine":
        return cls(
            rec.to_json(),
            rec.report.source,
            len(rec.citations),
            len({a.name for a in rec.agencies}),
            len(rec.warnings),
            rec.report.year,
        )

    def to_json(self) -> str:
        return self.line


@dataclass
class FileError:
    """A file that was not extracted, and why."""

    source: str
    reason: str
    stage: str = "read"  # read | extract | skip

    def to_json(self) -> str:
        return dumps({"schema": SCHEMA_VERSION, "error": asdict(self)})


_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(obj: Any) -> str:
    """Compact JSON with sorted keys. Lone surrogates (possible in a str, never in a file)
    are written as \\uXXXX escapes, so the line is valid UTF-8 and loads back unchanged."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    try:
        text.encode("utf-8")  # in C, far quicker than searching for the rare surrogate
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text)
    return text


class SchemaError(ValueError):
    """A records line that this version cannot read."""


def _agency(d: dict[str, Any] | None) -> Agency | None:
    if d is None:
        return None
    d = dict(d)
    if d.get("span") is not None:
        d["span"] = tuple(d["span"])
    return Agency(**d)


def record_from_json(obj: dict[str, Any] | str) -> Record | FileError:
    """Parse one records line (or its dict) back into dataclasses."""
    if isinstance(obj, str):
        obj = json.loads(obj)
    version = obj.get("schema")
    if version not in READABLE_VERSIONS:
        raise SchemaError(
            f"records schema {version!r} is not supported (this lawgraph reads schema "
            f"{SCHEMA_VERSION}); re-run `lawgraph extract` to regenerate the records"
        )
    if "error" in obj:
        return FileError(**obj["error"])
    rep = dict(obj["report"])
    rep["issuer"] = _agency(rep.get("issuer"))
    citations = []
    for c in obj.get("citations", []):
        c = dict(c)
        c["span"] = tuple(c["span"])
        citations.append(Citation(**c))
    references = []
    for r in obj.get("references", []):
        r = dict(r)
        r["span"] = tuple(r["span"])
        references.append(Reference(**r))
    return Record(
        report=Report(**rep),
        citations=citations,
        agencies=[_agency(a) for a in obj.get("agencies", [])],
        warnings=list(obj.get("warnings", [])),
        references=references,
    )


def read_records(path: str) -> "Iterator[Record | FileError]":
    """Stream a records file (JSON Lines). A malformed line raises SchemaError naming it."""
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield record_from_json(json.loads(line))
            except (json.JSONDecodeError, TypeError, KeyError) as err:
                raise SchemaError(f"{path}:{lineno}: not a lawgraph record ({err})") from err
            except SchemaError as err:
                raise SchemaError(f"{path}:{lineno}: {err}") from err
