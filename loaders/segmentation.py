"""jieba's words and part-of-speech tags of any span of one text, computed once per text.

The rules ask for the words of many overlapping spans of the same clause: a run, the run after a
trimmed word, a candidate, its head. jieba reads each span from scratch: it looks every prefix of
every position up in its dictionary (the DAG), finds the most probable route through the span, and
runs an HMM over stretches of characters it does not know. Each of those steps depends on less
than the whole span:

- the dictionary words at a position are the text's words there that end inside the span;
- the best route from a position depends only on the characters from there to the span's end;
- the HMM reads only its unknown stretch.

So :class:`Segmentation` keeps the text's dictionary words per position, one route per span end
(extended leftwards as spans ask for it), and the HMM's reading of each stretch (shared by all
texts), and gives for any span exactly what ``jieba.Tokenizer.tokenize`` and
``jieba.posseg.POSTokenizer.cut`` give for that span's characters
(tests/test_segmentation_matches_jieba.py compares them span by span).
"""

from __future__ import annotations

from functools import lru_cache
from math import log

import jieba
import jieba.finalseg
import jieba.posseg

from loaders.mentions import tokenizer

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
_SKIP_DETAIL = jieba.posseg.re_skip_detail
# The tagger's HMM: states per character, start, transition and emission log probabilities.
_POS_MODEL = (
    jieba.posseg.char_state_tab_P,
    jieba.posseg.start_P,
    jieba.posseg.trans_P,
    jieba.posseg.emit_P,
)
_MIN_FLOAT = -3.14e100  # jieba's log probability of an unseen emission
_MIN_INF = float("-inf")

# The HMM's reading of an unknown stretch depends on the stretch alone: shared by every text.
_MEMO_LIMIT = 200_000
_hmm_words: dict[str, tuple[str, ...]] = {}
_hmm_tags: dict[str, tuple[tuple[str, str], ...]] = {}


@lru_cache(maxsize=1)
def tagger() -> jieba.posseg.POSTokenizer:
    """jieba's part-of-speech tagger over the lexicon-aware tokenizer."""
    t = jieba.posseg.POSTokenizer(tokenizer())
    t.makesure_userdict_loaded()
    return t


def clear_memos() -> None:
    """Forget the HMM's readings of unknown stretches (benchmarks measure text never seen)."""
    _hmm_words.clear()
    _hmm_tags.clear()


def _unknown_words(buf: str) -> tuple[str, ...]:
    words = _hmm_words.get(buf)
    if words is None:
        if len(_hmm_words) > _MEMO_LIMIT:
            _hmm_words.clear()
        words = _hmm_words[buf] = tuple(jieba.finalseg.cut(buf))
    return words


def _unknown_tags(buf: str) -> tuple[tuple[str, str], ...]:
    tags = _hmm_tags.get(buf)
    if tags is None:
        if len(_hmm_tags) > _MEMO_LIMIT:
            _hmm_tags.clear()
        tags = _hmm_tags[buf] = tuple(_hmm_detail(buf))
    return tags


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
    states = _viterbi_states(sentence)
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


State = tuple[str, str]  # (position in the word: B, M, E or S; part-of-speech tag)


@lru_cache(maxsize=1)
def _pos_tables() -> tuple[
    dict[State, frozenset[State]], dict[State, frozenset[State]], dict[str, frozenset[State]]
]:
    """The tagger's transitions as sets: the states that lead to each state, the states each state
    leads to, and each character's possible states."""
    trans_p = _POS_MODEL[2]
    into: dict[State, set[State]] = {y: set() for y in trans_p}
    for y0, nexts in trans_p.items():
        for y in nexts:
            into.setdefault(y, set()).add(y0)
    succ = {y0: frozenset(nexts) for y0, nexts in trans_p.items()}
    chars = {c: frozenset(states) for c, states in _POS_MODEL[0].items()}
    chars[""] = frozenset(trans_p)  # every state (no character has the empty key)
    return {y: frozenset(x) for y, x in into.items()}, succ, chars


def _viterbi_states(obs: str) -> list[State]:
    """jieba.posseg's ``viterbi``: the same sums in the same order and the same ties, so the same states.

    jieba scores every pair of (previous, next) states and gives a pair without a transition
    minus infinity; such a pair never wins (each next state has a previous one that leads to it),
    so only the pairs with a transition are scored here, found by set intersection.
    """
    char_states, start_p, trans_p, emit_p = _POS_MODEL
    into, succ, char_sets = _pos_tables()
    all_states = char_sets[""]
    v: dict[State, float] = {}
    paths: list[dict[State, State | str]] = [{}]
    for y in char_states.get(obs[0], all_states):
        v[y] = start_p[y] + emit_p[y].get(obs[0], _MIN_FLOAT)
        paths[0][y] = ""
    for t in range(1, len(obs)):
        ch = obs[t]
        prev = frozenset(v)
        expect_next = frozenset().union(*[succ[x] for x in prev])
        obs_states = char_sets.get(ch, all_states) & expect_next
        if not obs_states:
            obs_states = expect_next if expect_next else all_states
        nv: dict[State, float] = {}
        path: dict[State, State | str] = {}
        for y in obs_states:
            e = emit_p[y].get(ch, _MIN_FLOAT)
            best_p = best_s = None
            for y0 in into[y] & prev:
                p = v[y0] + trans_p[y0][y] + e
                if best_p is None or p > best_p or (p == best_p and y0 > best_s):
                    best_p, best_s = p, y0
            if best_p is None:  # never met in jieba's tables; scored as jieba does
                prev_states = [x for x in prev if trans_p[x]]
                best_p, best_s = max((v[y0] + _MIN_INF + e, y0) for y0 in prev_states)
            nv[y] = best_p
            path[y] = best_s
        v = nv
        paths.append(path)
    _, state = max((p, y) for y, p in v.items())
    route: list[State] = [("", "")] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]  # type: ignore[assignment]
    return route


class Segmentation:
    """Words and tags of spans of ``text``, exactly as jieba gives them for the span's characters."""

    def __init__(self, text: str) -> None:
        tok = tokenizer()
        tok.check_initialized()
        self.text = text
        self._freq: dict[str, int] = tok.FREQ
        self._logtotal = log(tok.total)
        self._tag_of: dict[str, str] = tagger().word_tag_tab
        # Per position: (last index, log probability) of each dictionary word starting there.
        self._dag: dict[int, list[tuple[int, float]]] = {}
        # Per span end: the best route's (log probability, last index of the first word) per position.
        self._routes: dict[int, dict[int, tuple[float, int]]] = {}
        self._route_low: dict[int, int] = {}  # per span end: the lowest position its route covers
        self._words: dict[tuple[int, int], list[Word]] = {}
        self._tags: dict[tuple[int, int], tuple[Tagged, ...]] = {}
        self._words_of: dict[str, list[Word]] = {}
        self._tags_of: dict[str, tuple[Tagged, ...]] = {}

    # ---- by string: any occurrence of the characters gives the same answer

    def words(self, text: str) -> list[Word]:
        """jieba's ``tokenize(text)``: from the spans of this text when it holds ``text``."""
        out = self._words_of.get(text)
        if out is None:
            at = self.text.find(text)
            seg, at = (self, at) if at >= 0 else (Segmentation(text), 0)
            out = seg.words_at(at, at + len(text))
            self._words_of[text] = out
        return out

    def tags(self, text: str) -> tuple[Tagged, ...]:
        """jieba.posseg's ``cut(text)`` as (word, tag, start, end)."""
        out = self._tags_of.get(text)
        if out is None:
            at = self.text.find(text)
            seg, at = (self, at) if at >= 0 else (Segmentation(text), 0)
            out = seg.tags_at(at, at + len(text))
            self._tags_of[text] = out
        return out

    # ---- by span

    def words_at(self, start: int, end: int) -> list[Word]:
        """jieba's ``tokenize(text[start:end])``: (word, start, end) from the span's start."""
        key = (start, end)
        out = self._words.get(key)
        if out is not None:
            return out
        out = []
        pos = start
        for m in _HAN_WORDS.finditer(self.text, start, end):
            a, b = m.span()
            if a > pos:
                self._skip_words(out, pos, a, start)
            self._route_words(out, a, b, start)
            pos = b
        if pos < end:
            self._skip_words(out, pos, end, start)
        self._words[key] = out
        return out

    def tags_at(self, start: int, end: int) -> tuple[Tagged, ...]:
        """jieba.posseg's ``cut(text[start:end])`` as (word, tag, start, end) from the span's start."""
        key = (start, end)
        out = self._tags.get(key)
        if out is not None:
            return out
        acc: list[Tagged] = []
        pos = 0
        for w, f in self._tag_stream(start, end):
            acc.append((w, f, pos, pos + len(w)))
            pos += len(w)
        out = self._tags[key] = tuple(acc)
        return out

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
        text = self.text
        route = self._route(start, end)
        x, buf = start, start  # buf: where the current run of one-character words starts
        while x < end:
            y = route[x][1] + 1
            if y - x > 1:
                if buf < x:
                    self._flush_words(out, buf, x, origin)
                out.append((text[x:y], x - origin, y - origin))
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
        route = self._route(start, end)
        x, buf = start, start
        while x < end:
            y = route[x][1] + 1
            if y - x > 1:
                if buf < x:
                    out += self._flush_tags(text[buf:x], freq, tag_of)
                w = text[x:y]
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

    def _words_from(self, k: int) -> list[tuple[int, float]]:
        """jieba's ``get_DAG`` at ``k`` over the whole text: (last index, log probability) per word."""
        found = self._dag.get(k)
        if found is None:
            text, freq, logtotal = self.text, self._freq, self._logtotal
            found = []
            n = len(text)
            i = k
            f = freq.get(text[k])
            while f is not None:  # the dictionary holds every prefix of its words (frequency 0)
                if f:
                    found.append((i, log(f) - logtotal))
                i += 1
                if i >= n:
                    break
                f = freq.get(text[k : i + 1])
            self._dag[k] = found
        return found

    def _route(self, start: int, end: int) -> dict[int, tuple[float, int]]:
        """jieba's ``calc`` for a block ending at ``end``, known at least from ``start`` on."""
        route = self._routes.get(end)
        if route is None:
            route = self._routes[end] = {end: (0, 0)}
            low = end
        else:
            low = self._route_low[end]
        if start >= low:
            return route
        self._route_low[end] = start
        text, freq, logtotal, dag = self.text, self._freq, self._logtotal, self._dag
        for idx in range(low - 1, start - 1, -1):
            words = dag.get(idx)
            if words is None:
                words = self._words_from(idx)
            best_p: float | None = None
            best_x = idx
            # jieba takes the max of (probability, last index): on a tie the longer word wins, and
            # the words come shortest first.
            for x, lp in words:
                if x >= end:
                    break
                p = lp + route[x + 1][0]
                if best_p is None or p >= best_p:
                    best_p, best_x = p, x
            if best_p is None:
                # No word ends inside the block: the character alone (jieba's fallback, frequency 1).
                best_p = log(freq.get(text[idx]) or 1) - logtotal + route[idx + 1][0]
            route[idx] = (best_p, best_x)
        return route


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
