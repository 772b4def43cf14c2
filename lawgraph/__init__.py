"""lawgraph: a citation knowledge graph for Chinese government reports.

The installed namespace: ``lawgraph.extract`` → records → ``lawgraph.graph`` →
``lawgraph.queries``, views and exports, and the command line (``lawgraph.cli``,
``lawgraph.commands``) at the end of the flow. This module holds only the version, which
every stage stamps on what it writes; it imports nothing of the project.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__: str  # set on first use (see __getattr__)


def _version() -> str:
    # One source of truth: the version in pyproject.toml, as installed. A source tree that
    # was never installed has no metadata; say so rather than invent a number.
    found = _dist_info_version()
    if found:
        return found
    from importlib import metadata

    try:
        return metadata.version("lawgraph")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _dist_info_version() -> str | None:
    """The Version line of lawgraph's installed metadata, found as importlib.metadata finds
    it (the first folder on sys.path that holds it) without importing importlib.metadata
    (~0.03 s, a sixth of a one-file extract's start-up: it parses e-mail headers); its
    ``lawgraph-*.dist-info/METADATA`` or ``lawgraph*.egg-info/PKG-INFO``. None when the
    answer is not that plain (two in one folder, no Version line): then
    importlib.metadata decides."""
    import os
    import sys

    for folder in sys.path:
        try:
            names = [n for n in os.listdir(folder or ".") if n.lower().startswith(("lawgraph-", "lawgraph.")) and n.endswith((".dist-info", ".egg-info"))]
        except OSError:
            continue
        if not names:
            continue
        if len(names) != 1:
            return None
        headers = "METADATA" if names[0].endswith(".dist-info") else "PKG-INFO"
        try:
            with open(os.path.join(folder or ".", names[0], headers), encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("Version:"):
                        return line[len("Version:") :].strip() or None
                    if not line.strip():
                        break  # the end of the headers
        except (OSError, UnicodeDecodeError):
            pass
        return None
    return None


def __getattr__(name: str) -> str:
    # Looked up when first asked for (PEP 562): importlib.metadata costs a start-up
    # (`lawgraph --help`) a third of its import time, and only what writes records needs it.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    global __version__
    __version__ = _version()
    return __version__
