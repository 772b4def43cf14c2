"""Documents → records: the one extraction function, and the streaming driver around it.

:func:`extract_text` is pure (text in, record out) so that the same function runs in a
worker process, on a Spark executor, or in a test.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import signal
import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterator, Literal, Sequence, overload

from lawgraph.extract import agencies
from lawgraph.extract import citations as citing
from lawgraph import __version__
from lawgraph.extract.catalog import Catalog, load_catalog, report_date
from lawgraph.extract.errors import LawgraphError, ReadError
from lawgraph.extract.intervals import Intervals
from lawgraph.extract.metadata import Known, find_meta
from lawgraph.extract.normalise import normalise
from lawgraph.extract.records import Agency, FileError, Producer, Record, RecordLine, Reference, Report

if TYPE_CHECKING:
    from lawgraph.extract.manifest import Manifest
    from lawgraph.extract.read import Document

log = logging.getLogger(__name__)

MAX_WARNINGS = 50
_SURROGATE = re.compile("[\ud800-\udfff]")

#: Longest one document may take to read and extract, in seconds; a document over it becomes
#: ``FileError(stage="extract", reason="extraction took longer than the 60 s limit")`` and the
#: run goes on. ``LAWGRAPH_DOC_TIME_LIMIT`` overrides it (0 = no limit). The limit is a
#: SIGALRM timer, so it holds only in the main thread of a process — the command line with
#: ``--jobs 1`` and every ``--jobs N`` worker; called from another thread (or where a timer is
#: already running, or on Windows) a document has no time limit. Python checks for the
#: signal between bytecodes: one long C call (a regular expression over the whole text)
#: finishes before the limit takes effect.
DOC_TIME_LIMIT = 60.0
TIME_LIMIT_ENV = "LAWGRAPH_DOC_TIME_LIMIT"


def extract_text(
    text: str,
    source: str = "<text>",
    *,
    catalog: Catalog | None = None,
    format: str = "txt",
    encoding: str | None = None,
    nlp: object | None = None,
    known: Known | None = None,
) -> Record:
    """Extract one report's citations, agencies and metadata. ``known`` is what the caller
    already knows about the report (a manifest line): it fills what the text leaves open
    and wins where it says something."""
    catalog = catalog if catalog is not None else load_catalog()
    if _SURROGATE.search(text):
        # Not text (a broken UTF-16 unit from a parser): U+FFFD, same length, so every
        # offset holds; records carry valid text only (see extract.records.check_record).
        text = _SURROGATE.sub("\ufffd", text)
    norm = normalise(text)
    warnings = _Warnings(MAX_WARNINGS + 1)
    meta = find_meta(norm.text, known)
    ctx = meta.context

    issuer = None
    if meta.issuer is not None:
        span = norm.orig_span(*meta.issuer_span) if meta.issuer_span else None
        issuer = Agency(
            name=meta.issuer.name,
            surface=norm.original[span[0] : span[1]] if span else (meta.issuer_surface or meta.issuer.name),
            span=span,
            role="issuer",
            level=meta.issuer.level,
            region=meta.issuer.region,
            source=meta.issuer_source,
            confidence=meta.issuer_confidence,
        )
    else:
        warnings.append("issuer not found in the title, page metadata, header, lead sentence or signature")

    # A report is searched to its end, or, past MAX_CITATIONS citations or MAX_AGENCY_NAMES
    # agency names, up to a horizon: everything before it is found, nothing after.
    most_citations, most_names = citing.MAX_CITATIONS, agencies.MAX_AGENCY_NAMES
    references: list[Reference] = []
    citations, horizon = citing.find_citations_upto(norm, catalog, most_citations, region=ctx.region, warnings=warnings, references=references)
    named, horizon = agencies.find_agencies_upto(norm.text, ctx, most_names, horizon)
    if horizon < len(norm.text):
        cut = norm.orig(horizon)
        citations = [c for c in citations if c.span[0] < cut]
        references = [r for r in references if r.span[0] < cut]
        warnings.insert(  # first, so that the cap on warnings never hides it
            0,
            f"more than {most_citations:,} citations or {most_names:,} agency names: searched only the text before offset {cut:,} of {len(norm.original):,}",
        )

    # What page furniture names (上一篇/下一篇 links, 主办单位 footers) belongs to other
    # pages; the report's own document number is not a citation of it.
    foreign = Intervals([norm.orig_span(a, b) for a, b in meta.foreign])
    own_number = norm.orig_span(*meta.doc_number_span) if meta.doc_number_span else None
    citations = [c for c in citations if not foreign.overlaps(*c.span) and not (own_number and c.span[0] < own_number[1] and own_number[0] < c.span[1])]

    found_agencies = []
    seen_alias: dict[str, set[str]] = {}
    # An agency named inside a cited title (《北京市政府信息公开规定》) is part of the title,
    # and one inside a number written alone (京政发〔2021〕5号) part of the number.
    titled_spans = [c.span for c in citations if c.kind in ("bracketed", "nested")]
    titled = Intervals(titled_spans + [c.span for c in citations if c.match == "number"] + [r.span for r in references])
    issuer_names = set(issuer.name.split("、")) | {issuer.name} if issuer is not None else set()
    for f in named:
        s, e = norm.orig_span(f.start, f.end)
        if titled.overlaps(s, e) or foreign.overlaps(s, e):
            continue
        surface = norm.original[s:e]
        is_issuer = f.name in issuer_names
        found_agencies.append(
            Agency(
                name=f.name,
                surface=surface,
                span=(s, e),
                role="issuer" if is_issuer else "mentioned",
                level=f.level,
                region=f.region,
            )
        )
        if surface != f.name:
            seen_alias.setdefault(f.name, set()).add(surface)
    if nlp is not None:
        found_agencies.extend(_model_agencies(nlp, norm, ctx, found_agencies, titled_spans))
    if issuer is not None:
        issuer.aliases = sorted(seen_alias.get(issuer.name, set()) - {issuer.name})
    for a in found_agencies:
        a.aliases = sorted(seen_alias.get(a.name, set()) - {a.name})

    if meta.year is None:
        warnings.append("reporting year not found in the title or the first paragraphs")
    total = len(warnings) + warnings.dropped
    if total > MAX_WARNINGS:
        extra = total - MAX_WARNINGS
        kept = warnings[:MAX_WARNINGS] + [f"… and {extra} more warnings"]
    else:
        kept = list(warnings)

    report = Report(
        id=report_id(norm.text),
        source=source,
        title=meta.title,
        year=meta.year,
        published=meta.published,
        script=norm.script,
        issuer=issuer,
        chars=len(text),
        format=format,
        encoding=encoding,
        url=meta.url,
        doc_number=meta.doc_number,
        year_source=meta.year_source,
    )
    date = report_date(report.published, report.year)
    for c in citations:
        if c.linked:
            entry = catalog.get(c.law_id)
            if entry is not None:
                c.validity = entry.validity_on(date)
    if own_number:
        references = [r for r in references if not (r.span[0] < own_number[1] and own_number[0] < r.span[1])]
    references = [r for r in references if not foreign.overlaps(*r.span)]
    return Record(
        report=report,
        citations=citations,
        agencies=found_agencies,
        warnings=kept,
        references=references,
        producer=Producer(__version__, catalog.version),
    )


class _Warnings(list):
    """A report's warnings: the first ``keep`` are kept, the rest only counted. A text of
    nothing but unclosed 《 gave one warning string each (hundreds of MB per report)."""

    def __init__(self, keep: int):
        super().__init__()
        self.keep = keep
        self.dropped = 0

    def append(self, warning: str) -> None:
        if len(self) < self.keep:
            super().append(warning)
        else:
            self.dropped += 1


def _model_agencies(nlp, norm, ctx, known: list[Agency], titled) -> list[Agency]:
    """ORG entities of a statistical model that the rules did not already find."""
    from lawgraph.extract.spacy_model import org_entities

    taken = [a.span for a in known if a.span]
    out = []
    for start, end, surface in org_entities(nlp, norm.text):
        s, e = norm.orig_span(start, end)
        if any(a < e and s < b for a, b in taken + titled):
            continue
        parsed = agencies.parse_name(surface, ctx)
        out.append(
            Agency(
                name=parsed.name if parsed else surface,
                surface=norm.original[s:e],
                span=(s, e),
                role="mentioned",
                level=parsed.level if parsed else "unknown",
                region=parsed.region if parsed else None,
            )
        )
    return out


def report_id(normalised_text: str) -> str:
    return "report:" + hashlib.sha1(normalised_text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def extract_path(
    path: str,
    catalog: Catalog,
    nlp: object | None = None,
    *,
    time_limit: float | None = None,
    known: Known | None = None,
) -> Record | FileError:
    """Read and extract one file; any failure becomes a FileError naming the file.

    ``time_limit`` (seconds, default :func:`doc_time_limit`) bounds the whole document;
    ``known`` is what a manifest says about it.
    """
    return within_time_limit(path, lambda: _extract_path(path, catalog, nlp, known), time_limit)


def within_time_limit(source: str, work: Callable[[], Record | FileError], time_limit: float | None = None) -> Record | FileError:
    """Run one document's reading and extraction under the per-document time limit
    (``time_limit`` seconds, default :func:`doc_time_limit`); over it, a FileError."""
    limit = doc_time_limit() if time_limit is None else time_limit
    try:
        with _time_limit(limit):
            return work()
    except _TimeUp:
        log.warning("%s: extraction stopped after %g s", source, limit)
        return FileError(source=source, reason=f"extraction took longer than the {limit:g} s limit", stage="extract")


def _extract_path(path: str, catalog: Catalog, nlp: object | None, known: Known | None = None) -> Record | FileError:
    from lawgraph.extract.read import read_document

    try:
        doc = read_document(path)
    except ReadError as err:
        return FileError(source=path, reason=err.reason, stage="read")
    return extract_document(doc, catalog, nlp, known)


def extract_document(doc: Document, catalog: Catalog, nlp: object | None = None, known: Known | None = None) -> Record | FileError:
    """Extract a document that was read; a failure becomes a FileError naming it."""
    if doc.url and not (known and known.url):
        known = replace(known, url=doc.url) if known else Known(url=doc.url)  # the page's own address
    try:
        return extract_text(doc.text, doc.source, catalog=catalog, format=doc.format, encoding=doc.encoding, nlp=nlp, known=known)
    except Exception as err:  # one bad report must never stop a run
        log.exception("extraction failed for %s", doc.source)
        return FileError(source=doc.source, reason=f"extraction failed: {type(err).__name__}: {err}", stage="extract")


def doc_time_limit(environ=os.environ) -> float:
    """:data:`DOC_TIME_LIMIT`, or ``LAWGRAPH_DOC_TIME_LIMIT`` when set (0 = no limit)."""
    raw = environ.get(TIME_LIMIT_ENV, "").strip()
    if not raw:
        return DOC_TIME_LIMIT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise LawgraphError(f"{TIME_LIMIT_ENV}={raw!r}: give the per-document time limit in seconds (0 = no limit)")
    return value


class _TimeUp(BaseException):
    """Raised by the SIGALRM handler. A BaseException, so that the readers' and parsers'
    ``except Exception`` (which turn any failure into a reason) let it through."""


def _time_up(signum, frame):
    raise _TimeUp


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`_TimeUp` in the block after ``seconds``; no limit where a timer cannot
    be used (see :data:`DOC_TIME_LIMIT`)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # someone else's timer: leave it
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _time_up)
    try:
        signal.setitimer(signal.ITIMER_REAL, seconds)
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            # None: a handler installed from C; the default is the closest Python can put back.
            signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)


# ``lines=True`` gives JSON lines, else records: the types say which.
@overload
def iter_records(
    inputs: Sequence[str],
    *,
    catalog_files: Sequence[str] = ...,
    jobs: int = ...,
    spacy_model: str | None = ...,
    time_limit: float | None = ...,
    lines: Literal[False] = ...,
    manifest: Manifest | None = ...,
    exclude: Sequence[str] = ...,
) -> Iterator[Record | FileError]: ...
@overload
def iter_records(
    inputs: Sequence[str],
    *,
    catalog_files: Sequence[str] = ...,
    jobs: int = ...,
    spacy_model: str | None = ...,
    time_limit: float | None = ...,
    lines: Literal[True],
    manifest: Manifest | None = ...,
    exclude: Sequence[str] = ...,
) -> Iterator[RecordLine | FileError]: ...
def iter_records(
    inputs: Sequence[str],
    *,
    catalog_files: Sequence[str] = (),
    jobs: int = 1,
    spacy_model: str | None = None,
    time_limit: float | None = None,
    lines: bool = False,
    manifest: Manifest | None = None,
    exclude: Sequence[str] = (),
) -> Iterator[Record | RecordLine | FileError]:
    """Discover, read and extract every input, in a deterministic order.

    Skipped and failed files come out as :class:`FileError` (stage ``skip``/``read``/
    ``extract``), so every input is accounted for. ``jobs`` > 1 extracts in that many worker
    processes (0 = all cores); records still come out in input order, identical to ``jobs=1``.
    ``time_limit`` bounds each document (default :func:`doc_time_limit`; see :data:`DOC_TIME_LIMIT`).
    ``lines=True`` yields each record as a :class:`RecordLine` (serialised where it was
    extracted: with workers, the parent then only writes lines). ``manifest`` says what is
    known of each file (see :mod:`extract.manifest`). ``exclude``: the files and folders
    this run writes, never read as input (see :func:`extract.discover.discover`).
    A worker process that dies (killed, out of memory) fails the document it held
    ("worker process died …"); the run goes on with a new worker.
    """
    from lawgraph.extract.read import Problem, discover

    limit = doc_time_limit() if time_limit is None else time_limit
    jobs = check_jobs(jobs)
    if jobs == 1 or spacy_model:
        catalog = load_catalog(catalog_files)
        nlp = None
        if spacy_model:
            from lawgraph.extract.spacy_model import load_model

            nlp = load_model(spacy_model)
        for item in discover(inputs, exclude=exclude):
            if isinstance(item, Problem):
                yield _problem(item)
            else:
                known = manifest.get(item) if manifest else None
                yield _as_line(extract_path(item, catalog, nlp, time_limit=limit, known=known), lines)
        return

    from lawgraph.extract.workers import run_in_workers

    # A bad catalog file fails here, once, rather than in every worker.
    # (Cached and warmed: with fork, the workers inherit the catalog and its automata.)
    extract_text("", catalog=load_catalog(catalog_files))
    # Problems are answered in the parent; files go to workers, which may die (out of memory,
    # killed): their document then fails and the run goes on. Results keep input order.
    yield from run_in_workers(
        discover(inputs, exclude=exclude),
        jobs,
        is_task=lambda item: not isinstance(item, Problem),
        local=_problem,
        died=lambda path, reason: FileError(source=path, reason=reason, stage="extract"),
        initializer=_init_worker,
        initargs=(tuple(catalog_files), limit, lines, manifest),
        work=_work,
    )


def max_jobs() -> int:
    """The most worker processes a run may ask for: 4 per core (extraction is CPU-bound;
    more only costs memory)."""
    return 4 * (os.cpu_count() or 1)


def check_jobs(jobs: int) -> int:
    """``jobs`` as a number of processes (0 = all cores); LawgraphError when out of range."""
    most = max_jobs()
    if type(jobs) is not int or not 0 <= jobs <= most:
        raise LawgraphError(f"--jobs must be from 0 (all cores) to {most} (4 per core), not {jobs!r}")
    return jobs or os.cpu_count() or 1


def _problem(item) -> FileError:
    return FileError(source=item.source, reason=item.reason, stage="skip" if item.status == "skipped" else "read")


def _as_line(item: Record | FileError, lines: bool) -> Record | RecordLine | FileError:
    return RecordLine.of(item) if lines and isinstance(item, Record) else item


_WORKER_CATALOG: Catalog | None = None
_WORKER_TIME_LIMIT: float | None = None
_WORKER_LINES = False
_WORKER_MANIFEST: Manifest | None = None


def _init_worker(catalog_files: tuple[str, ...], time_limit: float | None = None, lines: bool = False, manifest: Manifest | None = None) -> None:
    """Build the catalog and its automata once per worker process."""
    global _WORKER_CATALOG, _WORKER_TIME_LIMIT, _WORKER_LINES, _WORKER_MANIFEST
    # Ctrl-C reaches the whole process group: the parent stops the workers, they stay quiet.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_CATALOG = load_catalog(catalog_files)
    _WORKER_TIME_LIMIT = time_limit
    _WORKER_LINES = lines
    _WORKER_MANIFEST = manifest
    extract_text("", catalog=_WORKER_CATALOG)  # warm the tables


def _work(item) -> Record | RecordLine | FileError:
    from lawgraph.extract.read import Problem

    if isinstance(item, Problem):
        return _problem(item)
    known = _WORKER_MANIFEST.get(item) if _WORKER_MANIFEST else None
    rec = extract_path(item, _WORKER_CATALOG or load_catalog(), time_limit=_WORKER_TIME_LIMIT, known=known)
    return _as_line(rec, _WORKER_LINES)
