"""The name CRF's tagging with numpy, for a whole document at once: what python-crfsuite tags.

Tagging one sentence with python-crfsuite costs its feature strings (~12 a character) and the
conversion of each to an attribute id, most of the stage's time, though most sentences of a report
(on the Shenzhen reports four in five) come out all ``O``. Here the model's weights are read from its
file once (:func:`read_model`) and a document's sentences go through in step, one character of each
per step:

1. the state scores: the weights of each character's features (those of
   :func:`loaders.stages.crf.sentence_features`) added from zero in the order crfsuite adds them,
   so the sums are crfsuite's to the bit;
2. a screen: where no run of labels other than ``O`` can score as well as the all-``O`` path (less
   a rounding margin), crfsuite's Viterbi tags the sentence all ``O``: no span, nothing more to do;
3. for the others, crfsuite's Viterbi (the same sums and ties) and its scaled forward-backward
   marginals (equal to ~1e-14: numpy sums in another order).

Sentences longer than :data:`LONGEST` are left to python-crfsuite. tests/test_crf_screen.py compares
the spans with python-crfsuite tagging every sentence.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

_BOS, _EOS = 0x110000, 0x110001  # past the last code point: never a character
_SHIFT = 21  # a character pair as one int64: first << 21 | second
# Offsets of the one-character templates (c=, c-1=, …) and of the suffix templates after the first.
_CHARS = {"c": 0, "c-1": -1, "c+1": 1, "c-2": -2, "c+2": 2}
_PAIRS = {"c-1c": -1, "cc+1": 0}  # the pair starts at this offset
_SUFFIX_NEAR = {"suf-1": -1, "suf+1": 1, "suf+2": 2, "suf+3": 3}
_KINDS = ("digit", "space", "han", "other")
# Per character, far above the rounding of crfsuite's sums of the same weights in another order.
_MARGIN = 1e-6
# Longer sentences go to python-crfsuite: 1-2 % of the reports' sentences, which would cost most of
# the steps (bench/FINDINGS.md, "The CRF stage's tagging with numpy").
LONGEST = 200


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
        self.labels = labels
        self.label_id = {label: y for y, label in enumerate(labels)}
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
        character (tests/test_crf_screen.py compares with trying each length at each such end)."""
        last = len(joined) - 1
        ends, ids = [], []
        reversed_id = self.reversed_suffix_id
        for m in self.reversed_suffixes.finditer(joined[::-1]):
            ends.append(last - m.start())
            ids.append(reversed_id[m.group(1)])
        return ends[::-1], ids[::-1]

    def tag(self, texts: list[str]) -> list[Tagged | None]:
        """Per text (a sentence): crfsuite's Viterbi labels and their marginals, no labels where they
        are surely all ``O`` (no span), or None for a text longer
        than :data:`LONGEST` (the passes go in step, one step a character of the longest text read:
        the few long sentences would cost most of the steps; the caller tags those with crfsuite)."""
        out: list[Tagged | None] = [None] * len(texts)
        short = [k for k, t in enumerate(texts) if len(t) <= LONGEST]
        if short:
            for k, tagged in zip(short, self._tag([texts[k] for k in short]), strict=True):
                out[k] = tagged
        return out

    def screened(self, texts: list[str]) -> np.ndarray:
        """Per text: False where its labels are surely all ``O`` (the test of :meth:`tag`)."""
        lengths = np.array([len(t) for t in texts], np.intp)
        keep = np.zeros(len(texts), bool)
        if lengths.any():
            steps = _Steps(lengths[lengths > 0])
            keep[np.flatnonzero(lengths > 0)[steps.order]] = self._gains(self._scores(texts, steps), steps)
        return keep

    def _tag(self, texts: list[str]) -> list[Tagged]:
        lengths = np.array([len(t) for t in texts], np.intp)
        out = [Tagged([], _NO_MARGINALS, self.label_id)] * len(texts)
        read = np.flatnonzero(lengths > 0)
        if not len(read):
            return out
        steps = _Steps(lengths[read])
        score = self._scores([texts[k] for k in read], steps)
        kept = np.flatnonzero(self._gains(score, steps))  # in steps' order (longest first)
        if not len(kept):
            return out
        sub = _Steps(steps.lens[kept])  # the same order: already longest first
        sub_score = np.empty((sub.total, self.n_labels))
        sub_score[sub.row] = score[steps.row[steps.first[kept][sub.sent] + sub.t]]
        labels = self._viterbi(sub_score, sub)[sub.row]  # sentence by sentence, character by character
        marginals = self._marginals(sub_score, sub)[sub.row]
        for j, k in enumerate(read[steps.order[kept]]):
            a, b = sub.first[j], sub.first[j] + sub.lens[j]
            out[k] = Tagged([self.labels[y] for y in labels[a:b]], marginals[a:b], self.label_id)
        return out

    def _scores(self, texts: list[str], steps: _Steps) -> np.ndarray:
        """State scores of every character, rows in ``steps``' order: the weights of its features
        added in the order of :func:`loaders.stages.crf.sentence_features`, as crfsuite adds them
        (from zero, one attribute after the other), so the sums are crfsuite's to the bit."""
        lengths = np.array([len(t) for t in texts], np.intp)
        joined = "".join("\0\0" + t + "\0\0\0" for t in texts)
        codes = np.frombuffer(joined.encode("utf-32-le"), np.uint32).astype(np.int64)
        starts = np.cumsum(lengths + 5) - lengths - 3  # where each text starts in codes
        for d in (1, 2):
            codes[starts - d] = _BOS
        codes[starts + lengths] = codes[starts + lengths + 1] = _EOS
        suffix = np.zeros(len(codes) + 3, np.intp)
        ends, ids = self._suffix_ends(joined)
        suffix[ends] = ids
        at = np.empty(steps.total, np.intp)  # the code index of each row
        at[steps.row] = starts[steps.order][steps.sent] + steps.t
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

    def _gains(self, score: np.ndarray, steps: _Steps) -> np.ndarray:
        """Per sentence (in ``steps``' order): False where every path with a label other than ``O``
        scores below the all-``O`` path by more than a rounding margin."""
        # A path's gain over the all-O path is the sum of the gains of its runs of other labels (O to O
        # costs nothing against itself), so a sentence can be tagged otherwise than all O only where
        # some run gains. run[y, r]: the best gain of a run ending at row r's character with label
        # y, the characters before it O (the entry's transition paid, none at the sentence's start);
        # its exit transition is added after (none at the sentence's end).
        o, other = self.o, [y for y in range(self.n_labels) if y != self.o]
        t_oo = self.trans[o, o]
        inside = self.trans[np.ix_(other, other)] - t_oo
        enter = self.trans[o, other] - t_oo
        leave = self.trans[other, o] - t_oo
        # Label by row (run[y, r]): each step's rows are then the inner, contiguous axis of every
        # operation, where numpy is fastest (the same sums and maxima as row by label).
        run = np.ascontiguousarray((score[:, other] - score[:, [o]]).T)
        off, k = steps.off.tolist(), steps.k
        buf = np.empty((len(other), len(other), k[0]))
        inside, enter = inside[:, :, None], enter[:, None]
        for s in range(1, steps.n):
            a, b, p = off[s], off[s + 1], off[s - 1]
            x = buf[:, :, : b - a]
            np.add(run[:, None, p : p + b - a], inside, out=x)  # x[i, j, r]: from label i to j
            run[:, a:b] += np.maximum(_max_over_first(x), enter)
        last = np.zeros(steps.total, bool)
        last[steps.row[steps.first + steps.lens - 1]] = True  # each sentence's last character
        gain = (run + np.where(last, 0.0, leave[:, None])).max(axis=0)
        best = np.full(len(steps.lens), -np.inf)
        np.maximum.at(best, steps.row_sent, gain)
        return best >= -_MARGIN * (steps.lens + 1)

    def _viterbi(self, score: np.ndarray, steps: _Steps) -> np.ndarray:
        """crfsuite's Viterbi (``crf1dc_viterbi``), all sentences in step: the same sums, the first
        best label on ties; the label of each row."""
        off, k, trans = steps.off.tolist(), steps.k.tolist(), self.trans
        best = np.empty_like(score)
        back = np.zeros(score.shape, np.intp)
        best[: k[0]] = score[: k[0]]
        rows, cols = np.arange(k[0])[:, None], np.arange(self.n_labels)[None, :]
        for s in range(1, steps.n):
            a, b, p = off[s], off[s + 1], off[s - 1]
            x = best[p : p + b - a, :, None] + trans  # x[r, i, j]: from label i to j
            arg = back[a:b] = x.argmax(axis=1)
            # The value at the argmax: the maximum, picked from x for less than finding it again
            # (one fancy index: take_along_axis builds the same index arrays in Python every step).
            best[a:b] = x[rows[: b - a], arg, cols] + score[a:b]
        labels = np.empty(steps.total, np.intp)
        later = np.empty(0, np.intp)
        for s in range(steps.n - 1, -1, -1):
            a, kk = off[s], k[s]
            go_on = len(later)  # the first go_on sentences go on after this step
            labels[a : a + go_on] = back[off[s + 1] : off[s + 1] + go_on][np.arange(go_on), later]
            labels[a + go_on : a + kk] = best[a + go_on : a + kk].argmax(axis=1)
            later = labels[a : a + kk]
        return labels

    def _marginals(self, score: np.ndarray, steps: _Steps) -> np.ndarray:
        """crfsuite's marginal of each row's labels (``crf1dc_alpha_score``, ``crf1dc_beta_score``,
        ``crf1dc_marginal_point``): scaled forward and backward sums, all sentences in step."""
        off, k = steps.off.tolist(), steps.k.tolist()
        state, trans = np.exp(score), np.exp(self.trans)
        fwd = np.empty_like(state)
        scale = np.empty(steps.total)

        def normalise(a: int, b: int) -> None:
            total = fwd[a:b].sum(axis=1)
            total[total == 0.0] = 1.0  # crfsuite's scale is 1 where the sum is 0
            scale[a:b] = 1.0 / total
            fwd[a:b] *= scale[a:b, None]

        fwd[: k[0]] = state[: k[0]]
        normalise(0, k[0])
        for s in range(1, steps.n):
            a, b, p = off[s], off[s + 1], off[s - 1]
            np.multiply(fwd[p : p + b - a] @ trans, state[a:b], out=fwd[a:b])
            normalise(a, b)
        bwd = np.empty_like(state)
        for s in range(steps.n - 1, -1, -1):
            a, kk = off[s], k[s]
            go_on = k[s + 1] if s + 1 < steps.n else 0
            c = off[s + 1] if s + 1 < steps.n else 0
            nxt = bwd[c : c + go_on] * state[c : c + go_on]
            bwd[a : a + go_on] = (nxt @ trans.T) * scale[a : a + go_on, None]
            bwd[a + go_on : a + kk] = scale[a + go_on : a + kk, None]
        return fwd * bwd / scale[:, None]


_NO_MARGINALS = np.zeros((0, 0))


@dataclass(frozen=True)
class Tagged:
    """One sentence's labels, and the marginal probability of each label at each character."""

    tags: list[str]
    marginals: np.ndarray  # characters × labels
    label_id: dict[str, int]

    def least_marginal(self, start: int, end: int) -> float:
        """The least ``Tagger.marginal(tag, k)`` of the labels of characters ``start`` to ``end``: one
        gather for the span (a scalar lookup per character costs more than most sentences' tagging)."""
        ids = [self.label_id[t] for t in self.tags[start:end]]
        return float(self.marginals[np.arange(start, end), ids].min())


class _Steps:
    """Rows of a document's sentences in step order: longest first, step t holds character t of the
    first ``k[t]`` sentences (those longer than t) at rows ``off[t]`` to ``off[t + 1]``."""

    def __init__(self, lengths: np.ndarray) -> None:
        self.order = np.argsort(-lengths, kind="stable")
        self.lens = lens = lengths[self.order]
        self.n = int(lens[0])
        self.k = np.searchsorted(-lens, -np.arange(self.n), side="left")  # sentences longer than t
        self.off = np.concatenate([[0], np.cumsum(self.k)])
        self.total = int(self.off[-1])
        self.first = np.cumsum(lens) - lens  # sentence by sentence: where each starts
        self.sent = np.repeat(np.arange(len(lens)), lens)  # sentence by sentence: its sentence
        self.t = np.arange(self.total) - np.repeat(self.first, lens)  # … and its character
        self.row = self.off[self.t] + self.sent  # the row of each, sentence by sentence
        self.row_sent = np.empty(self.total, np.intp)
        self.row_sent[self.row] = self.sent


def _max_over_first(x: np.ndarray) -> np.ndarray:
    """``x.max(axis=0)`` of an (n, n, rows) array, by halves: numpy's reduction over a short axis
    costs several times more than elementwise maxima."""
    while x.shape[0] > 1:
        half = x.shape[0] // 2
        m = np.maximum(x[:half], x[half : 2 * half])
        if x.shape[0] % 2:
            np.maximum(m[0], x[-1], out=m[0])
        x = m
    return x[0]


@cache
def screen(path: Path, suffixes: tuple[str, ...]) -> Screen | None:
    """The screen of a model, or None where it has features the screen does not compute."""
    try:
        return Screen(path, suffixes)
    except ValueError:
        return None
