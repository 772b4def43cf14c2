"""The record format between ``extract`` and ``graph``: one JSON object per report.

This module is the contract. ``graph`` reads records only through :func:`record_from_json`
(or the plain dicts it would produce), so any step can run alone: extract on a cluster,
build on a laptop. Bump :data:`SCHEMA_VERSION` on any incompatible change and say so in
docs/records.md, "Record schema".

A JSON Lines stream holds two kinds of line:

* a report record: ``{"schema": 3, "producer": {...}, "report": {...}, "citations": [...],
  "agencies": [...], "warnings": [...]}``
* a file that could not be read: ``{"schema": 3, "error": {"source", "reason", "stage"}}``
  (the stream's error list; ``graph`` skips these lines but counts them).

Schema 2 added ``report.url``, ``report.doc_number``, ``report.year_source``, the issuer's
``source`` and ``confidence``, ``citations[].match``, ``citations[].articles`` and ``references`` (document numbers
written alone that lead to no title); records of schema 1 still read
(the new fields take their defaults).

Schema 3 added ``producer``: the lawgraph version and the catalog version (a content hash,
:attr:`extract.catalog.Catalog.version`) that made the record, and ``citations[].validity``:
``repealed`` or ``not_yet_in_force`` when the linked document was repealed by, or applied only
after, the report's date (null otherwise). Records of schemas 1 and 2 still read, with no
producer and no validity.

Schema 4 stores each piece of the report's text once: ``context`` holds the pieces that
citations' and references' sentences cover (``[[start, text], …]``, sorted, disjoint, offsets
in the original text), and ``citations[].sentence`` / ``references[].sentence`` are
``[start, end]`` inside one of them (a string when the record was made without positions, by
hand or by an older extractor); a ``surface`` that the context covers at its ``span`` is left
out, and so is every optional field at its default (``function`` 其他, ``linked`` false,
``match`` exact, empty ``articles``/``aliases``, null ``doc_number``/``validity``/``region``/
``source``/``confidence``, ``level`` unknown). Readers get the same dataclasses as before.
Records of schemas 1–3 still read.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

SCHEMA_VERSION = 4
#: Schema versions this module reads (the older ones lack fields that have defaults).
READABLE_VERSIONS = (1, 2, 3, 4)

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
#: A citation's validity at the report's date (see extract.catalog.validity_at).
VALIDITIES = ("repealed", "not_yet_in_force")


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
    validity: str | None = None  # repealed | not_yet_in_force at the report's date (linked citations only)
    # Where ``sentence`` lies in the original text, when known: records store the text once.
    sentence_span: tuple[int, int] | None = field(default=None, compare=False, repr=False)


@dataclass
class Reference:
    """A document number written alone that leads to no title (in the report or the
    catalog): kept, so that nothing the report cites is lost, but never a citation."""

    doc_number: str  # canonical: 京政发〔2021〕5号, 市政府令第12号
    surface: str
    span: tuple[int, int]
    sentence: str
    sentence_span: tuple[int, int] | None = field(default=None, compare=False, repr=False)


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
class Producer:
    """What made a record: the lawgraph version and the catalog version it linked against."""

    lawgraph: str  # lawgraph.__version__
    catalog: str  # extract.catalog.Catalog.version: sha256:… of the catalog's entries


@dataclass
class Record:
    report: Report
    citations: list[Citation] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    producer: Producer | None = None  # None for records of schemas 1 and 2 (and made by hand)

    def to_json(self) -> str:
        """One line of JSON, keys sorted, so equal records give identical bytes."""
        return dumps(self.to_dict())

    def to_json_bytes(self) -> bytes:
        """:meth:`to_json` encoded as UTF-8, built without the intermediate text."""
        return dumps_bytes(self.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON types, schema 4: the text its sentences cover stored once
        (``context``), sentences and surfaces as places in it, defaults left out. Built
        directly: ``dataclasses.asdict`` deep-copies every value and took half the
        extraction's time."""
        context = _Context.of([*self.citations, *self.references])
        report = vars(self.report).copy()
        if self.report.issuer is not None:
            report["issuer"] = _plain_agency(self.report.issuer, context)
        out = {
            "schema": SCHEMA_VERSION,
            "report": report,
            "citations": [_plain_quote(c, context, _CITATION_DEFAULTS) for c in self.citations],
            "agencies": [_plain_agency(a, context) for a in self.agencies],
            "warnings": list(self.warnings),
            "references": [_plain_quote(r, context, {}) for r in self.references],
        }
        if context.pieces:
            out["context"] = context.pieces
        if self.producer is not None:
            out["producer"] = vars(self.producer).copy()
        return out


class _Context:
    """The pieces of a report's original text that its sentences cover, each character once.

    Built from the sentences themselves (each knows its place): overlapping or touching
    windows are merged, and a sentence whose text disagrees with what another put at the same
    place (a record made by hand) stays a string of its own."""

    def __init__(self) -> None:
        self.pieces: list[list[Any]] = []  # [start, text], sorted and disjoint
        self.starts: list[int] = []
        self.placed: set[int] = set()  # ids of the items whose sentence is a place in the pieces

    @classmethod
    def of(cls, items: list[Any]) -> "_Context":
        ctx = cls()
        spans = sorted(
            ((it.sentence_span, it) for it in items if it.sentence_span is not None and it.sentence),
            key=lambda p: p[0],
        )
        cur_start, cur = -1, ""  # the piece being grown
        for (a, b), it in spans:
            text = it.sentence
            if b - a != len(text) or a < 0:
                continue
            end = cur_start + len(cur)
            if cur and a <= end:
                if cur[a - cur_start : min(b, end) - cur_start] != text[: min(b, end) - a]:
                    continue
                if b > end:
                    cur += text[end - a :]
            else:
                if cur:
                    ctx.add(cur_start, cur)
                cur_start, cur = a, text
            ctx.placed.add(id(it))
        if cur:
            ctx.add(cur_start, cur)
        return ctx

    def add(self, start: int, text: str) -> None:
        self.pieces.append([start, text])
        self.starts.append(start)

    def text(self, span: tuple[int, int] | list[int]) -> str | None:
        """The original text at ``span`` when one piece covers it."""
        a, b = span
        i = bisect_right(self.starts, a) - 1
        if i < 0:
            return None
        start, text = self.pieces[i]
        return text[a - start : b - start] if b - start <= len(text) else None


_CITATION_DEFAULTS: dict[str, Any] = {
    "doc_number": None,
    "function": "其他",
    "linked": False,
    "match": "exact",
    "articles": [],
    "validity": None,
}
_AGENCY_DEFAULTS: dict[str, Any] = {"level": "unknown", "region": None, "aliases": [], "source": None, "confidence": None}


def _plain_quote(c: Any, context: _Context, defaults: dict[str, Any]) -> dict[str, Any]:
    """A citation or reference: its sentence a place in the context, its surface left out
    when the context holds it, its fields at their defaults left out."""
    d = vars(c).copy()
    del d["sentence_span"]
    if id(c) in context.placed:
        d["sentence"] = list(c.sentence_span)
        if context.text(c.span) == c.surface:
            del d["surface"]
    for k, v in defaults.items():
        if d[k] == v:
            del d[k]
    if "articles" in d:
        d["articles"] = list(d["articles"])
    return d


def _plain_agency(a: Agency, context: _Context) -> dict[str, Any]:
    d = vars(a).copy()
    for k, v in _AGENCY_DEFAULTS.items():
        if d[k] == v:
            del d[k]
    if "aliases" in d:
        d["aliases"] = list(a.aliases)
    if a.span is not None and context.pieces and context.text(a.span) == a.surface:
        del d["surface"]
    return d


@dataclass
class RecordLine:
    """A record already turned into its JSON line (by a worker process, so that the parent
    only writes it), with what a run summary counts.

    The line is kept as UTF-8 bytes: a worker sends them through its pipe and the parent
    writes them as they are, never decoding and encoding again what it only passes on."""

    data: bytes  # the JSON line, UTF-8, without its line break
    source: str
    citations: int
    agencies: int  # distinct agency names
    warnings: int
    year: int | None

    @classmethod
    def of(cls, rec: Record) -> "RecordLine":
        return cls(
            rec.to_json_bytes(),
            rec.report.source,
            len(rec.citations),
            len({a.name for a in rec.agencies}),
            len(rec.warnings),
            rec.report.year,
        )

    @property
    def line(self) -> str:
        return self.data.decode("utf-8")

    def to_json(self) -> str:
        return self.line

    def to_json_bytes(self) -> bytes:
        return self.data


@dataclass
class FileError:
    """A file that was not extracted, and why."""

    source: str
    reason: str
    stage: str = "read"  # read | extract | skip

    def to_json(self) -> str:
        return dumps({"schema": SCHEMA_VERSION, "error": asdict(self)})

    def to_json_bytes(self) -> bytes:
        return self.to_json().encode("utf-8")  # surrogates are escaped by dumps


_SURROGATE = re.compile("[\ud800-\udfff]")


_orjson: Any
try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - a declared dependency; the stdlib gives the same bytes
    _orjson = None


def dumps(obj: Any) -> str:
    """Compact JSON with sorted keys. Lone surrogates (possible in a str, never in a file)
    are written as \\uXXXX escapes, so the line is valid UTF-8 and loads back unchanged.

    orjson writes the same bytes as ``json.dumps(ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))`` about five times faster, except in three cases, which take the
    standard library's path: lone surrogates and integers beyond 64 bits (orjson refuses
    them) and floats below 1e-4 (orjson writes 0.00002 and 1.5e-7 where Python writes 2e-05
    and 1.5e-07; an ``e-`` or ``0.0000`` inside a string only costs the slower path).
    tests/test_records.py compares both on every record of the seeds and the devset."""
    return dumps_bytes(obj).decode("utf-8")


def dumps_bytes(obj: Any) -> bytes:
    """:func:`dumps` as UTF-8 bytes (what a records file holds)."""
    raw = quick_dumps(obj)
    return raw if raw is not None else _stdlib_dumps(obj).encode("utf-8")


def quick_dumps(obj: Any) -> bytes | None:
    """orjson's sorted compact JSON of ``obj`` when it is byte for byte what the standard
    library writes, else None (the cases listed in :func:`dumps`); the graph file uses it too."""
    if _orjson is None:
        return None
    try:
        raw = _orjson.dumps(obj, option=_orjson.OPT_SORT_KEYS)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return None
    return raw if b"e-" not in raw and b"0.0000" not in raw else None


def _stdlib_dumps(obj: Any) -> str:
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    try:
        text.encode("utf-8")  # in C, far quicker than searching for the rare surrogate
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: "\\u%04x" % ord(m.group()), text)
    return text


class SchemaError(ValueError):
    """Records of a schema version that this version cannot read."""


#: Longest records line read (a report of 20,000 citations makes a line of about 30 MB).
MAX_LINE_BYTES = 256 * 1024 * 1024
_YEARS = (1000, 9999)
_MAX_INT = 10**12
# Ids (and agency names, which make ids) hold no control character but line breaks and tabs.
_ID_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: A lawgraph or catalog version: plain enough to go into a comment of any output format.
VERSION_TEXT = re.compile(r"[0-9A-Za-z.+:_-]{1,100}")
_OTHER_PREFIXES = ("report:", "agency:")


class RecordError(ValueError):
    """A record that breaks the contract: which field, and what is wrong with it."""

    def __init__(self, field: str, problem: str):
        super().__init__(f"{field}: {problem}" if field else problem)
        self.field = field
        self.problem = problem


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _bad(field: str, want: str, value: Any) -> RecordError:
    return RecordError(field, f"must be {want}, not {_shown(value)}")


class _Check:
    """The record contract, field by field (one pass, no copies). ``surrogates`` is false
    when the line had no ``\\uD8xx``–``\\uDFxx`` escape, so no string needs searching."""

    def __init__(self, surrogates: bool = True):
        self.surrogates = surrogates

    def obj(self, value: Any, field: str, required: tuple[str, ...], allowed: frozenset[str]) -> dict:
        if type(value) is not dict:
            raise _bad(field, "an object", value)
        for k in required:
            if k not in value:
                raise RecordError(f"{field}.{k}" if field else k, "missing")
        if not allowed.issuperset(value):
            unknown = sorted(set(value) - allowed)
            raise RecordError(f"{field}.{unknown[0]}" if field else unknown[0], "unknown field")
        return value

    def text(self, value: Any, field: str, *, optional: bool = False, nonempty: bool = False, surrogates: bool = False) -> None:
        if value is None and optional:
            return
        if type(value) is not str:
            raise _bad(field, "text or null" if optional else "text", value)
        if nonempty and not value.strip():
            raise RecordError(field, "must not be empty")
        if self.surrogates and not surrogates and _SURROGATE.search(value):
            raise RecordError(field, "holds a lone surrogate (not text)")

    def ident(self, value: Any, field: str) -> None:
        self.text(value, field, nonempty=True)
        if len(value) > 1000 or _ID_BAD.search(value):
            raise _bad(field, "an id without control characters, at most 1000 characters", value)

    def integer(self, value: Any, field: str, lo: int, hi: int, *, optional: bool = False) -> None:
        if value is None and optional:
            return
        if type(value) is not int or not lo <= value <= hi:
            raise _bad(field, f"an integer from {lo} to {hi}" + (" or null" if optional else ""), value)

    def choice(self, value: Any, field: str, allowed: tuple[str, ...]) -> None:
        if value not in allowed or type(value) is not str:
            raise _bad(field, "one of " + ", ".join(allowed), value)

    def span(self, value: Any, field: str, chars: int, *, optional: bool = False) -> None:
        if value is None and optional:
            return
        if type(value) is not list or len(value) != 2 or type(value[0]) is not int or type(value[1]) is not int or not 0 <= value[0] <= value[1] <= chars:
            raise _bad(field, f"[start, end] with 0 <= start <= end <= report.chars ({chars})", value)

    def texts(self, value: Any, field: str) -> None:
        if type(value) is not list:
            raise _bad(field, "a list of text", value)
        for i, v in enumerate(value):
            self.text(v, f"{field}[{i}]")

    def agency(self, a: Any, field: str, chars: int, context: _Context | None = None) -> None:
        self.obj(a, field, _AGENCY_REQUIRED_4 if context else _AGENCY_REQUIRED, _AGENCY_FIELDS)
        self.ident(a["name"], f"{field}.name")
        self.span(a["span"], f"{field}.span", chars, optional=True)
        self.surface(a, field, context)
        self.choice(a["role"], f"{field}.role", ROLES)
        if "level" in a:
            self.choice(a["level"], f"{field}.level", LEVELS)
        if "region" in a:
            self.text(a["region"], f"{field}.region", optional=True)
        if "aliases" in a:
            self.texts(a["aliases"], f"{field}.aliases")
        if a.get("source") is not None:
            self.choice(a["source"], f"{field}.source", ISSUER_SOURCES)
        if a.get("confidence") is not None:
            c = a["confidence"]
            if type(c) not in (int, float) or not 0 <= c <= 1:
                raise _bad(f"{field}.confidence", "a number from 0 to 1 or null", c)

    def surface(self, item: dict, field: str, context: _Context | None) -> None:
        """``surface`` as written, or (schema 4) left out where the context holds its span."""
        if "surface" in item:
            self.text(item["surface"], f"{field}.surface")
        elif context is None or item["span"] is None or context.text(item["span"]) is None:
            raise RecordError(f"{field}.surface", "missing (and the record's context does not hold its span)")

    def sentence(self, value: Any, field: str, context: _Context | None) -> None:
        """A sentence as text, or (schema 4) its place inside one piece of the context."""
        if type(value) is list and context is not None:
            if len(value) != 2 or type(value[0]) is not int or type(value[1]) is not int or value[0] > value[1] or context.text(value) is None:
                raise _bad(field, "[start, end] inside one piece of the record's context", value)
        else:
            self.text(value, field)

    def context(self, value: Any, chars: int) -> _Context:
        if type(value) is not list:
            raise _bad("context", "a list of [start, text]", value)
        ctx, end = _Context(), 0
        for i, piece in enumerate(value):
            f = f"context[{i}]"
            if type(piece) is not list or len(piece) != 2 or type(piece[0]) is not int or type(piece[1]) is not str:
                raise _bad(f, "[start, text]", piece)
            start, text = piece
            self.text(text, f + "[1]", nonempty=True)
            if start < end or start + len(text) > chars:
                raise _bad(f + "[0]", f"a start after the previous piece's end ({end}) whose text ends by report.chars ({chars})", start)
            end = start + len(text)
            ctx.add(start, text)
        return ctx

    def record(self, obj: dict) -> _Context | None:
        self.obj(obj, "", ("schema", "report"), _RECORD_FIELDS)
        # `lawgraph extract` always writes the producer; a record made by hand may leave it out.
        if "producer" in obj:
            if obj["schema"] < 3:
                raise RecordError("producer", "unknown field (records of schema 3 and later only)")
            producer = self.obj(obj["producer"], "producer", _PRODUCER_FIELDS_T, _PRODUCER_FIELDS)
            for k in _PRODUCER_FIELDS_T:
                if type(producer[k]) is not str or not VERSION_TEXT.fullmatch(producer[k]):
                    raise _bad(f"producer.{k}", "a version (letters, digits and . + : _ -)", producer[k])
        rep = self.obj(obj["report"], "report", _REPORT_REQUIRED, _REPORT_FIELDS)
        self.integer(rep["chars"], "report.chars", 0, _MAX_INT)
        chars = rep["chars"]
        context = None
        if obj["schema"] >= 4:
            context = self.context(obj.get("context", []), chars)
        elif "context" in obj:
            raise RecordError("context", "unknown field (records of schema 4 and later only)")
        rid = rep["id"]
        self.ident(rid, "report.id")
        if not rid.startswith("report:") or len(rid) == len("report:"):
            raise _bad("report.id", "'report:' and a hash", rid)
        self.text(rep["source"], "report.source", nonempty=True, surrogates=True)  # a file name's bytes
        self.text(rep["title"], "report.title", optional=True)
        self.integer(rep["year"], "report.year", *_YEARS, optional=True)
        published = rep["published"]
        if published is not None:
            if type(published) is not str or not _DATE.fullmatch(published) or not _valid_date(published):
                raise _bad("report.published", "an ISO date (YYYY-MM-DD) or null", published)
        self.choice(rep["script"], "report.script", ("simplified", "traditional"))
        if rep["issuer"] is not None:
            self.agency(rep["issuer"], "report.issuer", chars, context)
        if "format" in rep:
            self.text(rep["format"], "report.format", nonempty=True)
        if "encoding" in rep:
            self.text(rep["encoding"], "report.encoding", optional=True)
        for k in ("url", "doc_number", "year_source"):
            if k in rep:
                self.text(rep[k], f"report.{k}", optional=True)
        citations = obj.get("citations", [])
        if type(citations) is not list:
            raise _bad("citations", "a list", citations)
        for i, c in enumerate(citations):
            f = f"citations[{i}]"
            self.obj(c, f, _CITATION_REQUIRED_4 if context else _CITATION_REQUIRED, _CITATION_FIELDS)
            self.text(c["title"], f + ".title", nonempty=True)
            self.span(c["span"], f + ".span", chars)
            self.surface(c, f, context)
            self.sentence(c["sentence"], f + ".sentence", context)
            self.choice(c["kind"], f + ".kind", KINDS)
            self.choice(c["category"], f + ".category", CATEGORIES)
            law_id = c["law_id"]
            self.ident(law_id, f + ".law_id")
            if law_id.startswith(_OTHER_PREFIXES):
                raise _bad(f + ".law_id", "a document id (not a report's or an agency's)", law_id)
            if "doc_number" in c:
                self.text(c["doc_number"], f + ".doc_number", optional=True)
            if "function" in c:
                self.choice(c["function"], f + ".function", FUNCTIONS)
            if "linked" in c and type(c["linked"]) is not bool:
                raise _bad(f + ".linked", "true or false", c["linked"])
            if "match" in c:
                self.choice(c["match"], f + ".match", MATCHES)
            if "articles" in c:
                self.texts(c["articles"], f + ".articles")
            if c.get("validity") is not None:
                self.choice(c["validity"], f + ".validity", VALIDITIES)
        agencies = obj.get("agencies", [])
        if type(agencies) is not list:
            raise _bad("agencies", "a list", agencies)
        for i, a in enumerate(agencies):
            self.agency(a, f"agencies[{i}]", chars, context)
        if "warnings" in obj:
            self.texts(obj["warnings"], "warnings")
        references = obj.get("references", [])
        if type(references) is not list:
            raise _bad("references", "a list", references)
        for i, r in enumerate(references):
            f = f"references[{i}]"
            self.obj(r, f, _REFERENCE_REQUIRED_4 if context else _REFERENCE_REQUIRED, _REFERENCE_FIELDS)
            self.text(r["doc_number"], f + ".doc_number", nonempty=True)
            self.span(r["span"], f + ".span", chars)
            self.surface(r, f, context)
            self.sentence(r["sentence"], f + ".sentence", context)
        return context


def _valid_date(text: str) -> bool:
    import datetime as _dt

    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _names(cls) -> frozenset[str]:
    return frozenset(cls.__dataclass_fields__) - {"sentence_span"}  # a place, written as ``sentence``


def _required(cls) -> tuple[str, ...]:
    from dataclasses import MISSING

    return tuple(n for n, f in cls.__dataclass_fields__.items() if f.default is MISSING and f.default_factory is MISSING)


_RECORD_FIELDS = frozenset({"schema", "report", "citations", "agencies", "warnings", "references", "producer", "context"})
_PRODUCER_FIELDS_T = ("catalog", "lawgraph")
_PRODUCER_FIELDS = frozenset(_PRODUCER_FIELDS_T)
_REFERENCE_FIELDS, _REFERENCE_REQUIRED = _names(Reference), _required(Reference)
_REPORT_FIELDS, _REPORT_REQUIRED = _names(Report), _required(Report)
_CITATION_FIELDS, _CITATION_REQUIRED = _names(Citation), _required(Citation)
_AGENCY_FIELDS, _AGENCY_REQUIRED = _names(Agency), _required(Agency)
# Schema 4 leaves out a surface that its context holds.
_REFERENCE_REQUIRED_4, _CITATION_REQUIRED_4, _AGENCY_REQUIRED_4 = (
    tuple(k for k in req if k != "surface") for req in (_REFERENCE_REQUIRED, _CITATION_REQUIRED, _AGENCY_REQUIRED)
)
_ERROR_FIELDS = frozenset({"source", "reason", "stage"})


def check_record(obj: Any, *, surrogates: bool = True) -> None:
    """Raise :class:`RecordError` (field and problem) unless ``obj`` is a valid report
    record of this schema: every field of the right type and range, ids without control
    characters, spans inside the report, a document id that is no report's or agency's.
    ``surrogates=False`` promises no string holds a lone surrogate (skips that search)."""
    _Check(surrogates).record(obj)


def _agency(d: dict[str, Any] | None, context: _Context | None = None) -> Agency | None:
    if d is None:
        return None
    d = dict(d)
    if d.get("span") is not None:
        d["span"] = tuple(d["span"])
    if "surface" not in d and context is not None:
        d["surface"] = context.text(d["span"])
    if "aliases" in d:
        d["aliases"] = list(d["aliases"])
    return Agency(**d)


def record_from_json(obj: dict[str, Any] | str, *, surrogates: bool = True) -> Record | FileError:
    """Parse one records line (or its dict) back into dataclasses, checking it first.

    Raises :class:`SchemaError` for another schema version, and :class:`RecordError`
    (naming the field) for a record that breaks the contract.
    """
    if isinstance(obj, str):
        obj = _parse(obj)
    return _record_of(obj, surrogates)


def _record_of(obj: Any, surrogates: bool) -> Record | FileError:
    if type(obj) is not dict:
        raise RecordError("", f"must be a JSON object (one record), not {_shown(obj)}")
    version = obj.get("schema")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise SchemaError(
            f"records schema {_shown(version)} is not supported (this lawgraph reads schemas "
            f"{', '.join(map(str, READABLE_VERSIONS))}); re-run `lawgraph extract` to regenerate the records"
        )
    if "error" in obj:
        chk = _Check(surrogates)
        chk.obj(obj, "", ("schema", "error"), frozenset({"schema", "error"}))
        err = chk.obj(obj["error"], "error", ("source", "reason"), _ERROR_FIELDS)
        chk.text(err["source"], "error.source", nonempty=True, surrogates=True)
        chk.text(err["reason"], "error.reason")
        if "stage" in err:
            chk.choice(err["stage"], "error.stage", ("read", "extract", "skip"))
        return FileError(**err)
    context = _Check(surrogates).record(obj)
    rep = dict(obj["report"])
    rep["issuer"] = _agency(rep.get("issuer"), context)
    seen: dict[tuple[int, int], str] = {}  # citations in one sentence share its string
    return Record(
        report=Report(**rep),
        citations=[Citation(**_quote(c, context, seen)) for c in obj.get("citations", [])],
        agencies=[ag for ag in (_agency(a, context) for a in obj.get("agencies", [])) if ag is not None],  # the check lets no null through
        warnings=list(obj.get("warnings", [])),
        references=[Reference(**_quote(r, context, seen)) for r in obj.get("references", [])],
        producer=Producer(**obj["producer"]) if "producer" in obj else None,
    )


def _quote(d: dict[str, Any], context: _Context | None, seen: dict[tuple[int, int], str]) -> dict[str, Any]:
    """A citation's or reference's fields, its sentence and surface read from the context."""
    d = dict(d)
    d["span"] = tuple(d["span"])
    if context is not None:
        if type(d["sentence"]) is list:
            where = d["sentence_span"] = tuple(d["sentence"])
            if where not in seen:
                seen[where] = context.text(where) or ""  # the check found it inside a piece
            d["sentence"] = seen[where]
        if "surface" not in d:
            d["surface"] = context.text(d["span"])
    return d


def _no_constants(name: str) -> Any:
    raise RecordError("", f"{name} is not a JSON number")


_decoder = json.JSONDecoder(parse_constant=_no_constants)


def _parse(line: str) -> Any:
    """One JSON value, strictly: NaN and Infinity refused, the whole line used."""
    if _orjson is not None:
        # orjson parses a valid line 2–3× quicker and refuses what json refuses (NaN, extra
        # data) and more (lone surrogates, ints beyond 64 bits): whatever it refuses, the
        # standard library parses again below, and its message says what is wrong.
        try:
            return _orjson.loads(line)
        except _orjson.JSONDecodeError:
            pass
    try:
        obj, end = _decoder.raw_decode(line, len(line) - len(line.lstrip()))
    except json.JSONDecodeError as err:
        raise RecordError("", f"not valid JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:
        raise RecordError("", "nested too deeply") from None
    except ValueError as err:  # a number of more digits than int() takes
        raise RecordError("", f"not valid JSON ({err})") from None
    if line[end:].strip():
        raise RecordError("", f"not valid JSON (extra data at column {end + 1})")
    return obj


def read_records(path: str) -> "Iterator[Record | FileError]":
    """Stream a records file (JSON Lines); each line is checked at this boundary.

    A line that is not a valid record becomes ``FileError(source="PATH:LINE", reason="FIELD:
    what is wrong", stage="read")`` and the file goes on: one bad line never stops a run,
    and nothing invalid goes further. A file of another schema version, or one that is not
    a regular file, is one FileError for the whole file.
    """
    from lawgraph.extract.files import InputFileError, open_regular

    try:
        fh = open_regular(path, "records file")
    except InputFileError as err:
        yield FileError(source=path, reason=str(err).removeprefix(f"{path}: "), stage="read")
        return
    with fh:
        lineno = 0
        while True:
            raw = fh.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            lineno += 1
            where = f"{path}:{lineno}"
            if len(raw) > MAX_LINE_BYTES:
                yield FileError(where, f"line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB", "read")
                while raw and not raw.endswith(b"\n"):  # skip the rest of that line
                    raw = fh.readline(MAX_LINE_BYTES)
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                yield FileError(where, f"not valid UTF-8 (byte {err.start + 1} of the line)", "read")
                continue
            truncated = not line.endswith("\n") and fh.peek(1) == b""
            try:
                yield _record_of(_parse(line), "\\ud" in line or "\\uD" in line)
            except SchemaError as err:
                yield FileError(path, f"line {lineno}: {err}", "read")
                return
            except RecordError as err:
                reason = str(err)
                if truncated and not err.field:
                    reason += "; the file ends in the middle of this line (the writer stopped)"
                yield FileError(where, reason, "read")
