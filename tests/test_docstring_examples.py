"""The examples in the code's docstrings (``>>>``) are true: a reader can trust them."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "graph", "loaders", "kg", "bench")


def _modules_with_examples() -> list[str]:
    return sorted(
        ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)
        for package in PACKAGES
        for path in (REPO_ROOT / package).rglob("*.py")
        if ">>> " in path.read_text(encoding="utf-8")
    )


def test_the_examples_are_found() -> None:
    assert "graph.core.search" in _modules_with_examples()


@pytest.mark.parametrize("module", _modules_with_examples())
def test_docstring_examples_hold(module: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(REPO_ROOT))  # bench/ is run from the checkout, not installed
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {module}"
