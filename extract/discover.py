"""Paths a user gives → the files to read, in a deterministic order, and a :class:`Problem`
for every input that will not be read (and why): nothing is silently lost."""

from __future__ import annotations

import errno
import glob
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Extension (lower case, with the dot; "" = none) → format. Files without an extension are text.
FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    "": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

# A format we cannot read but a user may well have: say what to do about it.
_FORMAT_HINTS = {
    ".doc": "save it as .docx",
    ".wps": "save it as .docx",
    ".rtf": "save it as .docx",
    ".odt": "save it as .docx",
}


@dataclass
class Problem:
    """An input that will not be read, and why."""

    source: str
    reason: str  # one line, names the problem
    status: str  # "skipped" (deliberately not read) or "failed" (should have been readable)


def format_of(path: str) -> str | None:
    """The format a path is read as, from its extension; None if unsupported.

    >>> format_of("a/报告.HTM"), format_of("README"), format_of("scan.png")
    ('html', 'txt', None)
    """
    return FORMATS.get(_extension(path))


def _extension(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[1].lower()


def _unsupported(path: str) -> str:
    ext = _extension(path)
    hint = _FORMAT_HINTS.get(ext)
    return f"unsupported format ({ext})" + (f"; {hint}" if hint else "")


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


_GLOB_MAGIC = re.compile(r"[*?[]")


def discover(inputs: Iterable[str]) -> Iterator[str | Problem]:
    """Yield the files to read (paths as ``str``) and a :class:`Problem` for everything else.

    * Inputs are handled in the order given. A file is yielded as given; a folder is walked
      recursively, in order of path within it (``a/c.txt`` before ``a/c/d.txt``); a glob pattern
      (``*``, ``?``, ``[…]``, ``**``) is expanded, matches sorted by path, and each match
      handled like an input. A path that exists is never treated as a pattern.
    * Each real file is yielded once: a file reached again (through a symlink, a hard link,
      an overlapping input) gives ``Problem(status="skipped", reason="duplicate path: …")``.
    * Symlinked folders are followed; a link back to a folder being walked gives
      ``Problem(status="skipped", reason="symlink loop …")`` and the walk goes on.
    * Names starting with "." (and Word's "~$" lock files) inside folders are skipped silently;
      a hidden file given explicitly (or matched by a pattern that spells out the dot) is read.
    * An unsupported extension gives ``Problem(status="skipped", reason="unsupported format (.png)")``;
      a missing path ``Problem(status="failed", reason="no such file or directory")``.
    """
    walker = _Discovery()
    for raw in inputs:
        raw = os.fspath(raw)
        if os.path.lexists(raw):
            yield from walker.visit(raw)
        elif _GLOB_MAGIC.search(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            if not matches:
                yield Problem(_posix(raw), "no file matches this pattern", "failed")
            walked: set[str] = set()
            for match in matches:
                # "reports/**" matches a folder and then everything in it: walk the folder once.
                if _inside(match, walked):
                    continue
                if os.path.isdir(match):
                    walked.add(os.path.normpath(match))
                yield from walker.visit(match)
        else:
            yield Problem(_posix(raw), "no such file or directory", "failed")


def _inside(path: str, folders: set[str]) -> bool:
    parent = os.path.dirname(os.path.normpath(path))
    while parent and parent not in folders:
        if parent == os.path.dirname(parent):
            return False
        parent = os.path.dirname(parent)
    return bool(parent)


class _Discovery:
    """State of one :func:`discover` run: what has been seen, so each file comes once."""

    def __init__(self) -> None:
        self.files: dict[object, str] = {}  # file identity → first source
        self.dirs: dict[str, str] = {}  # real path → first source

    def visit(self, path: str) -> Iterator[str | Problem]:
        if os.path.isdir(path):
            yield from self._walk(path)
        else:
            yield from self._file(path)

    def _file(self, path: str) -> Iterator[str | Problem]:
        source = _posix(path)
        if format_of(path) is None:
            yield Problem(source, _unsupported(path), "skipped")
            return
        try:
            st = os.stat(path)
        except OSError as err:
            if err.errno == errno.ELOOP:
                yield Problem(source, "symlink loop", "skipped")
            elif os.path.islink(path) and isinstance(err, FileNotFoundError):
                yield Problem(source, "broken symlink", "failed")
            else:
                yield Problem(source, _os_reason(err), "failed")
            return
        if not stat.S_ISREG(st.st_mode):
            yield Problem(source, "not a regular file", "skipped")
            return
        # The inode identifies hard links and symlinked files alike; some file systems have none.
        identity = (st.st_dev, st.st_ino) if st.st_ino else os.path.realpath(path)
        first = self.files.get(identity)
        if first is not None:
            yield Problem(source, f"duplicate path: same file as {first}", "skipped")
            return
        self.files[identity] = source
        yield source

    def _walk(self, top: str) -> Iterator[str | Problem]:
        # Iterative depth-first walk; each stack entry holds a folder's remaining children and
        # the real paths of the folders above it, which is what a symlink loop points back to.
        first = self._enter(top, ())
        if isinstance(first, Problem):
            yield first
            return
        stack = [first]
        while stack:
            children, ancestors = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                continue
            path, is_dir = child
            if not is_dir:
                yield from self._file(path)
                continue
            entered = self._enter(path, ancestors)
            if isinstance(entered, Problem):
                yield entered
            else:
                stack.append(entered)

    def _enter(self, path: str, ancestors: tuple[str, ...]):
        source = _posix(path)
        real = os.path.realpath(path)
        if real in ancestors:
            return Problem(source, "symlink loop (links back to a folder above it)", "skipped")
        if real in self.dirs:
            return Problem(source, f"duplicate path: same folder as {self.dirs[real]}", "skipped")
        self.dirs[real] = source
        try:
            with os.scandir(path) as it:
                entries = [(e.name, _is_dir(e)) for e in it if not _hidden(e.name)]
        except OSError as err:
            return Problem(source, _os_reason(err), "failed")
        # Sorting a folder's names with "/" after each sub-folder's name gives the order of the
        # full paths: "c.txt" < "c/" because "." < "/".
        entries.sort(key=lambda e: e[0] + "/" if e[1] else e[0])
        children = ((os.path.join(path, name), is_dir) for name, is_dir in entries)
        return children, ancestors + (real,)


def _hidden(name: str) -> bool:
    # "~$report.docx" is the lock file Word leaves beside an open document.
    return name.startswith((".", "~$"))


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks
    except OSError:
        return False


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if err.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot read: {err.strerror or err}"
