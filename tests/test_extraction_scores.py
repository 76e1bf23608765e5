"""The loader measured by the team's scorer (../shared/eval/score.py) against the gold annotations.

Thresholds are those of the loader issue: a change that loses entities, relations or structure
fails here. The scorer runs as a subprocess on `kg extract`'s JSON, exactly as the team runs it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.report import document_json, load_report

DEV_DOCUMENTS = [
    "shenha-cooperation-119-projects-2024",
    "shenha-park-signing-2019",
    "shenha-park-two-years-2021",
]


def score(shared_dir: Path, source: Path, gold: Path, tmp_path: Path) -> dict[str, tuple[int, int] | float]:
    """The scorer's figures: `h/t` rows as (hit, total), the last `score:` line's values as floats."""
    out = tmp_path / f"{source.stem}.json"
    out.write_text(document_json(load_report(source)), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), str(gold), str(out), "-v"],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, tuple[int, int] | float] = {}
    for line in run.stdout.splitlines():
        m = re.match(r"\s+(.+?)\s{2,}(\d+)/(\d+) = ", line)
        if m:
            figures[m.group(1).strip()] = (int(m.group(2)), int(m.group(3)))
        m = re.match(r"\s+junk or forbidden names\s+(\d+)", line)
        if m:
            figures["junk"] = float(m.group(1))
        if line.startswith("score:"):
            figures |= {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}
    print(run.stdout)  # shown by pytest on failure: the scorer's own list of misses
    return figures


def share(figure: tuple[int, int] | float) -> float:
    assert isinstance(figure, tuple)
    return figure[0] / figure[1]


@pytest.fixture(scope="module")
def seed_figures(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score(
        shared_dir,
        shared_dir / "corpus" / "seed" / "harbin-new-area-2021-report.txt",
        shared_dir / "gold" / "harbin-new-area-2021-report.gold.json",
        tmp_path_factory.mktemp("seed"),
    )


def test_seed_entities_recall_and_precision(seed_figures: dict) -> None:
    assert seed_figures["recall"] >= 0.90
    assert seed_figures["precision"] >= 0.85


def test_seed_relations_proposals_and_attributes(seed_figures: dict) -> None:
    assert seed_figures["relations"] >= 0.80
    assert seed_figures["proposals linked to delegates"] == (6, 6)
    assert share(seed_figures["attributes"]) >= 0.85


def test_seed_structure_items_ordinals_and_mentions(seed_figures: dict) -> None:
    assert seed_figures["section items under the right pillar"] == (24, 24)
    assert seed_figures["pillar ordinals"] == (6, 6)
    assert seed_figures["mentions under the right pillar"] == (8, 8)


def test_seed_has_no_junk_names(seed_figures: dict) -> None:
    assert seed_figures["junk"] == 0


@pytest.mark.parametrize("name", DEV_DOCUMENTS)
def test_dev_document_recall_and_precision(shared_dir: Path, tmp_path: Path, name: str) -> None:
    figures = score(
        shared_dir,
        shared_dir / "corpus" / "dev" / f"{name}.txt",
        shared_dir / "gold" / "dev" / f"{name}.gold.json",
        tmp_path,
    )
    assert figures["recall"] >= 0.75
    assert figures["precision"] >= 0.75
