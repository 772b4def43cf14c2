"""What every command shares: the output directory, error handling, progress bars."""

from __future__ import annotations

import contextlib
import functools
import sys
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import typer

from extract.errors import LawgraphError
from extract.records import SchemaError

#: Where `lawgraph build` writes, unless told otherwise (see the README's section The graph for the layout).
DEFAULT_OUT = Path("out")
GRAPH_FILE = "graph.json"
RECORDS_FILE = "records.jsonl"

F = TypeVar("F", bound=Callable[..., Any])


def default_graph(out_dir: Path = DEFAULT_OUT) -> Path:
    return out_dir / GRAPH_FILE


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``error: message`` on stderr; return the Exit to raise."""
    print(f"error: {message}", file=sys.stderr)
    return typer.Exit(code)


@contextlib.contextmanager
def cli_errors() -> Iterator[None]:
    """Turn the errors a user can cause into ``error: <message>`` and exit status 1.

    Never a traceback for: lawgraph errors, unreadable records, files that cannot be
    written. Ctrl-C exits with 130 and one line.
    """
    try:
        yield
    except (LawgraphError, SchemaError) as err:
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
