"""lawgraph: a citation knowledge graph for Chinese government reports.

The installed namespace: ``lawgraph.extract`` → records → ``lawgraph.graph`` →
``lawgraph.queries``, views and exports, and the command line (``lawgraph.cli``,
``lawgraph.commands``) at the end of the flow. This module holds only the version, which
every stage stamps on what it writes; it imports nothing of the project.
"""

from __future__ import annotations

from importlib import metadata as _metadata


def _version() -> str:
    # One source of truth: the version in pyproject.toml, as installed. A source tree that
    # was never installed has no metadata; say so rather than invent a number.
    try:
        return _metadata.version("lawgraph")
    except _metadata.PackageNotFoundError:
        return "0+unknown"


__version__ = _version()

__all__ = ["__version__"]
