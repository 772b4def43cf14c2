"""lawgraph.cli_values: the command line's own conversion of plain values gives what typer's
(pydantic) conversion gives — the same value, or the same error — for every parameter of
every command."""

from __future__ import annotations

from pathlib import Path

import pytest

typer_coercion = pytest.importorskip("typer._coercion", reason="a typer without runtime converters: cli_values changes nothing")

from typer.testing import CliRunner  # noqa: E402

from lawgraph import cli  # noqa: E402

SAMPLES = [
    "abc", "", "-", "é 报告", " 5", "5", "0", "007", "1_000", "-3", "+3", "5.0", "x", "99999999999999999999", "٣",
    "true", "no", True, False, 0, 1, 3, 10, 9, -1, Path("out"), b"bytes",
    ["a", "b"], ("a",), [], ["5", "x"], ("1", "2"), ["out", Path("p")],
]  # fmt: skip


def _commands():
    for name in cli._Commands():
        command = cli._build(name)
        yield from [(f"{name} {sub}", c) for sub, c in command.commands.items()] if hasattr(command, "commands") else [(name, command)]


def _outcome(runtime, value, param, ctx):
    try:
        out = runtime._coerce_value(value, param=param, ctx=ctx)
    except Exception as err:  # noqa: BLE001 — the error is the outcome compared
        return ("error", type(err).__name__, str(err))
    return ("value", type(out).__name__, out)


def test_each_parameter_converts_as_typer_does():
    compared = 0
    for name, command in _commands():
        ctx = command.make_context(name, ["--help"], resilient_parsing=True)
        for param in command.params:
            ours = getattr(param, "_runtime_param", None)
            if ours is None or type(ours).__name__ != "_Direct":
                continue
            theirs = typer_coercion.build_runtime_param(param.type_descriptor)
            for value in SAMPLES:
                assert _outcome(ours, value, param, ctx) == _outcome(theirs, value, param, ctx), (name, param.name, value)
                compared += 1
    assert compared > 1000  # most parameters are plain ones


def test_a_bad_number_is_worded_by_typer():
    out = CliRunner().invoke(cli.app, ["extract", "--jobs", "x", "seeds"], env={"COLUMNS": "200"})
    assert out.exit_code == 2
    assert "Invalid value for '--jobs' / '-j'" in out.output and "valid integer" in out.output
