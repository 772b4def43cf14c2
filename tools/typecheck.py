"""mypy on the package as it installs.

The folders extract/, graph/ and queries/ install as lawgraph.extract, lawgraph.graph and
lawgraph.queries (setuptools ``package-dir``); an editable install maps them with an import
hook that mypy does not run. So this lays the installed tree out with symlinks in a temporary
folder, runs mypy there with the settings of pyproject.toml, and prints the repository's own
paths (``extract/read.py``, not ``lawgraph/extract/read.py``).

    python tools/typecheck.py          # exit status: mypy's
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUBPACKAGES = ("extract", "graph", "queries")  # as in pyproject.toml's package-dir


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lawgraph-mypy-") as tmp:
        pkg = Path(tmp) / "lawgraph"
        pkg.mkdir()
        for entry in (ROOT / "lawgraph").iterdir():
            if entry.name != "__pycache__":
                (pkg / entry.name).symlink_to(entry)
        for name in SUBPACKAGES:
            (pkg / name).symlink_to(ROOT / name)
        cmd = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache"), "-p", "lawgraph"]
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, env={**os.environ, "MYPYPATH": tmp})
    back = re.compile(rf"^lawgraph/({'|'.join(SUBPACKAGES)})/", re.MULTILINE)
    sys.stdout.write(back.sub(r"\1/", proc.stdout))
    sys.stderr.write(proc.stderr)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
