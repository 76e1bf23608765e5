"""The name CRF stage (loaders/stages/crf.py) with the model the package ships."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from fnmatch import fnmatch
from importlib import resources
from pathlib import Path

import pycrfsuite
import pytest

from loaders.report import document_json, load_report, load_text
from loaders.stages import crf

REPO_ROOT = Path(__file__).resolve().parent.parent
# The rules read no name here (科教城 is no suffix of theirs); the CRF, trained on reports, does.
SENTENCE = "国家基因库投入运营，成为全球最大的基因库之一。"
MISSED = "国家基因库"


def _names(text: str) -> dict[str, str]:
    return {n.name: n.label for n in load_text(text, "crf-test").nodes}


def test_the_stage_adds_a_name_the_rules_miss(monkeypatch: pytest.MonkeyPatch) -> None:
    with_crf = _names(SENTENCE)
    assert with_crf.get(MISSED) == "Project"
    # Above every marginal: the same text through the rules alone.
    monkeypatch.setattr(crf, "settings", crf.Settings(None, 1.01))
    assert MISSED not in _names(SENTENCE)


def test_a_crf_mention_says_its_origin_and_confidence() -> None:
    from loaders.ocr import repair
    from loaders.stages.crf import add_crf_mentions
    from loaders.stages.mentions import find_mentions
    from loaders.stages.state import ExtractionState

    state = ExtractionState(repair(SENTENCE), "crf-test", [])
    find_mentions(state)
    before = len(state.candidates.found)
    add_crf_mentions(state)
    added = state.candidates.found[before:]
    assert [m.name for m in added] == [MISSED]
    assert added[0].source == "crf"
    assert crf.THRESHOLD <= added[0].properties["confidence"] <= 1.0


def test_the_model_ships_as_package_data() -> None:
    model = resources.files("loaders") / "models" / "names.crfsuite"
    assert model.is_file()
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    assert {f"B-{label}" for label in crf.LABELS} <= set(tagger.labels())
    # The wheel holds it: pyproject's package data for `loaders` matches its path.
    config = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["loaders"]
    assert any(fnmatch("models/names.crfsuite", p) for p in patterns)
    assert "python-crfsuite" in " ".join(config["project"]["dependencies"])


def test_extraction_with_the_crf_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    report = REPO_ROOT / "tests" / "corpus" / "texts" / "sz-yantian-2018.txt"
    first = document_json(load_report(report))
    assert document_json(load_report(report)) == first
    # ...and the CRF has a part in it: without it, the same report gives fewer entities.
    with_crf = len(load_report(report).nodes)
    monkeypatch.setattr(crf, "settings", crf.Settings(None, 1.01))
    assert len(load_report(report).nodes) < with_crf


def test_training_gives_the_same_model_for_the_same_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # bench/ is no package of the install: read the training script from the clone.
    spec = importlib.util.spec_from_file_location("train_names", REPO_ROOT / "bench" / "train_names.py")
    assert spec is not None and spec.loader is not None
    training = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, training)  # its dataclasses look their module up
    spec.loader.exec_module(training)
    train = training.train
    data = [
        (
            [["c=哈"], ["c=工"], ["c=大"], ["c=在"]],
            ["B-Organization", "I-Organization", "I-Organization", "O"],
        ),
        ([["c=华"], ["c=为"], ["c=投"], ["c=资"]], ["B-Organization", "I-Organization", "O", "O"]),
    ]
    train(data, tmp_path / "a.crfsuite")
    train(data, tmp_path / "b.crfsuite")
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
