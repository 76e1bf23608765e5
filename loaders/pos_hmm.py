"""jieba.posseg's HMM Viterbi over an unknown stretch, compiled with numba.

The tagger reads each stretch of characters its dictionary does not know with an HMM of 256
(position, tag) states. In Python the pass costs a dictionary walk per pair of states a character;
compiled it is a few loops over dense tables. The sums are jieba's (previous score, plus
transition, plus emission, in that order), and so are the ties (``max`` over (score, state): the
larger state wins), so the states are jieba's (tests/test_segmentation_matches_jieba.py compares
with ``jieba.posseg.viterbi``).
"""

from __future__ import annotations

from functools import cache

import jieba.posseg
import numpy as np
from numba import njit

State = tuple[str, str]  # (position in the word: B, M, E or S; part-of-speech tag)

MIN_FLOAT = -3.14e100  # jieba's log probability of an unseen emission


class PosHmm:
    """The tagger's HMM as dense tables, states numbered in their sort order (comparing numbers
    compares states, as jieba's ``max`` over (score, state) does)."""

    def __init__(self) -> None:
        char_states, start_p, trans_p, emit_p = (
            jieba.posseg.char_state_tab_P,
            jieba.posseg.start_P,
            jieba.posseg.trans_P,
            jieba.posseg.emit_P,
        )
        self.states: list[State] = sorted(trans_p)
        number = {y: i for i, y in enumerate(self.states)}
        n = len(self.states)
        self.start = np.array([start_p[y] for y in self.states])
        # A pair without a transition is minus infinity, as jieba scores it.
        self.trans = np.full((n, n), -np.inf)
        for y0, nexts in trans_p.items():
            for y, p in nexts.items():
                self.trans[number[y0], number[y]] = p
        # The states each state leads to, as rows of one array (row y0 from out_start[y0]).
        leads = [np.flatnonzero(np.isfinite(row)) for row in self.trans]
        self.out_start = np.cumsum([0, *(len(r) for r in leads)])
        self.out = np.concatenate(leads)
        self._emit = [emit_p[y] for y in self.states]
        self._char_states = {
            c: np.array(sorted(number[y] for y in ys), np.int64) for c, ys in char_states.items()
        }
        self._all = np.arange(n, dtype=np.int64)
        self._rows: dict[str, np.ndarray] = {}

    def _emission(self, ch: str) -> np.ndarray:
        """Each state's emission log probability of ``ch`` (jieba's default where it has none)."""
        row = self._rows.get(ch)
        if row is None:
            row = self._rows[ch] = np.array([e.get(ch, MIN_FLOAT) for e in self._emit])
        return row

    def states_of(self, obs: str) -> list[State]:
        """``jieba.posseg.viterbi``'s route of states for ``obs``."""
        candidates = [self._char_states.get(ch, self._all) for ch in obs]
        sizes = np.array([len(c) for c in candidates], np.int64)
        route = np.empty(len(obs), np.int64)
        found = _viterbi(
            self.start,
            self.trans,
            self.out_start,
            self.out,
            np.concatenate(candidates),
            np.cumsum(sizes) - sizes,
            sizes,
            np.stack([self._emission(ch) for ch in obs]),
            route,
        )
        if not found:
            raise ValueError(f"no part-of-speech state can follow in {obs!r}")
        return [self.states[y] for y in route.tolist()]

    def forget(self) -> None:
        """Drop the emission rows read so far (a benchmark's next run reads its texts as new)."""
        self._rows.clear()


@cache
def pos_hmm() -> PosHmm:
    return PosHmm()


@njit(cache=True)
def _viterbi(
    start: np.ndarray,
    trans: np.ndarray,
    out_start: np.ndarray,
    out: np.ndarray,
    candidates: np.ndarray,
    first: np.ndarray,
    sizes: np.ndarray,
    emission: np.ndarray,
    route: np.ndarray,
) -> bool:
    """``jieba.posseg.viterbi`` over ``len(route)`` characters: character ``t``'s states are
    ``candidates[first[t]:first[t] + sizes[t]]`` (ascending), its emission of state ``y``
    ``emission[t, y]``; state ``y0`` leads to ``out[out_start[y0]:out_start[y0 + 1]]``.

    At each step jieba keeps the candidates some kept state leads to (all it leads to where none
    does), each with its best previous state of those that lead somewhere; the route ends in the
    best state. Scores are added in jieba's order; a tie goes to the larger state. False where no
    kept state leads anywhere (jieba fails there)."""
    n_steps, n = emission.shape
    score = np.empty(n)
    nxt = np.empty(n)
    kept = np.zeros(n, np.bool_)
    back = np.empty((n_steps, n), np.int64)
    for k in range(sizes[0]):
        y = candidates[first[0] + k]
        score[y] = start[y] + emission[0, y]
        kept[y] = True
    prev = np.empty(n, np.int64)
    expected = np.zeros(n, np.bool_)
    chosen = np.empty(n, np.int64)
    for t in range(1, n_steps):
        n_prev = 0
        expected[:] = False
        for y0 in range(n):
            if kept[y0] and out_start[y0 + 1] > out_start[y0]:
                for k in range(out_start[y0], out_start[y0 + 1]):
                    expected[out[k]] = True
                prev[n_prev] = y0
                n_prev += 1
        if n_prev == 0:
            return False  # no kept state leads anywhere: jieba's max() of nothing fails
        n_chosen = 0
        for k in range(sizes[t]):
            y = candidates[first[t] + k]
            if expected[y]:
                chosen[n_chosen] = y
                n_chosen += 1
        if n_chosen == 0:  # none of the character's states follows: any that does
            for y in range(n):
                if expected[y]:
                    chosen[n_chosen] = y
                    n_chosen += 1
        kept[:] = False
        for k in range(n_chosen):
            y = chosen[k]
            best, arg = -np.inf, -1
            for j in range(n_prev):  # ascending: a tie goes to the later, larger state
                y0 = prev[j]
                p = score[y0] + trans[y0, y] + emission[t, y]
                if arg == -1 or p >= best:
                    best, arg = p, y0
            nxt[y] = best
            back[t, y] = arg
            kept[y] = True
        for k in range(n_chosen):
            score[chosen[k]] = nxt[chosen[k]]
    best, state = -np.inf, -1
    for y in range(n):
        if kept[y] and (state == -1 or score[y] >= best):
            best, state = score[y], y
    for t in range(n_steps - 1, -1, -1):
        route[t] = state
        if t:
            state = back[t, state]
    return True
