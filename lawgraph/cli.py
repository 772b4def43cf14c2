"""`lawgraph` console entry point.

Each command lives in its own module under ``lawgraph/commands`` and registers itself on
:data:`app`; this file only wires them together and configures logging.
"""

from __future__ import annotations

import logging

import typer

app = typer.Typer(
    name="lawgraph",
    help="Citation and legal-reference knowledge graph for Chinese government reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug messages to stderr."),
) -> None:
    from lawgraph.commands._common import install_sigint_handler, terminal_log_handler

    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[terminal_log_handler()])
    # The Neo4j driver logs its retries and lost connections itself; lawgraph reports the
    # outcome in one line, so the driver speaks only with --verbose.
    logging.getLogger("neo4j").setLevel(logging.DEBUG if verbose else logging.CRITICAL)
    install_sigint_handler()


def _register() -> None:
    # Each module adds its command(s) to `app` when imported; the order is the help's order.
    from lawgraph.commands import (  # noqa: F401
        build_cmd,
        export_cmd,
        extract_cmd,
        load_cmd,
        query_cmd,
        score_cmd,
        spark_cmd,
        views_cmd,
    )


_register()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
