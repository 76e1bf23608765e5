"""Origin and confidence: every extracted entity and relationship says which rule read it and how far
that rule is trusted (its measured precision), and ``python -m bench.evaluate`` measures it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graph.core.model import STRUCTURE_LABELS
from loaders import origin
from loaders.report import document_json, load_report
from loaders.stages import crf

REPO = Path(__file__).resolve().parent.parent
SMALL = "js-binhai-park-2019"


@pytest.fixture(scope="module")
def seed_graph(shared_dir: Path):
    return load_report(shared_dir / "corpus/seed/harbin-new-area-2021-report.txt")


def test_every_entity_and_relationship_of_the_seed_has_origin_and_confidence(seed_graph) -> None:
    entities = [n for n in seed_graph.nodes if n.label not in STRUCTURE_LABELS]
    assert entities and seed_graph.relationships
    for item in [*entities, *seed_graph.relationships]:
        o, c = item.properties.get("origin"), item.properties.get("confidence")
        assert isinstance(o, str) and o and o != "unknown", item
        assert isinstance(c, float) and 0.0 <= c <= 1.0, item
        if o == "crf":  # the model's own marginal probability of the span (loaders/stages/crf.py)
            assert c >= crf.THRESHOLD, item
        else:
            assert c == origin.confidence(o)
    origins = {n.properties["origin"] for n in entities}
    # The seed's names come from the lexicon, the suffix rule (by suffix), counted groups and people.
    assert {"lexicon", "suffix:产业园", "group", "people:delegate"} <= origins


def test_confidence_is_the_measured_precision_of_the_origin(seed_graph) -> None:
    table = origin.confidence_table()
    measured = {k: r for k, r in table.items() if r.judged >= origin.MIN_JUDGED}
    seen = 0
    for item in [*seed_graph.nodes, *seed_graph.relationships]:
        row = measured.get(item.properties.get("origin", ""))
        if row is not None:
            assert item.properties["confidence"] == round(row.correct / row.judged, 3)
            seen += 1
    assert seen > 50  # most of the seed's entities come from measured origins


def test_an_origin_seldom_judged_takes_its_familys_precision() -> None:
    table = origin.confidence_table()
    suffix = [r for k, r in table.items() if origin.family(k) == "suffix"]
    pooled = sum(r.correct for r in suffix) / sum(r.judged for r in suffix)
    assert origin.confidence("suffix:从未见过的后缀") == round(pooled, 3)
    assert origin.family("lexicon:LOCATED_IN") == "*:LOCATED_IN"
    assert origin.confidence("nothing-measured") == origin.DEFAULT_CONFIDENCE


def _evaluate(*args: str) -> subprocess.CompletedProcess[str]:
    # bench/ is run from the repository as a module, not installed.
    cmd = [sys.executable, "-m", "bench.evaluate", *args]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def test_evaluate_reports_one_document_as_the_scorer_scores_it(shared_dir, tmp_path) -> None:
    texts, gold = tmp_path / "texts", tmp_path / "gold"
    texts.mkdir()
    gold.mkdir()
    shutil.copy(REPO / f"tests/corpus/texts/{SMALL}.txt", texts)
    shutil.copy(REPO / f"tests/corpus/gold/{SMALL}.gold.json", gold)
    scorer = shared_dir / "eval/score.py"
    run = _evaluate("--texts", str(texts), "--gold", str(gold), "--scorer", str(scorer))
    assert run.returncode == 0, run.stderr
    doc = next(line for line in run.stdout.splitlines() if line.startswith(SMALL))
    # What the scorer itself prints for that document's graph.
    graph = tmp_path / "g.json"
    graph.write_text(document_json(load_report(texts / f"{SMALL}.txt")), encoding="utf-8")
    scored = subprocess.run(
        [sys.executable, str(scorer), str(gold / f"{SMALL}.gold.json"), str(graph)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    recall = re.search(r"entities, required \(recall\)\s+(\d+/\d+)", scored).group(1)
    good, judged = map(int, re.search(r"precision over .*?(\d+)/(\d+)", scored).groups())
    assert recall in doc and f"{good}/{judged}" in doc
    block = run.stdout.split("precision by origin, entities, weakest first\n")[1].split("\n\n")[0]
    rows = [line.split() for line in block.splitlines()[1:]]
    assert sum(int(r[1]) for r in rows) == judged and sum(int(r[2]) for r in rows) == good
    precisions = [float(r[3]) for r in rows]
    assert precisions == sorted(precisions)  # weakest first


def test_evaluate_without_the_scorer_says_so_in_one_line(tmp_path) -> None:
    run = _evaluate("--scorer", str(tmp_path / "score.py"))
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "no scorer" in run.stderr
