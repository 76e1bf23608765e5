"""jieba's words and part-of-speech tags of any span of one text.

The rules ask for the words of many overlapping spans of the same clause: a run, the run after a
trimmed word, a candidate, its head. jieba reads each span from scratch: it looks every prefix of
every position up in its dictionary (the DAG), finds the most probable route through the span, and
runs an HMM over stretches of characters it does not know. Here:

- the route through each block of the span comes from jieba-rs (``rjieba``), loaded with exactly
  the dictionary and total of the loader's jieba, so the same floats and the same ties (a block
  whose route it cannot state unambiguously goes through jieba's own ``calc``);
- the HMM reads only its unknown stretch, so its reading of each stretch is kept, and the words and
  tags of each span by its characters (both shared by all texts).

:class:`Segmentation` gives for any span exactly what ``jieba.Tokenizer.tokenize`` and
``jieba.posseg.POSTokenizer.cut`` give for that span's characters
(tests/test_segmentation_matches_jieba.py compares them span by span).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import TypeVar

import jieba
import jieba.finalseg
import jieba.posseg
import rjieba

from loaders.mentions import clause_ends, tokenizer
from loaders.pos_hmm import MIN_FLOAT as _MIN_FLOAT
from loaders.pos_hmm import pos_hmm

T = TypeVar("T")

Word = tuple[str, int, int]  # (word, start, end), offsets from the span's start
Tagged = tuple[str, str, int, int]  # (word, tag, start, end)

# jieba's own patterns: which characters its dictionary route reads, and how the rest is split.
_HAN_WORDS = jieba.re_han_default
_SKIP_WORDS = jieba.re_skip_default
_HAN_TAGS = jieba.posseg.re_han_internal
_SKIP_TAGS = jieba.posseg.re_skip_internal
_NUM = jieba.posseg.re_num
_ENG = jieba.posseg.re_eng
_HAN_DETAIL = jieba.posseg.re_han_detail
_FINALSEG_HAN = jieba.finalseg.re_han
_FINALSEG_SKIP = jieba.finalseg.re_skip
_SKIP_DETAIL = jieba.posseg.re_skip_detail
# What jieba-rs may join in a route: runs of one-letter or one-digit words.
_LETTER_OR_DIGIT = re.compile(r"[a-zA-Z0-9]")

# The HMM's reading of an unknown stretch depends on the stretch alone: shared by every text.
_MEMO_LIMIT = 200_000


@lru_cache(maxsize=1)
def tagger() -> jieba.posseg.POSTokenizer:
    """jieba's part-of-speech tagger over the lexicon-aware tokenizer."""
    t = jieba.posseg.POSTokenizer(tokenizer())
    t.makesure_userdict_loaded()
    return t


# A word no text holds (a private-use character outside jieba's blocks) that carries the part of
# jieba's total that jieba-rs does not count: jieba adds a user word's frequency to its total even
# where the word was in its dictionary already, jieba-rs replaces it.
_BALANCE = "\U000f0000"


@lru_cache(maxsize=1)
def router() -> rjieba.Jieba:
    """jieba-rs with the words, frequencies and total of :func:`loaders.mentions.tokenizer`: its
    route without the HMM is jieba's (jieba computes it in Python, 10× slower; bench/FINDINGS.md)."""
    tok = tokenizer()
    tok.check_initialized()
    out = rjieba.Jieba.empty()
    kept = 0
    for word, freq in tok.FREQ.items():
        if freq:  # jieba keeps every prefix of its words, at frequency 0: no word of the route
            out.add_word(word, freq, None)
            kept += freq
    if tok.total > kept:
        out.add_word(_BALANCE, tok.total - kept, None)
    return out


def clear_memos() -> None:
    """Forget the HMM's readings of unknown stretches, the routes of blocks and the words and tags of
    spans read so far (benchmarks measure text never seen)."""
    _unknown_words.cache_clear()
    _unknown_tags.cache_clear()
    _SPAN_WORDS.clear()
    _SPAN_TAGS.clear()
    _ROUTES.clear()
    pos_hmm().forget()


# jieba's words and tags of a span depend on its characters alone: a clause, a name or a head read
# once serves every text that holds it again (news and plans repeat names and phrases). Plain
# dicts, emptied when full: looked up on every span, they must cost less than an lru_cache call.
_SPAN_WORDS: dict[str, list[Word]] = {}
_SPAN_TAGS: dict[str, tuple[Tagged, ...]] = {}
# The route through a block depends on its characters alone too: the spans of a clause share most
# of their blocks (four in ten are read again).
_ROUTES: dict[str, list[str]] = {}


def _remember(memo: dict[str, T], span: str, value: T) -> T:
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[span] = value
    return value


@lru_cache(maxsize=_MEMO_LIMIT)
def _unknown_words(buf: str) -> tuple[str, ...]:
    return tuple(_finalseg_cut(buf))


def _finalseg_cut(buf: str) -> list[str]:
    """jieba.finalseg's ``cut``: Chinese stretches through its four-state HMM, the rest split apart."""
    out: list[str] = []
    force_split = jieba.finalseg.Force_Split_Words
    for blk in _FINALSEG_HAN.split(buf):
        if not blk:
            continue
        if not _FINALSEG_HAN.match(blk):
            out += [x for x in _FINALSEG_SKIP.split(blk) if x]
            continue
        words: list[str] = []
        begin = nexti = 0
        for i, pos in enumerate(_bmes_states(blk)):
            if pos == "B":
                begin = i
            elif pos == "E":
                words.append(blk[begin : i + 1])
                nexti = i + 1
            elif pos == "S":
                words.append(blk[i])
                nexti = i + 1
        if nexti < len(blk):
            words.append(blk[nexti:])
        if force_split:  # words jieba was told never to join come out one character each
            words = [c for w in words for c in (w if w in force_split else (w,))]
        out += words
    return out


def _bmes_states(obs: str) -> list[str]:
    """jieba.finalseg's ``viterbi`` written out for its four states (B, M, E, S) and the two states
    that may precede each: the same sums in the same order, and its ties (``max`` over (score,
    state) keeps the later letter)."""
    start_p, trans_p, emit_p = jieba.finalseg.start_P, jieba.finalseg.trans_P, jieba.finalseg.emit_P
    e_b, e_m, e_e, e_s = emit_p["B"], emit_p["M"], emit_p["E"], emit_p["S"]
    t_eb, t_sb = trans_p["E"].get("B", _MIN_FLOAT), trans_p["S"].get("B", _MIN_FLOAT)
    t_mm, t_bm = trans_p["M"].get("M", _MIN_FLOAT), trans_p["B"].get("M", _MIN_FLOAT)
    t_ss, t_es = trans_p["S"].get("S", _MIN_FLOAT), trans_p["E"].get("S", _MIN_FLOAT)
    t_be, t_me = trans_p["B"].get("E", _MIN_FLOAT), trans_p["M"].get("E", _MIN_FLOAT)
    ch = obs[0]
    v_b = start_p["B"] + e_b.get(ch, _MIN_FLOAT)
    v_m = start_p["M"] + e_m.get(ch, _MIN_FLOAT)
    v_e = start_p["E"] + e_e.get(ch, _MIN_FLOAT)
    v_s = start_p["S"] + e_s.get(ch, _MIN_FLOAT)
    backs: list[dict[str, str]] = []
    for ch in obs[1:]:
        em = e_b.get(ch, _MIN_FLOAT)
        p, q = v_e + t_eb + em, v_s + t_sb + em
        n_b, k_b = (p, "E") if p > q else (q, "S")
        em = e_m.get(ch, _MIN_FLOAT)
        p, q = v_m + t_mm + em, v_b + t_bm + em
        n_m, k_m = (q, "B") if q > p else (p, "M")
        em = e_e.get(ch, _MIN_FLOAT)
        p, q = v_b + t_be + em, v_m + t_me + em
        n_e, k_e = (p, "B") if p > q else (q, "M")
        em = e_s.get(ch, _MIN_FLOAT)
        p, q = v_s + t_ss + em, v_e + t_es + em
        n_s, k_s = (q, "E") if q > p else (p, "S")
        v_b, v_m, v_e, v_s = n_b, n_m, n_e, n_s
        backs.append({"B": k_b, "M": k_m, "E": k_e, "S": k_s})
    state = "E" if v_e > v_s else "S"
    route = [state] * len(obs)
    for t in range(len(obs) - 1, 0, -1):
        state = backs[t - 1][state]
        route[t - 1] = state
    return route


@lru_cache(maxsize=_MEMO_LIMIT)
def _unknown_tags(buf: str) -> tuple[tuple[str, str], ...]:
    return tuple(_hmm_detail(buf))


def _hmm_detail(buf: str) -> list[tuple[str, str]]:
    """jieba.posseg's ``__cut_detail``: Chinese stretches through its HMM, digits and letters apart."""
    out: list[tuple[str, str]] = []
    for blk in _HAN_DETAIL.split(buf):
        if _HAN_DETAIL.match(blk):
            out += _hmm_cut(blk)
            continue
        for x in _SKIP_DETAIL.split(blk):
            if x:
                out.append((x, "m" if _NUM.match(x) else "eng" if _ENG.match(x) else "x"))
    return out


def _hmm_cut(sentence: str) -> list[tuple[str, str]]:
    """jieba.posseg's ``__cut``: words and tags from the most probable (position, tag) states."""
    states = pos_hmm().states_of(sentence)
    out: list[tuple[str, str]] = []
    begin, nexti = 0, 0
    for i, char in enumerate(sentence):
        pos, tag = states[i]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((sentence[begin : i + 1], tag))
            nexti = i + 1
        elif pos == "S":
            out.append((char, tag))
            nexti = i + 1
    if nexti < len(sentence):
        out.append((sentence[nexti:], states[nexti][1]))
    return out


class Segmentation:
    """Words and tags of spans of ``text``, exactly as jieba gives them for the span's characters."""

    def __init__(self, text: str) -> None:
        tok = tokenizer()
        tok.check_initialized()
        self.text = text
        self._tok = tok
        self._router = router()
        self._freq: dict[str, int] = tok.FREQ
        self._tag_of: dict[str, str] = tagger().word_tag_tab

    # ---- by string: a span's words depend on its characters alone, wherever they stand

    def words(self, text: str) -> list[Word]:
        """jieba's ``tokenize(text)``."""
        out = _SPAN_WORDS.get(text)
        if out is None:
            out = Segmentation(text).words_at(0, len(text))
        return out

    def tags(self, text: str) -> tuple[Tagged, ...]:
        """jieba.posseg's ``cut(text)`` as (word, tag, start, end)."""
        out = _SPAN_TAGS.get(text)
        if out is None:
            out = Segmentation(text).tags_at(0, len(text))
        return out

    # ---- by span

    def words_at(self, start: int, end: int) -> list[Word]:
        """jieba's ``tokenize(text[start:end])``: (word, start, end) from the span's start.

        The list is shared with every later reader of the same characters: never change it."""
        span = self.text[start:end]
        done = _SPAN_WORDS.get(span)
        if done is not None:
            return done
        out: list[Word] = []
        pos = start
        for m in _HAN_WORDS.finditer(self.text, start, end):
            a, b = m.span()
            if a > pos:
                self._skip_words(out, pos, a, start)
            self._route_words(out, a, b, start)
            pos = b
        if pos < end:
            self._skip_words(out, pos, end, start)
        return _remember(_SPAN_WORDS, span, out)

    def clause_bounds(self, start: int, end: int) -> tuple[set[int], set[int]] | None:
        """Where jieba's words of the clause around ``[start, end)`` start and stop, as offsets of
        the text; None when the span runs past its clause's end."""
        ends = clause_ends(self.text)
        at = bisect.bisect_left(ends, start)
        cstart = ends[at - 1] + 1 if at else 0
        cend = ends[at] if at < len(ends) else len(self.text)
        if end > cend:
            return None
        words = self.words_at(cstart, cend)
        return {cstart + a for _, a, _ in words}, {cstart + b for _, _, b in words}

    def tags_at(self, start: int, end: int) -> tuple[Tagged, ...]:
        """jieba.posseg's ``cut(text[start:end])`` as (word, tag, start, end) from the span's start."""
        span = self.text[start:end]
        out = _SPAN_TAGS.get(span)
        if out is not None:
            return out
        acc: list[Tagged] = []
        pos = 0
        for w, f in self._tag_stream(start, end):
            acc.append((w, f, pos, pos + len(w)))
            pos += len(w)
        return _remember(_SPAN_TAGS, span, tuple(acc))

    # ---- jieba's cut, over offsets

    def _skip_words(self, out: list[Word], a: int, b: int, origin: int) -> None:
        """jieba's reading of text outside its blocks: blanks whole, anything else by character."""
        for x in _SKIP_WORDS.split(self.text[a:b]):
            if _SKIP_WORDS.match(x):
                out.append((x, a - origin, a - origin + len(x)))
                a += len(x)
                continue
            for ch in x:
                out.append((ch, a - origin, a - origin + 1))
                a += 1

    def _tag_stream(self, start: int, end: int) -> list[tuple[str, str]]:
        text, out = self.text, []
        pos = start
        for m in _HAN_TAGS.finditer(text, start, end):
            if m.start() > pos:
                out += _skip_tags(text[pos : m.start()])
            out += self._route_tags(m.start(), m.end())
            pos = m.end()
        if pos < end:
            out += _skip_tags(text[pos:end])
        return out

    def _route_words(self, out: list[Word], start: int, end: int, origin: int) -> None:
        """jieba's ``__cut_DAG`` of the block ``text[start:end]`` (HMM on), offsets from ``origin``."""
        x = buf = start  # buf: where the current run of one-character words starts
        for w in self._route(start, end):
            y = x + len(w)
            if y - x > 1:
                if buf < x:
                    self._flush_words(out, buf, x, origin)
                out.append((w, x - origin, y - origin))
                buf = y
            x = y
        if buf < end:
            self._flush_words(out, buf, end, origin)

    def _flush_words(self, out: list[Word], a: int, b: int, origin: int) -> None:
        """One-character words of the route: an unknown stretch goes through the HMM."""
        text = self.text
        if b - a == 1:
            out.append((text[a], a - origin, b - origin))
            return
        buf = text[a:b]
        if not self._freq.get(buf):
            p = a - origin
            for w in _unknown_words(buf):
                out.append((w, p, p + len(w)))
                p += len(w)
            return
        for i in range(a, b):  # a known word read as single characters: one word per character
            out.append((text[i], i - origin, i - origin + 1))

    def _route_tags(self, start: int, end: int) -> list[tuple[str, str]]:
        """jieba.posseg's ``__cut_DAG`` of the block ``text[start:end]``."""
        text, freq, tag_of, out = self.text, self._freq, self._tag_of, []
        x = buf = start
        for w in self._route(start, end):
            y = x + len(w)
            if y - x > 1:
                if buf < x:
                    out += self._flush_tags(text[buf:x], freq, tag_of)
                out.append((w, tag_of.get(w, "x")))
                buf = y
            x = y
        if buf < end:
            out += self._flush_tags(text[buf:end], freq, tag_of)
        return out

    @staticmethod
    def _flush_tags(
        buf: str, freq: dict[str, int], tag_of: dict[str, str]
    ) -> tuple[tuple[str, str], ...] | list[tuple[str, str]]:
        if len(buf) == 1:
            return ((buf, tag_of.get(buf, "x")),)
        if not freq.get(buf):
            return _unknown_tags(buf)
        return [(c, tag_of.get(c, "x")) for c in buf]

    # ---- the dictionary route

    def _route(self, start: int, end: int) -> list[str]:
        """The words of jieba's best route through the block ``text[start:end]`` (its ``calc``).

        jieba-rs gives the route with runs of one-letter or one-digit words joined (as jieba's
        ``cut`` without the HMM does); such a run is split again. Where the run is itself a word of
        the dictionary it may have been that word: jieba's own ``calc`` then reads the block."""
        block = self.text[start:end]
        done = _ROUTES.get(block)
        if done is not None:
            return done
        words: list[str] = self._router.cut(block, False)
        if _LETTER_OR_DIGIT.search(block) is None:
            return _remember(_ROUTES, block, words)  # no letter or digit: nothing was joined
        out: list[str] = []
        for w in words:
            if len(w) > 1 and w.isascii() and w.isalnum():
                if self._freq.get(w):
                    return _remember(_ROUTES, block, self._jieba_route(block))
                out += w
            else:
                out.append(w)
        return _remember(_ROUTES, block, out)

    def _jieba_route(self, block: str) -> list[str]:
        route: dict[int, tuple[float, int]] = {}
        self._tok.calc(block, self._tok.get_DAG(block), route)
        out, x = [], 0
        while x < len(block):
            y = route[x][1] + 1
            out.append(block[x:y])
            x = y
        return out


def _skip_tags(x: str) -> list[tuple[str, str]]:
    """jieba.posseg's reading of text outside its blocks (blanks, punctuation)."""
    out: list[tuple[str, str]] = []
    for part in _SKIP_TAGS.split(x):
        if _SKIP_TAGS.match(part):
            out.append((part, "x"))
            continue
        for ch in part:
            if _NUM.match(ch):
                out.append((ch, "m"))
            elif _ENG.match(part):
                out.append((ch, "eng"))
            else:
                out.append((ch, "x"))
    return out
