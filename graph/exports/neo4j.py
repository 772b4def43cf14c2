"""The neo4j-admin bulk-import files, re-exported through the export registry.

The files themselves are :mod:`graph.neo4j_admin`'s (issue 3: one CSV per label and per
relationship kind, and ``schema.cypher``); this adapter only gives them their place in
:func:`graph.exports.write_exports`, hence in ``lawgraph build``'s exports folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def write(store, out_dir: str | os.PathLike) -> list[Path]:
    from lawgraph.graph.neo4j_admin import write_import_files

    return [Path(p) for p in write_import_files(store, out_dir)]
