"""The development corpus (tests/corpus/) scored by the team's scorer, each document above its floor.

Floors (tests/corpus/floors.json) are each document's figures when its batch was folded into
development, rounded down to the tenth strictly below (0.73 → 0.7, 1.00 → 0.9), so a change that
loses names or gains junk on any real document fails here; `python -m bench.corpus_floors` writes
them again after an improvement. The first, blind score of each batch is in tests/corpus/README.md
and the README's extraction table.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from loaders.report import document_json, load_report

CORPUS = Path(__file__).resolve().parent / "corpus"
FLOORS = json.loads((CORPUS / "floors.json").read_text(encoding="utf-8"))


def figures(shared_dir: Path, name: str, out: Path) -> tuple[float, float]:
    """Required recall and precision of the extractor on one corpus document."""
    out.write_text(document_json(load_report(CORPUS / "texts" / f"{name}.txt")), encoding="utf-8")
    run = subprocess.run(
        [
            sys.executable,
            str(shared_dir / "eval" / "score.py"),
            str(CORPUS / "gold" / f"{name}.gold.json"),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    print(run.stdout)  # the scorer's figures, shown on failure
    line = run.stdout.strip().splitlines()[-1]
    values = dict(re.findall(r"(\w+)=([\d.]+)", line))
    return float(values["recall"]), float(values["precision"])


def test_every_annotated_document_has_a_floor() -> None:
    golds = {p.name.removesuffix(".gold.json") for p in (CORPUS / "gold").glob("*.gold.json")}
    texts = {p.stem for p in (CORPUS / "texts").glob("*.txt")}
    assert golds == texts == set(FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_document_scores_at_least_its_floor(shared_dir: Path, tmp_path: Path, name: str) -> None:
    recall, precision = figures(shared_dir, name, tmp_path / f"{name}.json")
    assert recall >= FLOORS[name]["recall"]
    assert precision >= FLOORS[name]["precision"]
