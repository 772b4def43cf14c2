"""What every command shares: the output directory, error handling, progress bars."""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import typer

from lawgraph.extract.errors import LawgraphError

# lawgraph.graph.neutral and lawgraph.extract.records are imported where they are used: every
# command module imports this one, and `lawgraph --help` imports every command module.

#: Where `lawgraph build` writes, unless told otherwise (docs/graph.md, "Output directory", has the layout).
DEFAULT_OUT = Path("out")
GRAPH_FILE = "graph.json"
RECORDS_FILE = "records.jsonl"

F = TypeVar("F", bound=Callable[..., Any])


def jobs_option():
    """``--jobs N`` (one definition: build and extract)."""
    return typer.Option(0, "--jobs", "-j", help="Extraction worker processes (default 0 = all cores; at most 4 per core).")


def checked_jobs(jobs: int) -> int:
    """``--jobs`` as a process count; a usage error (status 2) when out of range."""
    from lawgraph.extract.pipeline import check_jobs

    try:
        return check_jobs(jobs)
    except LawgraphError as err:
        raise fail(str(err), 2) from None


def check_catalogs(paths) -> list[str]:
    """The user catalog folder's files, then the ``--catalog`` files, checked at the boundary:
    each a regular file whose every line is a valid catalog entry; else one line naming the
    file, the line and the field."""
    from lawgraph.extract.catalog import user_catalog_files
    from lawgraph.extract.catalog_check import check_catalog_file

    files = user_catalog_files() + [str(p) for p in paths]
    for f in files:
        check_catalog_file(f)
    return files


# Ctrl-C: the handler notes it before raising KeyboardInterrupt, so that one swallowed by a
# finaliser ("Exception ignored in …") still ends the command with status 130.
_INTERRUPTED = False


def _on_sigint(signum, frame) -> None:
    global _INTERRUPTED
    _INTERRUPTED = True
    raise KeyboardInterrupt


def install_sigint_handler() -> None:
    """Called by every command (the CLI's root callback), in the main thread."""
    global _INTERRUPTED
    import signal
    import threading

    _INTERRUPTED = False
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_sigint)


def check_interrupted() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed, even if something swallowed it."""
    if _INTERRUPTED:
        raise KeyboardInterrupt


class _TerminalFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        from lawgraph.graph.neutral import terminal

        return terminal(super().format(record))


def terminal_log_handler() -> logging.Handler:
    """The CLI's log handler: stderr, each message shown as a terminal may show it."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_TerminalFormatter("%(levelname)s %(name)s: %(message)s"))
    return handler


def say(line: str = "", *, err: bool = False) -> None:
    """Print one line (on stdout, or stderr with ``err``) as a terminal may show it: file
    names, titles and reasons come from outside, so control sequences are escaped
    (:func:`graph.neutral.terminal`). Every line the commands print goes through here."""
    from lawgraph.graph.neutral import terminal

    print(terminal(line), file=sys.stderr if err else sys.stdout)


def say_json(obj: Any) -> None:
    """``obj`` as one line of JSON on stdout, safe to print (lone surrogates, C1 and bidi
    controls escaped as \\uXXXX: the same JSON value)."""
    import json

    from lawgraph.graph.neutral import json_for_terminal

    print(json_for_terminal(json.dumps(obj, ensure_ascii=False, sort_keys=True)))


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on stderr, on one line, escaped; return the Exit to raise."""
    from lawgraph.graph.neutral import terminal

    print(f"error: {terminal(message, one_line=True)}", file=sys.stderr)
    return typer.Exit(code)


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Turn the errors a user can cause into ``error: <message>`` and exit status 1.

    Never a traceback for: lawgraph errors, unreadable records, files that cannot be
    written. Ctrl-C exits with 130 and one line.
    """
    try:
        yield
        check_interrupted()
    except typer.Exit as done:
        if _INTERRUPTED and done.exit_code in (0, 1):  # a Ctrl-C swallowed on the way: still 130
            raise fail("interrupted", 130) from None
        raise
    except LawgraphError as err:
        raise fail(str(err)) from err
    except ValueError as err:
        from lawgraph.extract.records import SchemaError  # a ValueError: an unreadable record

        if not isinstance(err, SchemaError):
            raise
        raise fail(str(err)) from err
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        raise fail(f"{where}{err.strerror or err}") from err
    except KeyboardInterrupt as err:
        raise fail("interrupted", 130) from err


def exits_on_error(fn: F) -> F:
    """Decorator form of :func:`cli_errors` for command functions (typer sees the
    wrapped signature)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with cli_errors():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def progress_bar(*, transient: bool = True):
    """A rich progress bar on stderr, disabled when stderr is not a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=transient,
        disable=not sys.stderr.isatty(),
    )


class PhaseProgress:
    """Adapts ``progress(phase, done, total)`` callbacks (the stores') to rich tasks."""

    def __init__(self, bar) -> None:
        self.bar = bar
        self.tasks: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        task = self.tasks.get(phase)
        if task is None:
            task = self.tasks[phase] = self.bar.add_task(phase, total=total or None)
        self.bar.advance(task, done)
