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

#: The file that marks a folder as lawgraph's output (it is also the lock a build holds:
#: graph.outputs). Discovery never reads such a folder: a build's views are no reports.
OUTPUT_MARK = ".lawgraph.lock"
_OUTPUT_FOLDER = "lawgraph's output folder (never read as input)"
_OUTPUT_FILE = "lawgraph's output file (never read as input)"


def discover(inputs: Iterable[str], *, exclude: Iterable[str] = ()) -> Iterator[str | Problem]:
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
    * Outputs are never inputs: a folder marked by :data:`OUTPUT_MARK` (a build's ``--out``)
      and the files and folders in ``exclude`` (where this run writes) give
      ``Problem(status="skipped", reason="lawgraph's output …")``.
    * Folders are told apart by their identity (device, inode), never by resolving their
      path, so a walk costs the same at every depth: 2,000 nested folders take as long as
      2,000 side by side.
    """
    walker = _Discovery(exclude)
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

    def __init__(self, exclude: Iterable[str] = ()) -> None:
        self.files: dict[object, str] = {}  # file identity → first source
        self.dirs: dict[object, str] = {}  # folder identity → first source
        self.outputs: set[tuple[int, int]] = set()  # identities of this run's outputs
        for p in exclude:
            try:
                st = os.stat(p)
            except OSError:
                continue
            self.outputs.add((st.st_dev, st.st_ino))

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
        if (st.st_dev, st.st_ino) in self.outputs:
            yield Problem(source, _OUTPUT_FILE, "skipped")
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
        # Iterative depth-first walk; each stack entry holds a folder's remaining children.
        # ``above`` holds the identities of the folders on the current path, which is what a
        # symlink loop points back to (a set, kept in step with the stack: no per-level copy).
        above: set[object] = set()
        first = self._enter(top, above)
        if isinstance(first, Problem):
            yield first
            return
        stack = [first]
        while stack:
            children, identity = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                above.discard(identity)
                continue
            path, is_dir = child
            if not is_dir:
                yield from self._file(path)
                continue
            entered = self._enter(path, above)
            if isinstance(entered, Problem):
                yield entered
            else:
                stack.append(entered)

    def _enter(self, path: str, above: set[object]):
        source = _posix(path)
        try:
            st = os.stat(path)  # follows a symlinked folder to the folder itself
        except OSError as err:
            return Problem(source, _os_reason(err), "failed")
        identity = (st.st_dev, st.st_ino) if st.st_ino else os.path.realpath(path)
        if identity in above:
            return Problem(source, "symlink loop (links back to a folder above it)", "skipped")
        if identity in self.outputs:
            return Problem(source, _OUTPUT_FOLDER, "skipped")
        if identity in self.dirs:
            return Problem(source, f"duplicate path: same folder as {self.dirs[identity]}", "skipped")
        try:
            with os.scandir(path) as it:
                all_entries = [(e.name, e) for e in it]
        except OSError as err:
            self.dirs[identity] = source
            return Problem(source, _os_reason(err), "failed")
        if any(name == OUTPUT_MARK for name, _ in all_entries):
            return Problem(source, _OUTPUT_FOLDER, "skipped")
        self.dirs[identity] = source
        entries = [(name, _is_dir(e)) for name, e in all_entries if not _hidden(name)]
        # Sorting a folder's names with "/" after each sub-folder's name gives the order of the
        # full paths: "c.txt" < "c/" because "." < "/".
        entries.sort(key=lambda e: e[0] + "/" if e[1] else e[0])
        children = ((os.path.join(path, name), is_dir) for name, is_dir in entries)
        above.add(identity)
        return children, identity


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
