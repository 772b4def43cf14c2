"""Output folders and files: one writer at a time, outputs replaced as a set, nothing else
touched.

* :func:`locked` — one build owns an output folder at a time: an exclusive ``flock`` on
  ``OUT/.lawgraph.lock`` (which stays, and also marks the folder as lawgraph's output, so
  that discovery never reads it as input). A second build fails at once with a message
  naming the folder and the process that holds it. Under the lock, what a killed run left
  behind (hidden ``*.tmp`` files, staging folders) is removed.
* :class:`Staging` — every output of a run is written into a hidden staging folder in the
  output folder (same file system), then :meth:`Staging.commit` moves them all into place
  with renames, Ctrl-C held off while it does. A failure or an interruption before the
  commit leaves every previous output as it was.
* :func:`check_output_file` — a file a writer is told to replace must be a regular file
  (or not exist yet) in a folder that exists: never a device, a FIFO or a folder.
* :func:`os_error` — an :class:`OSError` that names the file (a failed ``write`` does not).

POSIX only for the lock (``fcntl``); elsewhere builds are not locked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
from pathlib import Path
from typing import Iterator

from lawgraph.extract.errors import LawgraphError
from lawgraph.graph.neutral import shown_name

#: The lock file, and the mark of a lawgraph output folder.
LOCK_NAME = ".lawgraph.lock"
_STAGE_PREFIX = ".stage-"
_OLD_PREFIX = ".old-"


class OutputError(LawgraphError):
    """An output that cannot be written where it was asked for."""


class OutputBusy(OutputError):
    """Another lawgraph process is writing the same output."""


def os_error(err: OSError, path: str | os.PathLike) -> OSError:
    """``err`` with ``path`` as its file name when it has none (a failed write or flush)."""
    if err.filename is not None:
        return err
    named = OSError(err.errno, err.strerror or str(err), os.fspath(path))
    named.__cause__ = err
    return named


class _Named:
    """A text file whose failed writes name it (see :func:`named_writes`)."""

    def __init__(self, fh, path: Path):
        self._fh = fh
        self._path = path

    def write(self, text: str) -> int:
        try:
            return self._fh.write(text)
        except OSError as err:
            raise os_error(err, self._path) from err


@contextlib.contextmanager
def named_writes(path: str | os.PathLike) -> Iterator[_Named]:
    """A new UTF-8 text file (``\\n`` line ends) whose write, flush and close errors name it
    (``No space left on device`` alone says not which file)."""
    path = Path(path)
    try:
        fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 — handed to the caller
    except OSError as err:
        raise os_error(err, path) from err
    try:
        yield _Named(fh, path)
    finally:
        try:
            fh.close()
        except OSError as err:
            raise os_error(err, path) from err


@contextlib.contextmanager
def locked(folder: str | os.PathLike, lock_name: str = LOCK_NAME) -> Iterator[Path]:
    """Hold the exclusive lock of an output folder (created if missing) for the block.

    ``lock_name`` other than the default locks one file beside others (``--graph FILE``
    outside the output folder): ``.FILE.lock``, which marks nothing.
    """
    folder = Path(folder)
    try:
        import fcntl
    except ImportError:  # pragma: no cover — not POSIX: no lock
        yield folder
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise OutputError(f"{shown_name(folder)}: not a folder") from err
    lock_path = folder / lock_name
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as err:
        raise os_error(err, lock_path) from err
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise os_error(err, lock_path) from err
            holder = _read_pid(fd)
            who = f" (process {holder})" if holder else ""
            raise OutputBusy(
                f"{shown_name(folder)}: another lawgraph{who} is writing this output; wait for it to finish, or write elsewhere (--out DIR)"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        remove_leftovers(folder, lock_name)
        yield folder
    finally:
        os.close(fd)  # closing releases the lock; the file stays as the folder's mark


def _read_pid(fd: int) -> int | None:
    try:
        data = os.pread(fd, 32, 0)
        return int(data.split()[0]) if data.strip() else None
    except (OSError, ValueError, IndexError):
        return None


def is_output_folder(names: Iterator[str] | list[str] | set[str]) -> bool:
    """Whether a folder with these entry names is a lawgraph output folder."""
    return LOCK_NAME in names


def remove_leftovers(folder: Path, lock_name: str = LOCK_NAME) -> list[Path]:
    """What a killed run left in ``folder``: hidden temporary files, staging and old-output
    folders. Called under the folder's lock, so nobody is writing them."""
    removed: list[Path] = []
    prefix = "." if lock_name == LOCK_NAME else lock_name[: -len(".lock")] + "."
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for e in entries:
        name = e.name
        try:
            if e.is_dir(follow_symlinks=False) and lock_name == LOCK_NAME and name.startswith((_STAGE_PREFIX, _OLD_PREFIX)):
                shutil.rmtree(e.path, ignore_errors=True)
            elif e.is_file(follow_symlinks=False) and name.startswith(prefix) and name.endswith(".tmp"):
                os.unlink(e.path)
            else:
                continue
        except OSError:
            continue
        removed.append(Path(e.path))
    return removed


class Staging:
    """A hidden folder inside ``out`` where a run writes its outputs before they replace the
    old ones together (:meth:`commit`); removed if the run fails.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> with Staging(out) as st:
    ...     _ = st.path("a.txt").write_text("new")
    ...     st.commit({"a.txt": out / "a.txt"})
    >>> (out / "a.txt").read_text(), sorted(p.name for p in out.iterdir())
    ('new', ['a.txt'])
    """

    def __init__(self, out: str | os.PathLike):
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=_STAGE_PREFIX, dir=self.out))
        self.committed = False

    def path(self, name: str) -> Path:
        return self.dir / name

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def shown(self, path: str | os.PathLike) -> str:
        """A staged path as the path it will have (for messages)."""
        p = os.fspath(path)
        d = os.fspath(self.dir)
        return os.fspath(self.out) + p[len(d) :] if p.startswith(d + os.sep) or p == d else p

    def commit(self, moves: dict[str, Path], extra: dict[Path, Path] | None = None) -> None:
        """Move staged ``name → destination`` (files or folders) and ``extra`` temporary files
        (``tmp → destination``, e.g. a graph file kept outside ``out``) into place.

        Renames only, so it cannot run out of space; Ctrl-C is held until it is done, so a
        run is interrupted either before (every old output kept) or after (every new one in
        place). A folder replaces the old folder of that name whole.
        """
        with _sigint_deferred():
            for tmp, dest in (extra or {}).items():
                os.replace(tmp, dest)
            for name, dest in moves.items():
                src = self.dir / name
                if src.is_dir() and not src.is_symlink():
                    _replace_folder(src, dest, self.out)
                else:
                    os.replace(src, dest)
            self.committed = True


def _replace_folder(src: Path, dest: Path, out: Path) -> None:
    old = None
    if dest.is_dir() and not dest.is_symlink():
        old = Path(tempfile.mkdtemp(prefix=_OLD_PREFIX, dir=out))
        os.rename(dest, old / "x")
    elif os.path.lexists(dest):
        os.unlink(dest)
    os.rename(src, dest)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _sigint_deferred() -> Iterator[None]:
    """SIGINT held off for the block (delivered when it ends); a no-op off the main thread."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def check_output_file(path: str | os.PathLike) -> Path:
    """Refuse to write ``path`` unless it is a regular file or does not exist yet, in a folder
    that exists (nothing is created silently). Returns it as a Path."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        parent = path.parent
        if not parent.is_dir():
            raise OutputError(f"{shown_name(path)}: the folder {shown_name(parent)} does not exist; create it first") from None
        return path
    except OSError as err:
        raise os_error(err, path) from err
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{shown_name(path)}: is a folder; give a file name")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"{shown_name(path)}: {special_kind(st.st_mode)}, not a regular file; lawgraph writes only files")
    return path


def check_output_folder(path: str | os.PathLike) -> Path:
    """A folder an export writes into: a folder or nothing yet, in a folder that exists."""
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if not path.parent.is_dir():
            raise OutputError(f"{shown_name(path)}: the folder {shown_name(path.parent)} does not exist; create it first") from None
        return path
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{shown_name(path)}: not a folder ({special_kind(st.st_mode)}); this export writes a folder")
    return path


def special_kind(mode: int) -> str:
    """What a non-regular file is, in words (one wording for inputs and outputs)."""
    from lawgraph.extract.files import kind_of

    return "a regular file" if stat.S_ISREG(mode) else kind_of(mode)
