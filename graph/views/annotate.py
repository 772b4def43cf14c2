"""The annotated report: the report's own text, each citation and agency highlighted and
linked to its page (eyecite's ``annotate`` idea).

Spans in the graph index into the original text, so the text is read again from the
report's ``source`` with :func:`extract.read.read_document`, exactly as the extractor read
it. The text is used only if it is still the text that was extracted (its report id, a
hash of the normalised text, matches); otherwise, or when the file is gone, there is no
annotated page for that report and the reports index says why.

Overlapping spans (a title nested in a title, an agency named inside a title) are cut
into segments; each segment links to the innermost citation covering it, else to the
agency.
"""

from __future__ import annotations

import bisect

import logging
import os
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from lawgraph.extract.intervals import Intervals
from lawgraph.extract.records import CATEGORIES
from lawgraph.graph.views.data import CATEGORY_COLOURS, ReportInfo, ViewData, category_colour
from lawgraph.graph.views.i18n import tr
from lawgraph.graph.views.page import Html, definition_list, document, h, join, link, number, table, tag
from lawgraph.graph.views.validity import VALIDITY_CSS, stale_badge

log = logging.getLogger(__name__)


@dataclass
class Source:
    """The text of a report, or why there is none."""

    text: str | None
    reason: str | None = None


def load_source(report: ReportInfo, roots: Sequence[str | os.PathLike] = ()) -> Source:
    """Read the report's source again; ``Source(None, reason)`` when it is not usable.

    A relative source is tried as given (relative to the working folder, as at build time)
    and then under each of ``roots``.
    """
    from lawgraph.extract.errors import ReadError
    from lawgraph.extract.read import read_document

    source = report.attrs.get("source")
    if not source:
        return Source(None, "no source recorded")
    if "://" in source:
        return Source(None, "source is a URL, not a local file")
    candidates = [source]
    if not os.path.isabs(source):
        candidates += [os.path.join(os.fspath(r), source) for r in roots]
    reason = "source file not found"
    for path in candidates:
        if not os.path.exists(path):
            continue
        try:
            text = read_document(path).text
        except ReadError as err:
            reason = f"source not readable: {err.reason}"
            continue
        if _same_text(report, text):
            return Source(text)
        reason = "source file changed since the graph was built"
    return Source(None, reason)


def _same_text(report: ReportInfo, text: str) -> bool:
    try:
        from lawgraph.extract.normalise import normalise
        from lawgraph.extract.pipeline import report_id

        return report_id(normalise(text).text) == report.id
    except Exception:  # an extractor of another version: fall back to the length
        log.debug("cannot recompute the report id of %s", report.id, exc_info=True)
        return report.attrs.get("chars") == len(text)


class _Spans:
    """Disjoint spans added one by one, with O(log n) overlap checks."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add_span(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _overlaps_found(spans: _Spans, start: int, end: int) -> bool:
    i = bisect.bisect_left(spans.starts, end) - 1  # the last span starting before `end`
    return i >= 0 and spans.ends[i] > start


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # cite | agency
    target: str  # node id


def marks(report: ReportInfo, text: str, data: ViewData) -> list[Mark]:
    """Every citation and agency occurrence of a report, as spans into ``text``."""
    n = len(text)
    out: list[Mark] = []
    for law_id, props in report.cites:
        for span in props.get("spans") or ():
            s, e = int(span[0]), int(span[1])
            if 0 <= s < e <= n:
                out.append(Mark(s, e, "cite", law_id))
    for agency_id, props in report.mentions:
        for span in props.get("spans") or ():
            s, e = int(span[0]), int(span[1])
            if 0 <= s < e <= n:
                out.append(Mark(s, e, "agency", agency_id))
    # The issuer's own names have no spans in the graph (ISSUED keeps its surfaces): find them.
    taken = [(m.start, m.end) for m in out]
    covered = Intervals(taken)  # citation and mention spans; issuer names found below are disjoint
    for issuer in report.issuers:
        names = {data.agencies[issuer].name, *(data.agencies[issuer].attrs.get("aliases") or ())}
        found_here = _Spans()
        for name in sorted(names, key=lambda x: (-len(x), x)):
            if len(name) < 2:
                continue
            i = text.find(name)
            while i >= 0:
                j = i + len(name)
                if not covered.overlaps(i, j) and not _overlaps_found(found_here, i, j):
                    out.append(Mark(i, j, "agency", issuer))
                    found_here.add_span(i, j)
                i = text.find(name, j)
    return sorted(set(out), key=lambda m: (m.start, -m.end, m.kind, m.target))


def annotate(text: str, found: Iterable[Mark], href: dict[str, str], names: dict[str, str]) -> Html:
    """``text`` as HTML with every mark a link; overlapping marks are split into segments."""
    found = list(found)
    cuts = sorted({0, len(text), *(m.start for m in found), *(m.end for m in found)})
    out: list[str] = []
    prev: tuple[Any, ...] | None = None
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        body = h("".join(run))
        if prev is None:
            out.append(body)
        else:
            kind, target, depth = prev
            cls = "cite" if kind == "cite" else "agency"
            if depth > 1:
                cls += " nested"
            extra = f" {_category_class(names.get('cat:' + target))}" if kind == "cite" else ""
            out.append(f'<a class="{cls}{extra}" href="{h(href[target])}" title="{h(names.get(target, target))}">{body}</a>')
        run.clear()

    active: list[Mark] = []
    by_start = sorted(found, key=lambda m: m.start)
    k = 0
    for a, b in zip(cuts, cuts[1:]):
        while k < len(by_start) and by_start[k].start <= a:
            active.append(by_start[k])
            k += 1
        active = [m for m in active if m.end > a]
        covering = [m for m in active if m.start <= a and m.end >= b]
        cites = [m for m in covering if m.kind == "cite"]
        if cites:
            inner = min(cites, key=lambda m: (m.end - m.start, m.target))
            key: tuple[Any, ...] | None = ("cite", inner.target, len(cites))
        elif covering:
            inner = min(covering, key=lambda m: (m.end - m.start, m.target))
            key = ("agency", inner.target, 1)
        else:
            key = None
        if key != prev:
            flush()
            prev = key
        run.append(text[a:b])
    flush()
    return Html("".join(out))


def _category_class(category: str | None) -> str:
    return f"cat{CATEGORIES.index(category)}" if category in CATEGORIES else "catx"


ANNOTATE_CSS = (
    ".text{white-space:pre-wrap;word-break:break-word;line-height:1.9;border:1px solid var(--line);"
    "border-radius:6px;padding:.8em 1em;background:#fcfcfd;max-width:60em}\n"
    ".text a{text-decoration:none;color:inherit;border-radius:2px}\n"
    ".text a.cite{background:#eef3fc;border-bottom:2px solid #4e79a7}\n"
    ".text a.cite.nested{background:#dbe6fa}\n"
    ".text a.agency{background:#fdf2e3;border-bottom:2px dotted #b06000}\n"
    ".text a:hover{background:#ffe58f}\n" + "".join(f".text a.cat{i}{{border-bottom-color:{CATEGORY_COLOURS[c]}}}\n" for i, c in enumerate(CATEGORIES))
)


def render(report: ReportInfo, text: str, data: ViewData, *, root: str = "../") -> str:
    """The annotated page of one report (its file is ``reports/<slug>.html``)."""
    href: dict[str, str] = {}
    names: dict[str, str] = {}
    for law_id, _ in report.cites:
        law = data.laws[law_id]
        href[law_id] = root + law.href
        names[law_id] = f"{law.title}（{law.category or tr('uncategorised')}）"
        names["cat:" + law_id] = law.category or ""
    agency_ids = {a for a, _ in report.mentions} | set(report.issuers)
    for a_id in agency_ids:
        href[a_id] = root + data.agencies[a_id].href
        names[a_id] = data.agencies[a_id].name
    found = marks(report, text, data)
    attrs = report.attrs
    meta_rows = [
        (tr("Year"), attrs.get("year")),
        (tr("Published"), attrs.get("published")),
        (tr("Issuer"), join((link(root + data.agencies[a].href, data.agencies[a].name) for a in report.issuers), "、") or "—"),
        (tr("Source"), attrs.get("source")),
        (tr("Script"), attrs.get("script")),
        (tr("Characters"), number(len(text))),
    ]
    cite_rows = []
    for law_id, props in sorted(report.cites, key=lambda t: (min((s[0] for s in t[1].get("spans") or [[0]]), default=0), t[0])):
        law = data.laws[law_id]
        cite_rows.append(
            (
                link(root + law.href, law.title),
                Html(f'<span class="swatch" style="background:{h(category_colour(law.category))}"></span>') + (law.category or "—"),
                props.get("count"),
                "、".join(props.get("functions") or ()),
                "、".join(props.get("kinds") or ()),
                stale_badge(data, attrs, law.attrs, root),
            )
        )
    body = join(
        [
            tag("h1", report.title),
            definition_list(meta_rows),
            tag(
                "p",
                tr("{c} citations and {a} agency names highlighted; each links to its page. ").format(
                    c=number(sum(1 for m in found if m.kind == "cite")), a=number(sum(1 for m in found if m.kind == "agency"))
                ),
                tag("span", tr("cited document"), class_="legend-cite"),
                " · ",
                tag("span", tr("Agency"), class_="legend-agency"),
                class_="muted",
            ),
            tag("div", annotate(text, found, href, names), class_="text", id="text"),
            tag("h2", tr("Cited documents")),
            table([tr("Document"), tr("Category"), tr("Times"), tr("Function"), tr("Kind"), tr("Validity at the report's date")], cite_rows),
        ]
    )
    css = (
        ANNOTATE_CSS
        + VALIDITY_CSS
        + ".legend-cite{background:#eef3fc;border-bottom:2px solid #4e79a7}.legend-agency{background:#fdf2e3;border-bottom:2px dotted #b06000}"
    )
    return document(report.title, body, root=root, styles=[css], page_name="report")
