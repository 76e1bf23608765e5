"""The import contracts in pyproject.toml hold, and they catch a back-import when one is written.

``lint-imports`` (import-linter) checks the layers kg → api → loaders → graph → settings, the
roles inside ``graph/`` (stores and outputs over core), and that outputs import no store. The
second test copies the packages, adds one import that goes the wrong way, and checks that the
contract breaks and names it: a contract that passes whatever the code does would prove nothing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from settings import REPO_ROOT

PACKAGES = ("kg", "api", "loaders", "graph", "settings")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"{LINT_IMPORTS} is missing: pip install -e '.[test]'")
    # The copy comes first on the path, before the editable install's finder of the real packages.
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "200"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(root / "pyproject.toml")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_packages(target: Path) -> None:
    shutil.copy(REPO_ROOT / "pyproject.toml", target / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(
            REPO_ROOT / package,
            target / package,
            ignore=shutil.ignore_patterns("__pycache__", "static", "lexicon"),
        )


def test_the_repository_keeps_its_import_contracts(tmp_path: Path) -> None:
    copy_packages(tmp_path)
    result = lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


LAYERS = "layers kg > api > loaders > graph > settings"
ROLES = "graph by role: stores and outputs over core"


@pytest.mark.parametrize(
    ("module", "back_import", "contract"),
    [
        ("graph/core/model.py", "import kg.cli", LAYERS),
        ("loaders/reading.py", "from api import errors", LAYERS),
        ("graph/stores.py", "from api import app", LAYERS),
        ("graph/core/search.py", "from graph.embedded import store", ROLES),
        ("graph/outputs/export.py", "from graph.neo4j.store import Neo4jStore", "outputs import no store"),
    ],
)
def test_a_deliberate_back_import_breaks_the_contract(
    tmp_path: Path, module: str, back_import: str, contract: str
) -> None:
    copy_packages(tmp_path)
    with (tmp_path / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{back_import}  # deliberately the wrong way\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{contract} BROKEN" in result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    assert importer in result.stdout
