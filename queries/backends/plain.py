"""Driver values as plain JSON-able Python (for ``lawgraph cypher`` output)."""

from __future__ import annotations

import datetime as _dt
from typing import Any


def plain(value: Any) -> Any:
    """A driver value as plain JSON-able Python: nodes and relationships as dicts, temporal
    values as ISO text (for ``lawgraph cypher`` output)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
        return value.isoformat()
    iso = getattr(value, "iso_format", None)
    if callable(iso):  # neo4j.time types
        return iso()
    labels = getattr(value, "labels", None)
    props = getattr(value, "properties", None)
    if props is None and hasattr(value, "items") and hasattr(value, "element_id"):
        props = dict(value.items())
    if props is not None or labels is not None:
        out: dict[str, Any] = {}
        if labels is not None:
            out["labels"] = sorted(labels) if not isinstance(labels, str) else [labels]
        rel = getattr(value, "relation", None) or getattr(value, "type", None)
        if isinstance(rel, str):
            out["type"] = rel
        out["properties"] = plain(dict(props or {}))
        return out
    return str(value)
