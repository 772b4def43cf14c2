"""`lawgraph` console entry point.

Each command lives in its own module under ``lawgraph/commands`` as a plain function; this
file lists them (:data:`COMMANDS`, :data:`GROUPS`), wires them onto :data:`app` and
configures logging. A command's module is imported, and its click command built, only when
that command is asked for (run, or listed by ``lawgraph --help``): start-up time is paid
for the command that runs, not for all of them.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any, Iterator, MutableMapping

import typer
from typer.core import TyperGroup

from lawgraph.cli_values import install as install_plain_values

if TYPE_CHECKING:  # never at run time (see _build); written out so that the import graph
    # (tests/test_import_cycles.py) sees what the command line imports
    from lawgraph.commands import (  # noqa: F401
        build_cmd,
        catalog_cmd,
        export_cmd,
        extract_cmd,
        load_cmd,
        query_cmd,
        review_cmd,
        score_cmd,
        spark_cmd,
        views_cmd,
    )

# The commands, in the order `lawgraph --help` lists them (the order of the data flow):
# name, module under lawgraph.commands, function. An explicit list, so that no import
# order can change what the CLI offers or how it reads.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("extract", "extract_cmd", "extract_command"),
    ("build", "build_cmd", "build_command"),
    ("review", "review_cmd", "review_command"),
    ("query", "query_cmd", "query_command"),
    ("cypher", "query_cmd", "cypher_command"),
    ("views", "views_cmd", "views_command"),
    ("export", "export_cmd", "export_command"),
    ("score", "score_cmd", "score_command"),
    ("spark-extract", "spark_cmd", "spark_extract_command"),
)
#: Command groups (typer lists them after the commands): name, module, its ``typer.Typer``.
GROUPS: tuple[tuple[str, str, str], ...] = (("load", "load_cmd", "load_app"), ("catalog", "catalog_cmd", "catalog_app"))

# The root's settings; each command is built under the same ones (see _build).
_SETTINGS: dict[str, Any] = dict(
    name="lawgraph",
    help="Citation and legal-reference knowledge graph for Chinese government reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _build(name: str) -> Any:
    """The click command (or group) ``name``, built by typer exactly as it would be inside
    the whole app: registered alone on an app with the root's settings."""
    one = typer.Typer(**_SETTINGS)
    for command, module, attribute in COMMANDS:
        if command == name:
            one.command(name)(getattr(importlib.import_module(f"lawgraph.commands.{module}"), attribute))
    for group, module, attribute in GROUPS:
        if group == name:
            one.add_typer(getattr(importlib.import_module(f"lawgraph.commands.{module}"), attribute), name=name)
    built = typer.main.get_group(one).commands[name]
    install_plain_values(built)
    return built


class _Commands(MutableMapping):
    """The root's commands by name, in :data:`COMMANDS` then :data:`GROUPS` order; each is
    built on first access. Names alone (``keys()``: typer's "did you mean") build nothing."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}
        self._names = [name for name, _, _ in COMMANDS + GROUPS]

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = _build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)


class _LazyGroup(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands()
        install_plain_values(self, subcommands=False)  # the root's own options (each command's: _build)


app = typer.Typer(cls=_LazyGroup, **_SETTINGS)


def _show_version(value: bool) -> None:
    if value:
        from lawgraph import __version__

        typer.echo(f"lawgraph {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug messages to stderr."),
    version: bool = typer.Option(False, "--version", callback=_show_version, is_eager=True, help="Print lawgraph's version and exit."),
) -> None:
    from lawgraph.commands._common import install_sigint_handler, terminal_log_handler

    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[terminal_log_handler()])
    # The Neo4j driver logs its retries and lost connections itself; lawgraph reports the
    # outcome in one line, so the driver speaks only with --verbose.
    logging.getLogger("neo4j").setLevel(logging.DEBUG if verbose else logging.CRITICAL)
    install_sigint_handler()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
