"""Every queries/*.cypher passes Neo4j's own Cypher linter (lintCypherQuery from
@neo4j-cypher/language-support, pinned in tools/cypher-lint/package-lock.json), given the
graph's labels, relationship types, property keys and each file's declared parameters.

CI runs `npm ci` in tools/cypher-lint first; without node or node_modules the tests that run
the linter skip (the pin check runs everywhere).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lawgraph.graph import model

ROOT = Path(__file__).resolve().parents[1]
LINT = ROOT / "tools" / "cypher-lint"
NODE = shutil.which("node")

# Only the tests that run the linter need node and node_modules; the pin check needs neither.
needs_linter = pytest.mark.skipif(
    NODE is None or not (LINT / "node_modules" / "@neo4j-cypher" / "language-support").is_dir(),
    reason="the Cypher linter is not installed: install node and run `npm ci` in tools/cypher-lint",
)


def lint(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([NODE, str(LINT / "lint.mjs"), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@needs_linter
def test_every_query_file_is_clean():
    res = lint()
    assert res.returncode == 0, res.stdout + res.stderr
    n = len(list((ROOT / "queries").glob("*.cypher")))
    assert f"{n} file(s) linted, 0 problem(s)" in res.stdout


MISTAKES = [
    ("MATCH (a:Agencyy) RETURN a.id AS id ORDER BY id", "Label Agencyy is not present"),  # a misspelt label
    ("MATCH (a:Agency)-[:CITE]->(l:Law) RETURN l.id AS id ORDER BY id", "Relationship type CITE"),
    ("MATCH (l:Law) RETURN l.titel AS t ORDER BY t", "titel is not present"),  # a misspelt property
    ("MATCH (l:Law {id: $law}) RETURN l.id AS id ORDER BY id", "Parameter $law is not defined"),  # undeclared
    ("MATCH (l:Law) RETURN apoc.text.clean(l.title) AS t ORDER BY t", "apoc.text.clean is not present"),  # not portable
    ("CALL db.labels() YIELD label RETURN label ORDER BY label", "Procedure db.labels is not present"),
    ("MATCH (l:Law) RETURN x AS t ORDER BY t", "Variable `x` not defined"),
]


@needs_linter
def test_the_linter_catches_mistakes(tmp_path):
    files = []
    for i, (body, _) in enumerate(MISTAKES):
        f = tmp_path / f"bad{i}.cypher"
        f.write_text(f"// name: bad{i}\n// param: law_id: law\n{body}\n", encoding="utf-8")
        files.append(f)
    res = lint(*map(str, files))  # one node process for all of them
    assert res.returncode == 1, res.stdout
    for f, (_, message) in zip(files, MISTAKES):
        lines = [line for line in res.stdout.splitlines() if f.name + ":" in line]
        assert any(message in line for line in lines), (f.name, message, lines)


@needs_linter
def test_the_linter_schema_is_the_graph_model():
    res = lint("--print-schema")
    assert res.returncode == 0, res.stderr
    schema = json.loads(res.stdout)
    assert sorted(schema["labels"]) == sorted(model.LABELS)
    assert sorted(schema["relationshipTypes"]) == sorted({r.type for r in model.RELS})
    keys = set()
    for kind in (*model.LABELS, *(r.name for r in model.RELS)):
        keys |= set(model.flat_types(kind))
    assert set(schema["propertyKeys"]) == keys
    assert {(g["from"], g["relType"], g["to"]) for g in schema["graphSchema"]} == {(r.start, r.type, r.end) for r in model.RELS}


def test_the_linter_is_pinned():
    pkg = json.loads((LINT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((LINT / "package-lock.json").read_text(encoding="utf-8"))
    version = pkg["dependencies"]["@neo4j-cypher/language-support"]
    assert "-next." in version and not version.startswith(("^", "~"))
    assert lock["packages"]["node_modules/@neo4j-cypher/language-support"]["version"] == version
