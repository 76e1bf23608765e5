"""The name CRF's tagging, for a whole document at once: what python-crfsuite tags.

Tagging one sentence with python-crfsuite costs its feature strings (~12 a character) and the
conversion of each to an attribute id, most of the stage's time. Here the model's weights are read
from its file once (:func:`read_model`), and for a document's sentences together:

1. the state scores: the weights of each character's features (those of
   :func:`loaders.stages.crf.sentence_features`) looked up with numpy and added from zero in the order
   crfsuite adds them, so the sums are crfsuite's to the bit;
2. crfsuite's Viterbi over every sentence (:mod:`loaders.stages.crf_passes`: the same sums and ties);
3. for the sentences with a label other than ``O`` (about one in five), crfsuite's scaled
   forward-backward marginals.

tests/test_crf_tagger.py compares the spans with python-crfsuite tagging every sentence.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

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


@dataclass
class _Table:
    """Weight rows of one template by its key, sorted; row 0 is the zero row of an unseen key."""

    keys: np.ndarray
    weights: np.ndarray

    def rows(self, keys: np.ndarray) -> np.ndarray:
        if not len(self.keys):
            return np.zeros(len(keys), np.intp)
        at = np.searchsorted(self.keys, keys)
        at[at >= len(self.keys)] = 0
        return np.where(self.keys[at] == keys, at + 1, 0)


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
        self.bias = by_template.get("bias", {}).get("", np.zeros(n))
        self.chars = {t: self._table(by_template.get(t, {}), _char_code) for t in _CHARS}
        self.pairs = {t: self._table(by_template.get(t, {}), _pair_code) for t in _PAIRS}
        kinds = by_template.get("kind", {})
        self.kinds = np.array([kinds.get(k, np.zeros(n)) for k in _KINDS])
        # Suffixes by id (0: none); "suf=" with no suffix is a feature of its own (its weight on 0).
        self.suffix_id = {s: k + 1 for k, s in enumerate(suffixes)}
        self.suffix_lengths = sorted({len(s) for s in suffixes}, reverse=True)
        self.suffix_last = re.compile("[" + re.escape("".join(sorted({s[-1] for s in suffixes}))) + "]")
        # The suffixes backwards, longest first: at a position of the reversed text, the first that
        # matches is the longest suffix ending at the same place of the text.
        self.reversed_suffixes = re.compile(
            "(?="
            + self.suffix_last.pattern
            + ")(?=("
            + "|".join(re.escape(s[::-1]) for s in sorted(suffixes, key=len, reverse=True))
            + "))"
        )
        self.reversed_suffix_id = {s[::-1]: k for s, k in self.suffix_id.items()}
        self.suffixes: dict[str, np.ndarray] = {}
        for t in ("suf", *_SUFFIX_NEAR):
            w = np.zeros((len(suffixes) + 1, n))
            for key, row in by_template.get(t, {}).items():
                if key in self.suffix_id:
                    w[self.suffix_id[key]] = row
                elif key or t != "suf":
                    raise ValueError(f"{path}: suffix {key!r} is not one of the stage's")
                else:
                    w[0] = row
            self.suffixes[t] = w

    def _table(self, rows: dict[str, np.ndarray], code: Callable[[str], int]) -> _Table:
        items = sorted((code(k), v) for k, v in rows.items())
        keys = np.array([k for k, _ in items], np.int64)
        weights = np.vstack([np.zeros(self.n_labels), *(v for _, v in items)])
        return _Table(keys, weights)

    def _kind_rows(self, codes: np.ndarray) -> np.ndarray:
        """Index in :data:`_KINDS` of each code (the stage's ``_kind``)."""
        out = np.full(len(codes), _KINDS.index("other"))
        out[(codes >= 0x4E00) & (codes <= 0x9FFF)] = _KINDS.index("han")
        for k in np.flatnonzero(out != _KINDS.index("han")):
            if codes[k] < _BOS:
                c = chr(codes[k])
                out[k] = _KINDS.index("digit" if c.isdigit() else "space" if c.isspace() else "other")
        return out

    def _suffix_ends(self, joined: str) -> tuple[list[int], list[int]]:
        """Where a suffix ends in ``joined`` and the id of the longest one ending there (pads hold none):
        the suffixes read backwards, longest first, tried where the reversed text holds one's last
        character (tests/test_crf_tagger.py compares with trying each length at each such end)."""
        last = len(joined) - 1
        ends, ids = [], []
        reversed_id = self.reversed_suffix_id
        for m in self.reversed_suffixes.finditer(joined[::-1]):
            ends.append(last - m.start())
            ids.append(reversed_id[m.group(1)])
        return ends[::-1], ids[::-1]

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
        weights of its features added in the order of :func:`loaders.stages.crf.sentence_features`,
        as crfsuite adds them (from zero, one attribute after the other), so the sums are crfsuite's
        to the bit."""
        joined = "".join("\0\0" + t + "\0\0\0" for t in texts)
        codes = np.frombuffer(joined.encode("utf-32-le"), np.uint32).astype(np.int64)
        starts = np.cumsum(lengths + 5) - lengths - 3  # where each text starts in codes
        for d in (1, 2):
            codes[starts - d] = _BOS
        codes[starts + lengths] = codes[starts + lengths + 1] = _EOS
        suffix = np.zeros(len(codes) + 3, np.intp)
        ends, ids = self._suffix_ends(joined)
        suffix[ends] = ids
        at = np.arange(first[-1] + lengths[-1]) + np.repeat(starts - first, lengths)  # each row's code
        uniq, inverse = np.unique(codes, return_inverse=True)

        def chars(name: str) -> np.ndarray:
            table = self.chars[name]
            return table.weights[table.rows(uniq)].take(inverse.take(at + _CHARS[name]), axis=0)

        # Each pair of neighbours once: a pair template's key at a row is the pair starting d from
        # it, and the distinct pairs are ~half the rows (the same rows looked up, fewer searches).
        pair_keys, pair_inverse = np.unique(codes[:-1] << _SHIFT | codes[1:], return_inverse=True)

        def pairs(name: str) -> np.ndarray:
            d, table = _PAIRS[name], self.pairs[name]
            return table.weights.take(table.rows(pair_keys).take(pair_inverse.take(at + d)), axis=0)

        # The first three additions (bias, c=, the kind) depend on the character alone: summed once
        # per distinct character, in the same order from zero, then spread (the same floats).
        table = self.chars["c"]
        base = np.zeros((len(uniq), self.n_labels))
        base += self.bias
        base += table.weights[table.rows(uniq)]
        base += self.kinds[self._kind_rows(uniq)]
        score = base.take(inverse.take(at), axis=0)
        for name in ("c-1", "c+1", "c-2", "c+2"):
            score += chars(name)
        for name in ("c-1c", "cc+1"):
            score += pairs(name)
        score += self.suffixes["suf"].take(suffix.take(at), axis=0)
        for name, d in _SUFFIX_NEAR.items():
            score += self.suffixes[name].take(suffix.take(at + d), axis=0)
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
