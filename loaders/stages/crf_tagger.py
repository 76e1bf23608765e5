"""The name CRF's tagging, for a whole document at once: what python-crfsuite tags.

Tagging one sentence with python-crfsuite costs its feature strings (~12 a character) and the
conversion of each to an attribute id, most of the stage's time. Here the model's weights are read
from its file once (:func:`read_model`), and for a document's sentences together:

1. the state scores: the weights of each character's features (those of
   :func:`loaders.stages.crf.sentence_features`) found in hash tables of the model's keys and added
   from zero in the order crfsuite adds them, so the sums are crfsuite's to the bit
   (:func:`loaders.stages.crf_passes.state_scores`; the suffixes ending at each character are found
   with numpy first);
2. crfsuite's Viterbi over every sentence (:mod:`loaders.stages.crf_passes`: the same sums and ties);
3. for the sentences with a label other than ``O`` (about one in five), crfsuite's scaled
   forward-backward marginals.

tests/test_crf_tagger.py compares the spans with python-crfsuite tagging every sentence.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from loaders.codepoints import code_points
from loaders.stages import crf_passes

_BOS, _EOS = 0x110000, 0x110001  # past the last code point: never a character
_SHIFT = 21  # a character pair as one int64: first << 21 | second
# Offsets of the one-character templates (c=, c-1=, …) and of the suffix templates after the first.
_CHARS = {"c": 0, "c-1": -1, "c+1": 1, "c-2": -2, "c+2": 2}
_PAIRS = {"c-1c": -1, "cc+1": 0}  # the pair starts at this offset
_SUFFIX_NEAR = {"suf-1": -1, "suf+1": 1, "suf+2": 2, "suf+3": 3}
_KINDS = ("digit", "space", "han", "other")


def read_model(path: Path) -> tuple[list[str], list[str], list[tuple[int, int, int, float]]]:
    """Labels, attributes and features (type, source, destination, weight) of a crfsuite model file.

    The format is crfsuite's ``crf1d`` model (``lCRF``/``FOMC``): a header of offsets, the features
    (20 bytes each, the weight a little-endian double) and two CQDB string tables whose backward
    arrays map an id to its string. The weights are exact here; ``Tagger.info()`` prints them with
    six decimals."""
    b = path.read_bytes()
    magic, _, kind, _, _, _, _, off_feat, off_labels, off_attrs = struct.unpack_from("<4sI4sIIIIIII", b)
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError(f"{path}: not a crfsuite CRF1d model")

    def strings(off: int) -> list[str]:
        chunk, _, _, _, size, bwd = struct.unpack_from("<4sIIIII", b, off)
        if chunk != b"CQDB":
            raise ValueError(f"{path}: no string table at {off}")
        out = []
        for i in range(size):
            (at,) = struct.unpack_from("<I", b, off + bwd + 4 * i)
            key_id, key_size = struct.unpack_from("<II", b, off + at)
            if key_id != i:
                raise ValueError(f"{path}: string table out of order")
            out.append(b[off + at + 8 : off + at + 7 + key_size].decode("utf-8"))
        return out

    chunk, _, count = struct.unpack_from("<4sII", b, off_feat)
    if chunk != b"FEAT":
        raise ValueError(f"{path}: no features at {off_feat}")
    features = [struct.unpack_from("<IIId", b, off_feat + 12 + 20 * k) for k in range(count)]
    return strings(off_labels), strings(off_attrs), features


def _char_code(s: str) -> int:
    return {"BOS": _BOS, "EOS": _EOS}.get(s) or ord(s)


def _pair_code(s: str) -> int:
    if s.startswith("BOS") and len(s) == 4:
        a, b = _BOS, ord(s[3])
    elif s.endswith("EOS") and len(s) == 4:
        a, b = ord(s[0]), _EOS
    else:
        a, b = ord(s[0]), ord(s[1])
    return a << _SHIFT | b


def _bmp_key(s: str) -> int:
    """A string of BMP characters as one int, 16 bits a character."""
    key = 0
    for c in s:
        key = key << 16 | ord(c)
    return key


def _keyed(rows: dict[str, np.ndarray], code: Callable[[str], int]) -> dict[int, np.ndarray]:
    """A template's weight rows by the code of their key."""
    return {code(k): v for k, v in rows.items()}


def char_kind(c: str) -> str:
    """The ``kind=`` feature of a character (:func:`loaders.stages.crf.sentence_features`)."""
    if c.isdigit():
        return "digit"
    if c.isspace():
        return "space"
    return "han" if "\u4e00" <= c <= "\u9fff" else "other"


def _kind_of(code: int) -> str:
    """:func:`char_kind` of a code; the pads (past the last code point) are "other"."""
    return "other" if code >= _BOS else char_kind(chr(code))


class ModelTagger:
    """The model's weights as tables, and crfsuite's tagging of a document's sentences with them."""

    def __init__(self, path: Path, suffixes: tuple[str, ...]) -> None:
        labels, attrs, features = read_model(path)
        self.labels = labels
        self.label_names = np.array(labels, object)
        n = self.n_labels = len(labels)
        self.o = labels.index("O")
        self.trans = np.zeros((n, n))
        by_template: dict[str, dict[str, np.ndarray]] = {}
        for kind, src, dst, weight in features:
            if kind == 1:
                self.trans[src, dst] = weight
            else:
                name, _, key = attrs[src].partition("=")
                by_template.setdefault(name, {}).setdefault(key, np.zeros(n))[dst] += weight
        unknown = set(by_template) - {"bias", "kind", "suf", *_CHARS, *_PAIRS, *_SUFFIX_NEAR}
        if unknown:
            raise ValueError(f"{path}: features the tagger does not compute: {sorted(unknown)}")
        self.exp_trans = np.exp(self.trans)
        # Suffixes by id (0: none); "suf=" with no suffix is a feature of its own (its weight on 0).
        self.suffix_id = {s: k + 1 for k, s in enumerate(suffixes)}
        if any(ord(c) >= 0xFFFF for s in suffixes for c in s):
            raise ValueError(f"{path}: a suffix past the BMP")
        self.suffix_last_mask = np.zeros(0x10000, bool)
        self.suffix_last_mask[[ord(s[-1]) for s in suffixes]] = True
        self.suffix_keys: dict[int, tuple[np.ndarray, np.ndarray]] = {}  # by length, longest first
        for size in sorted({len(s) for s in suffixes}, reverse=True):
            by_key = sorted((_bmp_key(s), k) for s, k in self.suffix_id.items() if len(s) == size)
            self.suffix_keys[size] = (np.array([k for k, _ in by_key]), np.array([i for _, i in by_key]))
        # Every template's rows in one table, a block each in the order crfsuite adds them (that of
        # ``sentence_features``). The bias, c= and the kind depend on the character alone: they are
        # added once, in that order from zero, into the first block (rows 0-3 a character the model
        # never saw, by kind; then one a character it knows). Row 0 of the other blocks is a key
        # the model never saw (the zero row, or for suf= the weights of no suffix).
        chars = {t: _keyed(by_template.get(t, {}), _char_code) for t in _CHARS}
        pairs = {t: _keyed(by_template.get(t, {}), _pair_code) for t in _PAIRS}
        bias = by_template.get("bias", {}).get("", np.zeros(n))
        kind_weights = by_template.get("kind", {})
        base = []
        for code, weights in [*((None, np.zeros(n)) for _ in _KINDS), *chars["c"].items()]:
            row = np.zeros(n)
            row += bias
            row += weights
            row += kind_weights.get(_KINDS[len(base)] if code is None else _kind_of(code), np.zeros(n))
            base.append(row)
        zero = np.zeros((1, n))
        blocks = [
            np.array(base),
            *(np.vstack([zero, *chars[t].values()]) for t in _CHARS if t != "c"),
            *(np.vstack([zero, *pairs[t].values()]) for t in _PAIRS),
        ]
        for t in ("suf", *_SUFFIX_NEAR):
            w = np.zeros((len(suffixes) + 1, n))
            for key, weights in by_template.get(t, {}).items():
                if key in self.suffix_id:
                    w[self.suffix_id[key]] = weights
                elif key or t != "suf":
                    raise ValueError(f"{path}: suffix {key!r} is not one of the stage's")
                else:
                    w[0] = weights
            blocks.append(w)
        sizes = np.array([len(b) for b in blocks])
        self.block_starts = np.cumsum(sizes) - sizes
        self.weights = np.vstack(blocks)
        keyed = [*chars.values(), *pairs.values()]
        self.slots, self.slot_layout = crf_passes.key_tables([np.array(list(k), np.int64) for k in keyed])
        self.key_at = np.array([*_CHARS.values(), *_PAIRS.values()], np.int64)
        self.suffix_at = np.array([0, *_SUFFIX_NEAR.values()], np.int64)
        # The kind of each character of the BMP (:func:`char_kind`); past it, read as met.
        self.bmp_kinds = np.array([_KINDS.index(_kind_of(c)) for c in range(0x10000)], np.int64)

    def _kinds(self, codes: np.ndarray) -> np.ndarray:
        """Index in :data:`_KINDS` of each code (that of :func:`char_kind`)."""
        out = self.bmp_kinds[np.minimum(codes, 0xFFFF)]
        past = np.flatnonzero(codes > 0xFFFF)
        if len(past):
            distinct, where = np.unique(codes[past], return_inverse=True)
            out[past] = np.array([_KINDS.index(_kind_of(c)) for c in distinct.tolist()])[where]
        return out

    def _suffix_ends(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Where a suffix ends in ``codes`` and the id of the longest one ending there: each length,
        longest first, tried where a suffix's last character stands, the characters before it read
        as one int of 16 bits a character (every suffix is in the BMP; a code past it matches none)
        and looked up in the sorted suffixes of that length (tests/test_crf_tagger.py compares with
        the plain scan)."""
        bmp = np.where(codes < 0xFFFF, codes, 0xFFFF)
        ends = np.flatnonzero(self.suffix_last_mask[bmp])
        ids = np.zeros(len(ends), np.int64)
        for size, (keys, key_ids) in self.suffix_keys.items():
            open_ = np.flatnonzero((ids == 0) & (ends >= size - 1))
            at = ends[open_]
            key = np.zeros(len(at), np.int64)
            for back in range(size - 1, -1, -1):
                key = key << 16 | bmp[at - back]
            k = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            hit = keys[k] == key
            ids[open_[hit]] = key_ids[k[hit]]
        return ends[ids > 0], ids[ids > 0]

    def tag(self, texts: list[str]) -> list[Tagged]:
        """Per text (a sentence): crfsuite's Viterbi labels and their marginals; no labels where they
        are all ``O`` (no span: their marginals are not computed)."""
        out = [_ALL_O] * len(texts)
        lengths = np.array([len(t) for t in texts], np.intp)
        read = np.flatnonzero(lengths > 0)
        if not len(read):
            return out
        lens = lengths[read]
        first = np.cumsum(lens) - lens  # rows text by text
        score = self._scores([texts[k] for k in read], lens, first)
        labels = np.empty(len(score), np.int64)
        crf_passes.viterbi(score, first, lens, self.trans, labels)
        tagged = np.flatnonzero(np.add.reduceat(labels != self.o, first) > 0)  # a label other than O
        marginals = np.empty_like(score)
        crf_passes.marginals(score, first[tagged], lens[tagged], self.exp_trans, marginals)
        names = self.label_names[labels].tolist()
        for j in tagged.tolist():
            a, b = first[j], first[j] + lens[j]
            out[read[j]] = Tagged(names[a:b], labels[a:b], marginals[a:b])
        return out

    def _scores(self, texts: list[str], lengths: np.ndarray, first: np.ndarray) -> np.ndarray:
        """State scores of every character, text by text (text k's from row ``first[k]``): the
        weights of its features (those of :func:`loaders.stages.crf.sentence_features`) added in
        crfsuite's order by :func:`loaders.stages.crf_passes.state_scores`."""
        joined = "".join("\0\0" + t + "\0\0\0" for t in texts)
        codes = code_points(joined).astype(np.int64)
        starts = np.cumsum(lengths + 5) - lengths - 3  # where each text starts in codes
        suffix = np.zeros(len(codes) + 3, np.int64)
        ends, ids = self._suffix_ends(codes)  # before the pads become BOS and EOS: no suffix holds them
        suffix[ends] = ids
        kinds = self._kinds(codes)
        for d in (1, 2):
            codes[starts - d] = _BOS
        codes[starts + lengths] = codes[starts + lengths + 1] = _EOS
        score = np.empty((first[-1] + lengths[-1], self.n_labels))
        crf_passes.state_scores(
            self.weights,
            self.block_starts,
            self.slots,
            self.slot_layout,
            self.key_at,
            len(_CHARS),
            _SHIFT,
            self.suffix_at,
            codes,
            kinds,
            suffix,
            starts,
            first,
            lengths,
            score,
        )
        return score


@dataclass(frozen=True)
class Tagged:
    """One sentence's labels, and the marginal probability of each label at each character."""

    tags: list[str]
    labels: np.ndarray  # the label of each character, by its index
    marginals: np.ndarray  # characters × labels

    def least_marginal(self, start: int, end: int) -> float:
        """The least ``Tagger.marginal(tag, k)`` of the labels of characters ``start`` to ``end``: one
        gather for the span (a scalar lookup per character costs more than most sentences' tagging)."""
        return float(self.marginals[np.arange(start, end), self.labels[start:end]].min())


# A sentence all O: no labels, no marginals (no span to read).
_ALL_O = Tagged([], np.zeros(0, np.int64), np.zeros((0, 0)))


@cache
def model_tagger(path: Path, suffixes: tuple[str, ...]) -> ModelTagger | None:
    """The tagger of a model, or None where it has features the tagger does not compute."""
    try:
        return ModelTagger(path, suffixes)
    except ValueError:
        return None
