"""The measures the pages show, as the canned queries answer them.

Co-citation, agency similarity, the top documents and agencies are each defined once, in
:mod:`queries` (a ``.cypher`` file and its in-memory twin); the pages render those rows, so
an agency page and ``lawgraph query similar-agencies`` cannot disagree. Answers are cached
per build (a law's co-cited documents serve its page and the co-citation network). Where
the backend can answer ``similar-agencies`` for every agency at once
(:func:`queries.run_each`: the in-memory store), the first question fetches every agency's
answer, since the pages ask for every agency; one query per agency took minutes on a graph
of 8,000 nodes.
"""

from __future__ import annotations

from typing import Any, Iterable

from lawgraph.queries import run, run_each

#: "All rows" for queries that take a limit (the graph never has this many nodes).
ALL = 10**9


class Measures:
    def __init__(self, store: Any):
        self.store = store
        self._cocited: dict[str, list[dict[str, Any]]] = {}
        self._similar: dict[str, list[dict[str, Any]]] | None = None

    def _rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        # Ids are passed as they are: no name resolution (resolve=False).
        return run(self.store, query, params, resolve=False).rows

    def co_cited(self, law_id: str) -> list[dict[str, Any]]:
        """``co-cited`` for ``law_id``, every row (reports citing both, best first)."""
        rows = self._cocited.get(law_id)
        if rows is None:
            rows = self._cocited[law_id] = self._rows("co-cited", law_id=law_id, limit=ALL)
        return rows

    def similar_agencies(self, agency_id: str) -> list[dict[str, Any]]:
        """``similar-agencies`` for ``agency_id``, every row (Jaccard, best first)."""
        if self._similar is None:
            self._similar = run_each(self.store, "similar-agencies", {"limit": ALL}) or {}
        rows = self._similar.get(agency_id)
        if rows is None:
            rows = self._similar[agency_id] = self._rows("similar-agencies", agency_id=agency_id, limit=ALL)
        return rows

    def cocitation_pairs(self, laws: Iterable[str]) -> dict[tuple[str, str], int]:
        """``(a, b)`` with a < b, both in ``laws`` → reports citing both (from ``co-cited``)."""
        keep = set(laws)
        pairs: dict[tuple[str, str], int] = {}
        for law in sorted(keep):
            for row in self.co_cited(law):
                other = row["law_id"]
                if other in keep and law < other:
                    pairs[(law, other)] = row["reports"]
        return pairs

    def article_citers(self, law_id: str, article: str) -> list[dict[str, Any]]:
        """``agencies-citing-article``: the agencies whose reports name this article."""
        return self._rows("agencies-citing-article", law_id=law_id, article=article)

    def top_laws(self, limit: int = 20) -> list[dict[str, Any]]:
        return self._rows("top-laws", limit=limit)

    def top_agencies(self, limit: int = 20) -> list[dict[str, Any]]:
        return self._rows("top-agencies", limit=limit)
