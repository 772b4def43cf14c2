"""A citation's validity at the report's date, as the pages show it: a warning with the
successor, on the law, agency and report pages (the rule: graph.model.citation_validity)."""

from __future__ import annotations

from typing import Any

from lawgraph.graph.model import citation_validity
from lawgraph.graph.views.data import ViewData
from lawgraph.graph.views.i18n import tr
from lawgraph.graph.views.page import Html, join, link, tag

VALIDITY_CSS = ".stale{color:#a40000;font-weight:600}"


def stale_badge(data: ViewData, report_attrs: dict[str, Any], law_attrs: dict[str, Any], root: str) -> Html | str:
    """ "Repealed at the report's date (2021-01-01) → successor", "Not yet in force at the
    report's date (from …)", or "" when the document was in force (or nothing is known)."""
    validity = citation_validity(report_attrs, law_attrs)
    if validity is None:
        return ""
    if validity == "repealed":
        text = tr("Repealed at the report's date ({date})").format(date=law_attrs.get("repealed"))
    else:
        text = tr("Not yet in force at the report's date (from {date})").format(date=law_attrs.get("in_force_from"))
    parts: list[Any] = [tag("span", "⚠ " + text, class_="stale")]
    successor = law_attrs.get("successor")
    if successor:
        known = data.laws.get(successor)
        target = link(root + known.href, known.title) if known is not None else successor
        parts += [" → ", tr("Successor"), ": ", target]
    return join(parts)
