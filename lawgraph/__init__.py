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
    from importlib import metadata

    try:
        return metadata.version("lawgraph")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def __getattr__(name: str) -> str:
    # Looked up when first asked for (PEP 562): importlib.metadata costs a start-up
    # (`lawgraph --help`) a third of its import time, and only what writes records needs it.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    global __version__
    __version__ = _version()
    return __version__
