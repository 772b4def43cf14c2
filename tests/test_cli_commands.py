"""The command list is explicit: the help's order is fixed, whatever is imported first."""

from __future__ import annotations

import re
import subprocess
import sys

# The order of the data flow, then the command groups.
EXPECTED = ["extract", "build", "review", "query", "cypher", "views", "export", "score", "spark-extract", "load", "catalog"]

_HELP = """
import sys
for name in sys.argv[1:]:
    __import__(name)
from typer.testing import CliRunner
from lawgraph.cli import app
print(CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"}).stdout)
"""


def _commands(*first: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", _HELP, *first], capture_output=True, text=True, check=True).stdout
    block = out.split("Commands", 1)[1]
    return re.findall(r"^│ ([a-z][a-z-]*) ", block, flags=re.M)


def test_help_lists_the_commands_in_the_fixed_order():
    assert _commands() == EXPECTED


def test_importing_a_command_module_first_changes_nothing():
    # Before the explicit list, importing one command module first moved it to the top.
    assert _commands("lawgraph.commands.views_cmd", "lawgraph.commands.score_cmd") == EXPECTED


def test_a_command_module_does_not_import_the_cli():
    code = "import sys, lawgraph.commands.views_cmd; print('lawgraph.cli' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
