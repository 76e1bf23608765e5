"""Stage 1b: names a character CRF trained on our annotations finds where the rules found nothing.

A linear-chain CRF (python-crfsuite) tags each sentence's characters B-/I-Project, Park,
Organization, Person or O from the character and its neighbours and the name suffixes ending at and
after the character (jieba's word position, tag and word are a measured option, off:
:data:`WORD_FEATURES`). The model ships in the package (``loaders/models/names.crfsuite``, trained
by ``python -m bench.train_names``).

A tagged span becomes a candidate mention (source ``crf``, its least sure character's marginal
probability as ``confidence``) only when its confidence reaches :data:`THRESHOLD` and it passes the
names' grammar checks; and then either no candidate of the rules or the lexicon overlaps it or has
its name, or it is sure enough (:data:`REPLACE`) to replace the rule names of its label it
overlaps and does not lie inside (never a lexicon name or a person).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from importlib import resources
from pathlib import Path

import pycrfsuite

from loaders.mentions import Mention, Sentence, nfkc
from loaders.names import SUFFIXES, display_name
from loaders.names.forms import BRACKETED_PHASE, name_chars
from loaders.segmentation import Segmentation
from loaders.stages import crf_tagger
from loaders.stages.state import ExtractionState

# The best pooled F1 of rules+CRF on the 12 full-length reports, each tagged by a model that never
# saw it (python -m bench.train_names --loo; bench/FINDINGS.md, "The name CRF as a loader stage").
THRESHOLD = 0.3
# A CRF span this sure replaces the rule names it overlaps (where their spans differ): the best pooled
# F1 held out, 5 folds over tests/corpus (bench/FINDINGS.md, "The name CRF as a loader stage").
REPLACE = 0.5
# A phase in brackets after a name (（一期）, (二期)): the project's phase, read with the project.
_PHASE_AFTER = re.compile(BRACKETED_PHASE)
LABELS = ("Project", "Park", "Organization", "Person")
# jieba's word position, tag and word of each character (and its neighbours' tags) as features: off.
# Held out they found 23 more of 1,872 names (recall 0.710 -> 0.723, precision 0.815 -> 0.811) and
# cost more than the rest of the stage (jieba's tagging of every sentence, and 7 more strings per
# character): 2.2 times the stage's CPU (bench/FINDINGS.md, "The name CRF as a loader stage").
WORD_FEATURES = False
# Tag with the stage's own tagger what python-crfsuite would tag (loaders/stages/crf_tagger.py): the
# same spans (tests/test_crf_tagger.py) at a fraction of the stage's time. Off: python-crfsuite tags.
OWN_TAGGER = True

# Heads of names the CRF sees as features: where a suffix ends, at the character and just after it.
SUFFIX_FEATURES = tuple(
    sorted(
        {
            *("委员会", "研究院", "研究所", "人民政府", "实验室", "公司", "集团", "大学", "学院", "医院"),
            *("银行", "协会", "商会", "政府", "学校", "局", "委", "厅", "办"),
            *("产业园区", "产业园", "科技园", "开发区", "高新区", "示范区", "试验区", "自贸区", "保税区"),
            *("合作区", "先行区", "片区", "新区", "园区", "园", "项目", "工程", "中心", "基地", "平台"),
            *("大厦", "机场", "铁路", "高速", "大桥", "隧道", "口岸", "枢纽", "港", "站", "线", "馆", "城"),
            *("区", "谷", "湾", "路", "村", "街道"),
        },
        key=len,
        reverse=True,
    )
)
_SUFFIX_LENGTHS = sorted({len(s) for s in SUFFIX_FEATURES}, reverse=True)
_SUFFIX_SET = frozenset(SUFFIX_FEATURES)
_PERSON = re.compile(r"[\u3400-\u9fff·]{2,5}")
# A span's suffix looked up by its last k characters, longest k first (of one length at most one
# suffix ends a span): the answer of trying every suffix longest first, a set lookup per length.
_LONGEST_FIRST = sorted(SUFFIXES, key=len, reverse=True)
_SUFFIX_LENGTHS_DESC = sorted({len(s) for s in SUFFIXES if s}, reverse=True)


@dataclass(frozen=True)
class Settings:
    """The model and threshold the stage uses (the benchmark swaps in a fold's model)."""

    model: Path | None = None  # None: the shipped model
    threshold: float = THRESHOLD
    replace: float | None = REPLACE  # from this confidence a CRF span replaces the rule names it overlaps


settings = Settings()


def shipped_model() -> Path:
    return Path(str(resources.files("loaders") / "models" / "names.crfsuite"))


@cache
def _tagger(path: Path) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


class _KindFeatures(dict[str, str]):
    """``kind=…`` of each character, computed once per character ever seen."""

    def __missing__(self, c: str) -> str:
        self[c] = value = "kind=" + crf_tagger.char_kind(c)
        return value


_KIND = _KindFeatures()
# A suffix can end only at one of these characters: elsewhere the lookup is skipped.
_SUFFIX_LAST = frozenset(s[-1] for s in SUFFIX_FEATURES)
_POSITIONS = {1: ["S"], 2: ["B", "E"]}


def _positions(size: int) -> list[str]:
    out = _POSITIONS.get(size)
    if out is None:
        out = _POSITIONS[size] = ["B", *["M"] * (size - 2), "E"]
    return out


def sentence_features(seg: Segmentation, sent: Sentence) -> list[list[str]]:
    """Per character of ``sent``: itself, its neighbours, the name suffixes ending at it and its
    neighbours, and (with :data:`WORD_FEATURES`) jieba's word position, tag and word."""
    text = sent.text
    n = len(text)
    suffix_end = [""] * n
    for i, c in enumerate(text):
        if c in _SUFFIX_LAST:
            for k in _SUFFIX_LENGTHS:
                if k <= i + 1 and text[i + 1 - k : i + 1] in _SUFFIX_SET:
                    suffix_end[i] = text[i + 1 - k : i + 1]
                    break
    padded = ["BOS", "BOS", *text, "EOS", "EOS"]
    columns = [
        ["c=" + c for c in text],
        [_KIND[c] for c in text],
        ["c-1=" + c for c in padded[1 : n + 1]],
        ["c+1=" + c for c in padded[3 : n + 3]],
        ["c-2=" + c for c in padded[:n]],
        ["c+2=" + c for c in padded[4 : n + 4]],
        ["c-1c=" + a + b for a, b in zip(padded[1 : n + 1], text, strict=True)],
        ["cc+1=" + a + b for a, b in zip(text, padded[3 : n + 3], strict=True)],
    ]
    tag: list[str] = []
    if WORD_FEATURES:
        position: list[str] = []
        word_of: list[str] = []
        for w, f, a, b in seg.tags_at(sent.start, sent.end):
            size = b - a
            position += _positions(size)
            tag += [f] * size
            word_of += [w if size <= 4 else "LONG"] * size
        columns += [
            ["pos=" + p for p in position],
            ["tag=" + t for t in tag],
            ["pos_tag=" + p + t for p, t in zip(position, tag, strict=True)],
            ["word=" + w for w in word_of],
        ]
    columns.append(["suf=" + x for x in suffix_end])
    rows = [["bias", *row] for row in zip(*columns, strict=True)]
    # Each character's row goes on with tag-1, suf-1, tag+1, suf+1, … tag+3, suf+3 (where the
    # neighbour exists; suf only where a suffix ends there): offset by offset, in that order.
    for offset in (-1, 1, 2, 3):
        shown = f"{offset:+d}="
        tag_name, suf_name = "tag" + shown, "suf" + shown
        for i in range(max(0, -offset), min(n, n - offset)):
            j = i + offset
            row = rows[i]
            if tag:
                row.append(tag_name + tag[j])
            if suffix_end[j]:
                row.append(suf_name + suffix_end[j])
    return rows


@dataclass(frozen=True)
class Span:
    start: int  # clean offsets
    end: int
    label: str
    confidence: float


def tag_spans(seg: Segmentation, sents: list[Sentence], model: Path) -> list[Span]:
    """Every span the CRF tags in ``sents``, with its least sure character's marginal probability."""
    out: list[Span] = []
    own = crf_tagger.model_tagger(model, SUFFIX_FEATURES) if OWN_TAGGER and not WORD_FEATURES else None
    if own is not None:  # tagged as crfsuite tags them (no labels where all O: no span)
        for sent, known in zip(sents, own.tag([s.text for s in sents]), strict=True):
            if known.tags:
                out += _spans(sent, known.tags, known.least_marginal)
        return out
    tagger = _tagger(model)
    for sent in sents:
        tagger.set(sentence_features(seg, sent))
        tags = tagger.tag()
        out += _spans(sent, tags, partial(_least_marginal, tagger, tags))
    return out


def _least_marginal(tagger: pycrfsuite.Tagger, tags: list[str], start: int, end: int) -> float:
    return min(tagger.marginal(tags[k], k) for k in range(start, end))


def _spans(sent: Sentence, tags: list[str], least: Callable[[int, int], float]) -> list[Span]:
    """The spans of one sentence's tags, each with its least sure character's marginal
    (``least(a, b)``: the least marginal of the labels of characters a to b)."""
    out: list[Span] = []
    n = len(tags)
    start, label, inside = -1, "", ""
    for i, t in enumerate(tags):
        if t == inside:
            continue  # the span goes on
        if start >= 0:
            out.append(Span(sent.start + start, sent.start + i, label, least(start, i)))
            start, inside = -1, ""
        if t != "O":  # B-X, or an I-X with no span open, opens one
            start, label = i, t[2:]
            inside = "I-" + label
    if start >= 0:
        out.append(Span(sent.start + start, sent.start + n, label, least(start, n)))
    return out


def _grammatical(state: ExtractionState, surface: str, label: str) -> bool:
    """The checks a rule name passes: name characters only, and a name, not a phrase, before its
    head; a person is two to five Han characters."""
    if label == "Person":
        return _PERSON.fullmatch(surface) is not None
    if not name_chars(surface) or state.rules is None:
        return False
    suffix = head_suffix(surface)
    return state.rules.is_name(display_name(surface), suffix)


def head_suffix(surface: str) -> str:
    """The longest suffix ``surface`` ends in and holds more than (tests/test_loader_shortcuts.py
    compares it with trying every suffix in :data:`_LONGEST_FIRST`)."""
    n = len(surface)
    for k in _SUFFIX_LENGTHS_DESC:
        if k < n and surface[-k:] in SUFFIXES:
            return surface[-k:]
    return ""


def add_crf_mentions(state: ExtractionState) -> None:
    """Append the CRF's confident names the rules missed to ``state.candidates.found``; a name sure
    enough (:data:`REPLACE`) replaces the rule names its span overlaps."""
    if settings.threshold > 1.0:
        return  # switched off: no marginal reaches it
    c = state.candidates
    # A place of the national table sits inside names as often as alone (黄冈 of 黄冈临空经济区): it
    # neither blocks nor is replaced by the CRF's reading of the span around it.
    rules = [m for m in c.found if m.source != "division"]
    taken = sorted((m.start, m.end) for m in [*c.known, *rules, *(p.mention for p in c.persons)])
    covered = bytearray(len(state.clean) + 1)
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)
    names = {nfkc(m.name) for m in [*c.known, *c.found, *(p.mention for p in c.persons)]}
    names |= {nfkc(a) for m in [*c.known, *c.found] for a in m.aliases}
    fixed = bytearray(len(state.clean) + 1)  # lexicon names and people: never replaced
    for m in [*c.known, *(p.mention for p in c.persons)]:
        fixed[m.start : m.end] = b"\x01" * (m.end - m.start)
    rule_names = _RuleNames(c.found, skip="division")
    replaced: set[int] = set()
    model = settings.model or shipped_model()
    for span in tag_spans(state.seg, state.sents, model):
        if span.confidence < settings.threshold or span.label not in LABELS:
            continue
        if any(a <= span.start < b for a, b in state.source_lines):
            continue
        surface = state.clean[span.start : span.end]
        name = display_name(surface)
        if any(covered[span.start : span.end]):
            # Where the rules read a span the CRF reads otherwise, a sure CRF wins (held out, it
            # mends more rule fragments and run-ons than it breaks right names).
            phased = _phase_of(rule_names, span, state.clean)
            if phased is not None:
                # 粤海体育休闲公园（一期）: the rule's name and its phase, one project across the years;
                # the form with the phase is an alias.
                phased.aliases.add(name)
                continue
            over = _replaceable(rule_names, fixed, span)
            if not over or len(name) < 2 or not _grammatical(state, surface, span.label):
                continue
            replaced |= over
        elif len(name) < 2 or nfkc(name) in names or not _grammatical(state, surface, span.label):
            continue
        confidence = {"confidence": round(span.confidence, 3)}
        c.found.append(Mention(span.start, span.end, span.label, name, "crf", properties=confidence))
    if replaced:
        c.found[:] = [m for k, m in enumerate(c.found) if k not in replaced]


class _RuleNames:
    """The rule names found so far, by start: which of them a span overlaps."""

    def __init__(self, found: list[Mention], skip: str = "") -> None:
        self.found = found
        self.by_start = sorted((m.start, k) for k, m in enumerate(found) if m.source != skip)
        self.longest = max((m.end - m.start for m in found), default=0)

    def overlapping(self, start: int, end: int) -> set[int]:
        lo = bisect.bisect_left(self.by_start, (start - self.longest, -1))
        hi = bisect.bisect_left(self.by_start, (end, -1))
        return {k for _, k in self.by_start[lo:hi] if self.found[k].end > start}


def _phase_of(rule_names: _RuleNames, span: Span, clean: str) -> Mention | None:
    """The rule name of ``span``'s label that the span is but for a phase in brackets after it."""
    for k in rule_names.overlapping(span.start, span.end):
        m = rule_names.found[k]
        if m.start == span.start and m.label == span.label and _PHASE_AFTER.fullmatch(clean, m.end, span.end):
            return m
    return None


def _replaceable(rule_names: _RuleNames, fixed: bytearray, span: Span) -> set[int]:
    """Indexes of the rule names ``span`` replaces: those it overlaps, when it is sure enough, all of
    them have its label, none holds the whole CRF span, and it overlaps no lexicon name or person
    (those stand)."""
    if settings.replace is None or span.confidence < settings.replace:
        return set()
    if any(fixed[span.start : span.end]):
        return set()
    found = rule_names.found
    over = rule_names.overlapping(span.start, span.end)
    if any(found[k].label != span.label for k in over):
        return set()  # a place or a company in a name is no fragment of it (瑞普达 in 瑞普达…产线)
    if not over or any(found[k].start <= span.start and span.end <= found[k].end for k in over):
        return set()  # the same span, or a longer rule name holding the CRF's: the rule's stands
    return over
