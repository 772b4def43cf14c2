"""Opening the files a user names as inputs other than reports — records, catalogs, graph
files: regular files only.

A device (``/dev/zero`` never ends), a FIFO (opening or reading one waits for a writer that
may never come) or a folder is refused at once with one line naming it, instead of hanging
or growing memory until the run dies. Reports have the same checks in :mod:`extract.read`.
"""

from __future__ import annotations

import os
import stat
import io

from lawgraph.extract.errors import LawgraphError


class InputFileError(LawgraphError):
    """An input file that cannot be used: missing, unreadable, or not a regular file."""


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def open_regular(path: str | os.PathLike, what: str) -> io.BufferedReader:
    """Open ``path`` for reading in binary, if it is a regular file; else
    :class:`InputFileError` (``what`` names the kind of file: "records file", …).

    Opened non-blocking, so that a FIFO is refused after ``fstat`` instead of waiting.
    """
    shown = _shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as err:
        raise InputFileError(f"{shown}: no such {what}") from err
    except PermissionError as err:
        raise InputFileError(f"{shown}: permission denied") from err
    except IsADirectoryError as err:
        raise InputFileError(f"{shown}: a folder, not a {what}") from err
    except OSError as err:
        raise InputFileError(f"{shown}: cannot open ({err.strerror or err})") from err
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputFileError(f"{shown}: {kind_of(st.st_mode)}, not a regular file; give a {what}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _shown(path: str | os.PathLike) -> str:
    # Messages are printed escaped by the CLI; here only bytes paths are made text.
    return os.fsdecode(path) if isinstance(path, bytes) else os.fspath(path)
