"""README's Layout section names the folders as they are: each one it lists exists, and every
package (and each part of ``graph/``) is listed."""

from __future__ import annotations

import re

from settings import REPO_ROOT


def _layout_paths() -> set[str]:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {path for row in rows for path in re.findall(r"`([^`]+)`", row.split("|")[1])}


def test_every_folder_the_layout_names_exists() -> None:
    missing = [path for path in _layout_paths() if not (REPO_ROOT / path).exists()]
    assert missing == []


def test_every_package_is_in_the_layout() -> None:
    packages = {f"{p.parent.name}/" for p in REPO_ROOT.glob("*/__init__.py")} - {"tests/"}
    parts = {f"graph/{p.parent.name}/" for p in (REPO_ROOT / "graph").glob("*/__init__.py")}
    assert sorted((packages | parts) - _layout_paths() - {"graph/"}) == []
