"""Which sentences the name CRF cannot tag anything but ``O`` in, found without tagging them.

Most sentences of a report hold no name the CRF tags (on the Shenzhen reports four in five), yet
tagging one costs its feature strings and python-crfsuite's conversion of them, most of the stage's
time. Here the model's weights are read from its file once, and each sentence's state scores (the
sum of the weights of its characters' features, the features of
:func:`loaders.stages.crf.sentence_features`) are summed with numpy for a whole document at once. A
max-product pass forward and one backward, over all sentences in step, give the best score of any
path through each (position, label). Where every path with a label other than ``O`` scores below
the all-``O`` path by more than a rounding margin, crfsuite's Viterbi tags the sentence all ``O``
and the stage would find no span in it: it is skipped. Every other sentence is tagged by
crfsuite as before, so the tags and marginals are crfsuite's own
(tests/test_crf_screen.py compares the spans with tagging every sentence).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from loaders.mentions import Sentence

_BOS, _EOS = 0x110000, 0x110001  # past the last code point: never a character
_SHIFT = 21  # a character pair as one int64: first << 21 | second
# Offsets of the one-character templates (c=, c-1=, …) and of the suffix templates after the first.
_CHARS = {"c": 0, "c-1": -1, "c+1": 1, "c-2": -2, "c+2": 2}
_PAIRS = {"c-1c": -1, "cc+1": 0}  # the pair starts at this offset
_SUFFIX_NEAR = {"suf-1": -1, "suf+1": 1, "suf+2": 2, "suf+3": 3}
_KINDS = ("digit", "space", "han", "other")
# Above the rounding of a double sum of a sentence's weights (crfsuite adds them in another order).
_MARGIN = 1e-6
# Longer sentences are tagged without the screen: 1-2 % of the reports' sentences, which would cost
# most of its steps (45 Shenzhen reports, the stage's CPU: 2.6 s tagging all, 1.9 s with 100 as the
# cap, 2.0 s with 60, 2.1-2.2 s with 150 or none).
LONGEST = 100


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


class Screen:
    """The model's weights as tables, and the test of which sentences may hold a tagged span."""

    def __init__(self, path: Path, suffixes: tuple[str, ...]) -> None:
        labels, attrs, features = read_model(path)
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
            raise ValueError(f"{path}: features the screen does not compute: {sorted(unknown)}")
        self.bias = by_template.get("bias", {}).get("", np.zeros(n))
        self.chars = {t: self._table(by_template.get(t, {}), _char_code) for t in _CHARS}
        self.pairs = {t: self._table(by_template.get(t, {}), _pair_code) for t in _PAIRS}
        kinds = by_template.get("kind", {})
        self.kinds = np.array([kinds.get(k, np.zeros(n)) for k in _KINDS])
        # Suffixes by id (0: none); "suf=" with no suffix is a feature of its own (its weight on 0).
        self.suffix_id = {s: k + 1 for k, s in enumerate(suffixes)}
        self.suffix_lengths = sorted({len(s) for s in suffixes}, reverse=True)
        self.suffix_last = re.compile("[" + re.escape("".join(sorted({s[-1] for s in suffixes}))) + "]")
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

    def may_tag(self, sents: list[Sentence]) -> list[bool]:
        """Per sentence: False where crfsuite's Viterbi surely tags every character ``O``. A sentence
        longer than :data:`LONGEST` is not read (True): the passes go in step, one step a character
        of the longest sentence read, and the few long sentences would cost most of the steps."""
        every = np.array([len(s.text) for s in sents], np.intp)
        keep = every > LONGEST
        read = [s for s, long in zip(sents, keep, strict=True) if not long]
        if any(s.text for s in read):
            keep[~keep] = self._may_tag(read)
        return keep.tolist()

    def _may_tag(self, sents: list[Sentence]) -> np.ndarray:
        lengths = np.array([len(s.text) for s in sents], np.intp)
        keep = np.zeros(len(sents), bool)
        joined = "".join("\0\0" + s.text + "\0\0\0" for s in sents)
        codes = np.frombuffer(joined.encode("utf-32-le"), np.uint32).astype(np.int64)
        starts = np.cumsum(lengths + 5) - lengths - 3  # where each sentence's text starts in codes
        for d in (1, 2):
            codes[starts - d] = _BOS
        codes[starts + lengths] = codes[starts + lengths + 1] = _EOS
        suffix = np.zeros(len(codes) + 3, np.intp)
        for m in self.suffix_last.finditer(joined):
            i = m.start()
            for size in self.suffix_lengths:  # the longest suffix ending here (pads hold none)
                sid = self.suffix_id.get(joined[i + 1 - size : i + 1])
                if sid:
                    suffix[i] = sid
                    break

        # Positions in step order: sentences longest first; step t holds the first k[t] of them.
        order = np.argsort(-lengths, kind="stable")
        lens = lengths[order]
        steps = int(lens[0])
        k = np.searchsorted(-lens, -np.arange(steps), side="left")  # sentences longer than t
        off = np.concatenate([[0], np.cumsum(k)])
        total = int(off[-1])
        sent = np.repeat(np.arange(len(lens)), lens)
        t = np.arange(total) - np.repeat(np.cumsum(lens) - lens, lens)
        row = off[t] + sent
        at = np.empty(total, np.intp)  # the code index of each row
        at[row] = starts[order][sent] + t
        row_sent = np.empty(total, np.intp)
        row_sent[row] = sent

        uniq, inverse = np.unique(codes, return_inverse=True)
        score = np.tile(self.bias, (total, 1))
        for name, d in _CHARS.items():
            score += self.chars[name].weights[self.chars[name].rows(uniq)[inverse[at + d]]]
        score += self.kinds[self._kind_rows(uniq)[inverse[at]]]
        for name, d in _PAIRS.items():
            pair = codes[at + d] << _SHIFT | codes[at + d + 1]
            score += self.pairs[name].weights[self.pairs[name].rows(pair)]
        score += self.suffixes["suf"][suffix[at]]
        for name, d in _SUFFIX_NEAR.items():
            score += self.suffixes[name][suffix[at + d]]

        # Max-product forward (best prefix ending in each label, its own score included) and backward
        # (best continuation after it), all sentences in step.
        trans = self.trans
        fwd = np.empty_like(score)
        fwd[: k[0]] = score[: k[0]]
        buf = np.empty((k[0], self.n_labels, self.n_labels))
        for s in range(1, steps):
            a, b, p = off[s], off[s + 1], off[s - 1]
            x = buf[: b - a]
            np.add(fwd[p : p + b - a, :, None], trans, out=x)  # x[r, i, j]: from label i to j
            np.add(_max_over(x, 1), score[a:b], out=fwd[a:b])
        bwd = np.zeros_like(score)
        for s in range(steps - 2, -1, -1):
            a, n, c = off[s], k[s + 1], off[s + 1]
            x = buf[:n]
            np.add(trans, (bwd[c : c + n] + score[c : c + n])[:, None, :], out=x)
            bwd[a : a + n] = _max_over(x, 2)
        best = fwd + bwd
        best[:, self.o] = -np.inf
        best_other = np.full(len(lens), -np.inf)
        np.maximum.at(best_other, row_sent, best.max(axis=1))
        all_o = np.zeros(len(lens))
        np.add.at(all_o, row_sent, score[:, self.o])
        all_o += (lens - 1) * trans[self.o, self.o]
        keep[order] = best_other >= all_o - _MARGIN * (lens + 1) * (1 + np.abs(all_o))
        keep[lengths == 0] = False
        return keep


def _max_over(x: np.ndarray, axis: int) -> np.ndarray:
    """``x.max(axis)`` of a (rows, 9, 9) array, by halves: numpy's reduction over a short axis costs
    several times more."""
    take = (lambda lo, hi: x[:, lo:hi]) if axis == 1 else (lambda lo, hi: x[:, :, lo:hi])
    size = x.shape[axis]
    if size != 9:
        return x.max(axis=axis)
    m = np.maximum(take(0, 4), take(4, 8))
    m = np.maximum(m[:, 0:2], m[:, 2:4]) if axis == 1 else np.maximum(m[:, :, 0:2], m[:, :, 2:4])
    m = np.maximum(m[:, 0], m[:, 1]) if axis == 1 else np.maximum(m[:, :, 0], m[:, :, 1])
    return np.maximum(m, x[:, 8] if axis == 1 else x[:, :, 8], out=m)


@cache
def screen(path: Path, suffixes: tuple[str, ...]) -> Screen | None:
    """The screen of a model, or None where it has features the screen does not compute."""
    try:
        return Screen(path, suffixes)
    except ValueError:
        return None
