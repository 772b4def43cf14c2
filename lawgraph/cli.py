"""`lawgraph` console entry point.

Each command lives in its own module under ``lawgraph/commands`` and registers itself on
:data:`app`; this file only wires them together and configures logging.
"""

from __future__ import annotations

import logging
import sys

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
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def _register() -> None:
    # Imported for their side effect of adding commands to `app`.
    from lawgraph.commands import extract_cmd, score_cmd  # noqa: F401

    for optional in ("build_cmd", "load_cmd", "query_cmd", "views_cmd", "export_cmd", "bench_cmd", "spark_cmd"):
        try:
            __import__(f"lawgraph.commands.{optional}")
        except ModuleNotFoundError as err:
            if err.name != f"lawgraph.commands.{optional}":
                raise


_register()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
