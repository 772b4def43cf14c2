"""`lawgraph` console entry point.

Each command lives in its own module under ``lawgraph/commands`` as a plain function; this
file lists them (:data:`COMMANDS`), wires them onto :data:`app` and configures logging.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

import typer

from lawgraph.commands import (
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

app = typer.Typer(
    name="lawgraph",
    help="Citation and legal-reference knowledge graph for Chinese government reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


# The commands, in the order `lawgraph --help` lists them (the order of the data flow).
# An explicit list, so that no import order can change what the CLI offers or how it reads.
COMMANDS: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("extract", extract_cmd.extract_command),
    ("build", build_cmd.build_command),
    ("review", review_cmd.review_command),
    ("query", query_cmd.query_command),
    ("cypher", query_cmd.cypher_command),
    ("views", views_cmd.views_command),
    ("export", export_cmd.export_command),
    ("score", score_cmd.score_command),
    ("spark-extract", spark_cmd.spark_extract_command),
)
#: Command groups (typer lists them after the commands).
GROUPS: tuple[tuple[str, typer.Typer], ...] = (("load", load_cmd.load_app), ("catalog", catalog_cmd.catalog_app))

for _name, _command in COMMANDS:
    app.command(_name)(_command)
for _name, _group in GROUPS:
    app.add_typer(_group, name=_name)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
