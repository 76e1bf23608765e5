"""The CRF stage's own tagger (loaders/stages/crf_tagger.py) tags as python-crfsuite does.

With it the stage finds the spans it finds with crfsuite tagging every sentence, on the development
corpus, the seed report and any sentences: the same characters and labels, and marginals equal to
1e-12 (the exponentials come from another library). The weights it reads from the model file are
python-crfsuite's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pycrfsuite
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.mentions import Sentence
from loaders.report import load_text
from loaders.stages import crf, crf_passes, crf_tagger
from settings import SAMPLE_REPORT

CORPUS = Path(__file__).resolve().parent / "corpus" / "texts"


def _sentences_of(texts: list[str], monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """(segmentation, sentences, model) of each text, as the stage receives them."""
    seen: list[tuple] = []
    plain = crf.tag_spans

    def record(seg, sents, model):
        seen.append((seg, sents, model))
        return plain(seg, sents, model)

    monkeypatch.setattr(crf, "tag_spans", record)
    for k, text in enumerate(texts):
        load_text(text, f"tagger-{k}")
    monkeypatch.setattr(crf, "tag_spans", plain)
    return seen


@pytest.fixture(scope="module")
def documents() -> list[tuple]:
    texts = [SAMPLE_REPORT.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    with pytest.MonkeyPatch.context() as mp:
        return _sentences_of(texts, mp)


def _spans(documents: list[tuple], own: bool, monkeypatch: pytest.MonkeyPatch) -> list:
    monkeypatch.setattr(crf, "OWN_TAGGER", own)
    return [s for seg, sents, model in documents for s in crf.tag_spans(seg, sents, model)]


def _same(documents: list[tuple], monkeypatch: pytest.MonkeyPatch) -> None:
    ours, crfsuites = _spans(documents, True, monkeypatch), _spans(documents, False, monkeypatch)
    assert [(s.start, s.end, s.label) for s in ours] == [(s.start, s.end, s.label) for s in crfsuites]
    assert all(abs(a.confidence - b.confidence) < 1e-12 for a, b in zip(ours, crfsuites, strict=True))
    assert len(ours) > 500  # the comparison is not vacuous


def test_the_stage_tags_the_spans_crfsuite_tags(
    documents: list[tuple], monkeypatch: pytest.MonkeyPatch
) -> None:
    _same(documents, monkeypatch)


def test_the_weights_read_from_the_file_are_crfsuites() -> None:
    path = crf.shipped_model()
    labels, attrs, features = crf_tagger.read_model(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    info = tagger.info()
    assert labels == tagger.labels()
    state = {(attrs[s], labels[d]): w for kind, s, d, w in features if kind == 0}
    trans = {(labels[s], labels[d]): w for kind, s, d, w in features if kind == 1}
    assert state.keys() == info.state_features.keys() and trans.keys() == info.transitions.keys()
    assert all(abs(w - info.state_features[k]) < 1e-6 for k, w in state.items())  # printed with %f
    assert all(abs(w - info.transitions[k]) < 1e-6 for k, w in trans.items())


def test_a_model_with_other_features_is_tagged_by_python_crfsuite(tmp_path: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append([["c=甲", "tag=n"], ["c=乙"]], ["B-Park", "I-Park"])
    trainer.append([["c=丙"], ["c=丁"]], ["O", "O"])
    trainer.train(str(tmp_path / "m.crfsuite"))
    assert crf_tagger.model_tagger(tmp_path / "m.crfsuite", crf.SUFFIX_FEATURES) is None


# Name characters, heads the suffix features know, digits, blanks, punctuation, a character past the
# BMP, NUL (the pads' own code inside the tagger) and letters.
_ALPHABET = (
    "深圳市南山区科技园产业基地项目中心公司集团有限研究院大学银行新区路村街道站线城港湾谷会委局办厅"
    "李王张明华 ，。、（）《》0123456789 \t\u3000\x00𠀀abZ-·"
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=60), max_size=12))
def test_any_sentences_get_crfsuites_spans(texts: list[str]) -> None:
    sents, at = [], 0
    for t in texts:
        sents.append(Sentence(at, at + len(t), t))
        at += len(t) + 1
    model = crf.shipped_model()
    ours = crf.tag_spans(None, sents, model)  # type: ignore[arg-type]  # no word features: no segmentation
    crf.OWN_TAGGER = False
    try:
        plain = crf.tag_spans(None, sents, model)  # type: ignore[arg-type]
    finally:
        crf.OWN_TAGGER = True
    assert [(s.start, s.end, s.label) for s in ours] == [(s.start, s.end, s.label) for s in plain]
    assert all(abs(a.confidence - b.confidence) < 1e-12 for a, b in zip(ours, plain, strict=True))


def _suffix_ends_by_scan(text: str) -> tuple[list[int], list[int]]:
    """At each character, each suffix length, longest first: the first suffix ending there."""
    suffix_id = _model_tagger().suffix_id
    sizes = sorted({len(s) for s in suffix_id}, reverse=True)
    ends, ids = [], []
    for i in range(len(text)):
        found = [
            text[i + 1 - n : i + 1] for n in sizes if n <= i + 1 and text[i + 1 - n : i + 1] in suffix_id
        ]
        if found:
            ends.append(i)
            ids.append(suffix_id[found[0]])
    return ends, ids


def _suffix_ends(text: str) -> tuple[list[int], list[int]]:
    codes = np.frombuffer(text.encode("utf-32-le"), np.uint32).astype(np.int64)
    ends, ids = _model_tagger()._suffix_ends(codes)
    return ends.tolist(), ids.tolist()


def _model_tagger() -> crf_tagger.ModelTagger:
    tagger = crf_tagger.model_tagger(crf.shipped_model(), crf.SUFFIX_FEATURES)
    assert tagger is not None
    return tagger


def test_the_suffixes_of_the_report_are_those_the_scan_finds() -> None:
    text = "\0\0" + SAMPLE_REPORT.read_text(encoding="utf-8") + "\0\0\0"  # padded as the tagger pads it
    assert _suffix_ends(text) == _suffix_ends_by_scan(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*crf.SUFFIX_FEATURES, *"产业园区中心公司集团，\x00a\uffff𠀀"]), max_size=30))
def test_the_suffixes_of_any_text_are_those_the_scan_finds(parts: list[str]) -> None:
    text = "".join(parts)  # a suffix may end at the first characters
    assert _suffix_ends(text) == _suffix_ends_by_scan(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sets(st.integers(0, 2**62), max_size=200), min_size=1, max_size=4), st.integers(0, 2**62))
def test_the_key_tables_find_each_key_and_no_other(tables: list[set[int]], other: int) -> None:
    keys = [np.array(sorted(t), np.int64) for t in tables]
    slots, layout = crf_passes.key_tables(keys)
    for t, table in enumerate(keys):
        assert [crf_passes._find_row(slots, layout, t, k) for k in table.tolist()] == list(
            range(1, len(table) + 1)
        )
        assert crf_passes._find_row(slots, layout, t, other) == (
            table.tolist().index(other) + 1 if other in table else 0
        )


def test_a_sentence_holding_a_lone_surrogate_is_read() -> None:
    # JSON can carry one (the API's text): it is a character no feature knows, not an error.
    graph = load_text("深圳市\ud800腾讯科技有限公司投资建设前海国际金融中心项目。", "doc")
    ids = {n.id for n in graph.nodes}
    assert {"organization:腾讯科技有限公司", "project:前海国际金融中心"} <= ids
