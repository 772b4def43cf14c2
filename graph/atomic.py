"""The one atomic file writer: a hidden temporary file beside the target, renamed over it.

Every file lawgraph replaces (the graph file, each export) is written here, so a reader sees
the old file or the new one, never half of either, and a killed writer leaves only a
``.NAME.xxxxxxxx.tmp`` file, which :func:`graph.outputs.remove_leftovers` clears. Temporary
names are unique (``mkstemp``): two writers never share one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Any, Iterator

from lawgraph.graph.outputs import check_output_file, os_error


@contextlib.contextmanager
def staged_open(path: str | os.PathLike, mode: str = "w", *, durable: bool = False, **kwargs: Any) -> Iterator[tuple[IO, Path]]:
    """Open a new temporary file beside ``path``; yield ``(file, temporary path)``.

    When the block ends the file is closed — flushed to disk first when ``durable`` — and
    given the mode ``path`` has (or would get under the umask); the caller renames it into
    place (:func:`replace_into`), alone or with other outputs. If the block fails, the file
    is removed. A device, FIFO or folder at ``path`` is refused before anything is written
    (renaming over ``/dev/null`` would replace the device with a file); any OSError names
    ``path`` (a full disk included).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    check_output_file(path)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        try:
            with open(fd, mode, **kwargs) as fh:
                yield fh, tmp
                if durable:
                    fh.flush()
                    os.fsync(fh.fileno())
            os.chmod(tmp, _file_mode(path))
        except OSError as err:
            raise os_error(err, path) from err
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def replace_into(tmp: str | os.PathLike, path: str | os.PathLike) -> Path:
    """Rename a staged file over ``path``; on failure the staged file is removed."""
    try:
        try:
            os.replace(tmp, path)
        except OSError as err:
            raise os_error(err, Path(path)) from err
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return Path(path)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", *, durable: bool = False, **kwargs: Any) -> Iterator[IO]:
    """Write ``path`` through a temporary file that replaces it when the block succeeds."""
    with staged_open(path, mode, durable=durable, **kwargs) as (fh, tmp):
        yield fh
    replace_into(tmp, path)


def _file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
