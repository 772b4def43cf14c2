"""The documentation keeps its promises.

The README stays short and keeps the two commands `.ci/run` reads; every Python example in
the README and in docs/ runs and prints what it shows; every relative link and anchor
resolves; every `lawgraph.…` name the pages mention exists; every page is in the index.
"""

from __future__ import annotations

import doctest
import importlib
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "CHANGELOG.md", *(ROOT / "docs").glob("*.md")])

FENCE = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.M | re.S)
LINK = re.compile(r"!?\[(?:[^\]\n]|\][^(\n])*\]\(([^)\s]+)\)")


def _rel(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def _without_code(text: str) -> str:
    """The text with fenced blocks and inline code blanked (links and headings there are not real)."""
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return re.sub(r"`[^`\n]*`", "``", text)


def _python_blocks() -> list[tuple[str, int, str]]:
    blocks = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            if m.group(1) in ("python", "py", "pycon"):
                line = text.count("\n", 0, m.start()) + 1
                blocks.append((_rel(page), line, m.group(2)))
    return blocks


BLOCKS = _python_blocks()


# --- the README -------------------------------------------------------------------------------


def _readme_cmd(tag: str) -> str | None:
    """What `.ci/run`'s readme_cmd reads: a line of four spaces, the command, then `# tag`."""
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"    (.*[^ ]) *# " + re.escape(tag), line)
        if m:
            return m.group(1)
    return None


def test_readme_is_short() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move detail into docs/"


def test_readme_keeps_the_commands_ci_runs() -> None:
    main, tests = _readme_cmd("set up + main job"), _readme_cmd("set up + tests")
    # A user install (not the test extra) and the main job; the test install and the tests.
    assert main and main.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install '.[")
    assert main.endswith(" && lawgraph build seeds/") and "test" not in main
    assert tests and tests.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && ")
    assert tests.endswith(" && python -m pytest --cov")
    # The two are the first commands of the file, in this order.
    head = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()[:4]
    tagged = [line for line in head if re.search(r"# set up \+ (main job|tests)$", line)]
    assert [t.rsplit("# ", 1)[1] for t in tagged] == ["set up + main job", "set up + tests"]


def test_ci_runs_the_two_readme_commands_and_the_checks() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'readme_cmd "set up + main job"' in ci and 'readme_cmd "set up + tests"' in ci
    for check in ("ruff check .", "ruff format --check .", "python tools/typecheck.py"):
        assert check in ci


def test_readme_shows_a_user_install_apart_from_the_test_install() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    installs = re.findall(r"pip install '\.\[([\w,]+)\]'", text)
    user = [extras for extras in installs if "test" not in extras.split(",")]
    assert user, "the README shows no pip install without the test extra"
    assert {"viz", "export"} <= set(user[0].split(",")), "the main job writes views (viz) and matrices (export)"
    assert "out/views/index.html" in text


def test_readme_links_every_docs_page() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for topic in ("records", "graph", "queries", "views-and-exports", "neo4j", "spark", "performance", "accuracy", "limits", "development"):
        assert f"(docs/{topic}.md" in text, f"README.md does not link docs/{topic}.md"


def test_docs_index_lists_every_page() -> None:
    index = (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
    linked = {m.group(1).split("#")[0] for m in LINK.finditer(index)}
    missing = [p.name for p in (ROOT / "docs").glob("*.md") if p.name != "README.md" and p.name not in linked]
    assert not missing, f"docs/README.md does not list {missing}"


# --- links ------------------------------------------------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading keeps its text
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for line in _without_code(page.read_text(encoding="utf-8")).splitlines():
        m = re.match(r"#{1,6} +(.*?) *#*$", line)
        if not m:
            continue
        base = _slug(m.group(1))
        n = seen.get(base, 0)
        seen[base] = n + 1
        anchors.add(base if n == 0 else f"{base}-{n}")
    return anchors


def _links() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        for m in LINK.finditer(_without_code(page.read_text(encoding="utf-8"))):
            found.append((_rel(page), m.group(1)))
    return found


LINKS = _links()


def test_links_are_found() -> None:
    # Guards the checker itself: the README links into docs/ and the docs link each other.
    assert sum(1 for page, _ in LINKS if page == "README.md") >= 10
    assert any("#" in target for _, target in LINKS)


@pytest.mark.parametrize(("page", "target"), LINKS, ids=[f"{p}->{t}" for p, t in LINKS])
def test_relative_link_resolves(page: str, target: str) -> None:
    if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: are not checked offline
        return
    path, _, anchor = target.partition("#")
    dest = (ROOT / page).parent / path if path else ROOT / page
    assert dest.exists(), f"{page}: link to {target}: {path} does not exist"
    dest = dest.resolve()
    assert ROOT in dest.parents or dest == ROOT, f"{page}: link to {target} leaves the repository"
    if anchor:
        assert dest.suffix == ".md", f"{page}: link to {target}: an anchor into a file that is not Markdown"
        assert anchor in _anchors(dest), f"{page}: link to {target}: no heading #{anchor} in {_rel(dest)}"


def test_slug_follows_github() -> None:
    assert _slug("Record schema (version 2)") == "record-schema-version-2"
    assert _slug("Exports, and how to load each") == "exports-and-how-to-load-each"
    assert _slug("Bulk import with neo4j-admin") == "bulk-import-with-neo4j-admin"
    assert _slug("`lawgraph load neo4j`") == "lawgraph-load-neo4j"


# --- names ------------------------------------------------------------------------------------

NAME = re.compile(r"`(lawgraph(?:\.[A-Za-z_]\w*)+)")


def _names() -> list[tuple[str, str]]:
    found = set()
    for page in PAGES:
        for m in NAME.finditer(page.read_text(encoding="utf-8")):
            found.add((_rel(page), m.group(1)))
    return sorted(found)


NAMES = _names()


@pytest.mark.parametrize(("page", "name"), NAMES, ids=[f"{p}:{n}" for p, n in NAMES])
def test_named_python_object_exists(page: str, name: str) -> None:
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            assert hasattr(obj, attr), f"{page}: `{name}`: {'.'.join(parts[:i])} has no {attr}"
            obj = getattr(obj, attr)
        return
    pytest.fail(f"{page}: `{name}`: no such module")


def test_no_example_imports_the_old_top_level_packages() -> None:
    old = re.compile(r"^\s*(?:>>> )?(?:from|import) (?:extract|graph|queries)\b", re.M)
    for page in PAGES:
        for m in FENCE.finditer(page.read_text(encoding="utf-8")):
            assert not old.search(m.group(2)), f"{_rel(page)}: import lawgraph.extract, lawgraph.graph, lawgraph.queries"


# --- Python examples --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder like a user's after the main job: seeds/ and out/ from `lawgraph build seeds/`."""
    work = tmp_path_factory.mktemp("docs")
    shutil.copytree(ROOT / "seeds", work / "seeds")
    run = subprocess.run([sys.executable, "-m", "lawgraph", "build", "seeds/"], cwd=work, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return work


def test_examples_are_found() -> None:
    pages = {page for page, _, _ in BLOCKS}
    assert "README.md" in pages
    assert {"docs/graph.md", "docs/queries.md", "docs/records.md"} <= pages
    # Examples show their output, so that a changed answer fails here.
    assert all(">>> " in code for _, _, code in BLOCKS), "write Python examples as >>> sessions with their output"


@pytest.mark.parametrize(("page", "line", "code"), BLOCKS, ids=[f"{p}:{n}" for p, n, _ in BLOCKS])
def test_python_example_runs(page: str, line: int, code: str, seeds_built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(seeds_built)
    name = f"{page}:{line}"
    test = doctest.DocTestParser().get_doctest(code, {"__name__": "__docs__"}, name, page, line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    assert test.examples, f"{name}: no >>> example in the block"
    failed, _ = runner.run(test, out=report.append, clear_globs=True)
    assert failed == 0, f"{name}: {failed} example(s) failed\n" + "".join(report)


# --- command-line examples --------------------------------------------------------------------

QUERY_EXAMPLE = re.compile(r"`(lawgraph query [^`]+)`|^ {4}(lawgraph query .+?)(?: +#.*)?$", re.M)


def _query_examples() -> list[tuple[str, str]]:
    found = set()
    for page in (ROOT / "README.md", ROOT / "docs" / "queries.md"):
        for m in QUERY_EXAMPLE.finditer(page.read_text(encoding="utf-8")):
            cmd = m.group(1) or m.group(2)
            if "NAME" not in cmd and "[" not in cmd:  # a synopsis, not an example
                found.add((_rel(page), cmd))
    return sorted(found)


QUERY_EXAMPLES = _query_examples()


def test_query_examples_are_found() -> None:
    assert len(QUERY_EXAMPLES) >= 13, "every canned query has an example in docs/queries.md"


@pytest.mark.parametrize(("page", "cmd"), QUERY_EXAMPLES, ids=[f"{p}:{c}" for p, c in QUERY_EXAMPLES])
def test_query_example_runs_on_the_seeds(page: str, cmd: str, seeds_built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from lawgraph.cli import app

    monkeypatch.chdir(seeds_built)
    result = CliRunner().invoke(app, shlex.split(cmd)[1:])
    assert result.exit_code == 0, f"{page}: {cmd} exited {result.exit_code}: {result.output}"
    if "--list" not in cmd:
        assert re.search(r"\b\d+ row\(s\)", result.output), f"{page}: {cmd} printed no table: {result.output}"
