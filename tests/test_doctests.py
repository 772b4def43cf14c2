"""The examples in the docstrings run, as the installed modules (lawgraph.extract, …).

pytest's --doctest-modules would import extract/, graph/ and queries/ by their folder names,
not as the lawgraph.* subpackages they install as; so this test walks the installed
namespace and runs each module's examples with the standard doctest runner.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

PACKAGES = ("lawgraph", "lawgraph.extract", "lawgraph.graph", "lawgraph.queries")


def _module_names() -> list[str]:
    names: list[str] = []
    for top in PACKAGES:
        names.append(top)
        pkg = importlib.import_module(top)
        for info in pkgutil.walk_packages(pkg.__path__, top + "."):
            # __main__ runs the command line on import; the subpackages are walked as tops
            if not info.name.endswith(".__main__") and info.name not in PACKAGES and info.name not in names:
                names.append(info.name)
    return names


MODULES = _module_names()


def _examples(name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(name)
    return [t for t in doctest.DocTestFinder().find(module, name) if t.examples]


@pytest.mark.parametrize("name", [n for n in MODULES if _examples(n)])
def test_docstring_examples_run(name):
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in _examples(name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed (see the output above)"


def test_the_examples_are_found():
    # the walk reaches every subpackage: a module known to hold examples is among them
    assert {"lawgraph.extract.titles", "lawgraph.graph.neutral", "lawgraph.queries.resolve"} <= {n for n in MODULES if _examples(n)}
    assert sum(len(t.examples) for n in MODULES for t in _examples(n)) >= 80
