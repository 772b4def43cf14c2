"""Safe file names for views and exports.

Every file a view or export writes is named from a short ASCII slug of a node's id plus a
hash of the whole id — never from a title, a name or a report's source path. Whatever a
report contains (``../``, an absolute path, ``CON``/``NUL``, 500 characters of Chinese),
the file lands inside the output folder, under a name every file system accepts.

>>> slug("law:统计法")
'law-1093176909'
>>> slug("doc:bd2ed1ba1bf4695e")
'doc-bd2ed1ba1bf4695e-ac0f734c57'
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from lawgraph.extract.errors import LawgraphError

#: Longest ASCII part of a slug; with the prefix hash a name stays far below 255 bytes.
MAX_ASCII = 40
HASH_CHARS = 10

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


class UnsafePathError(LawgraphError):
    """A file name that would leave the output folder (a bug: names come from :func:`slug`)."""


def short_hash(text: str, n: int = HASH_CHARS) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:n]


def slug(node_id: str) -> str:
    """``[a-z0-9-]`` only: the id's ASCII letters and digits (at most 40), a dash, a hash.

    The hash keeps ids apart whose ASCII parts agree (``law:统计法`` and ``law:保密法``);
    the trailing hash also means a slug is never a reserved device name (CON, NUL, COM1).
    """
    ascii_part = _NOT_SLUG.sub("-", node_id.lower()).strip("-")[:MAX_ASCII].strip("-")
    h = short_hash(node_id)
    return f"{ascii_part}-{h}" if ascii_part else f"n-{h}"


def safe_join(root: str | os.PathLike, *parts: str) -> Path:
    """``root / parts…``, refusing anything that resolves outside ``root``.

    Parts are our own names (folders like ``laws`` and slugs), so a refusal means a bug;
    it is checked anyway because a view writer must never write elsewhere.
    """
    base = Path(root).resolve()
    for p in parts:
        if not p or p in (".", "..") or "/" in p or "\\" in p or "\x00" in p or not p.isascii():
            raise UnsafePathError(f"unsafe file name part {p!r}")
    path = base.joinpath(*parts).resolve()
    if path != base and base not in path.parents:
        raise UnsafePathError(f"{path} is outside {base}")
    return path


def write_text(path: Path, text: str) -> Path:
    """Write UTF-8 text with ``\\n`` line ends (explicitly: never the locale's encoding);
    errors name the file (a full disk included)."""
    from lawgraph.graph.outputs import os_error

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as err:
        raise os_error(err, path) from err
    return path
