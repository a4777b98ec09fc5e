"""The examples in the package's docstrings run and give what they show.

They are run on the imported package (installed or not), module by module, so a stale example
fails here rather than misleading a reader.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import dupdetect

MODULES = sorted(m.name for m in pkgutil.walk_packages(dupdetect.__path__, "dupdetect.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                             verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"


def test_the_docstring_examples_are_many() -> None:
    attempted = sum(doctest.testmod(importlib.import_module(n), report=False).attempted
                    for n in MODULES)
    assert attempted >= 40
