"""crfsuite's Viterbi and scaled forward-backward passes, compiled with numba.

The passes are a loop over characters with a few labels at each: in Python they cost ~10 µs a
character, and numpy stepping a document's sentences together costs ~25 calls a character of its
longest sentence (most of the CRF stage's time, bench/FINDINGS.md "Sixth round"). Compiled, they are
crfsuite's own loops, in its order of additions: the same labels (first best on ties) and the same
marginals (to ~1e-15: the exponentials come from another library). Compiled once per machine and kept
in numba's cache.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True)
def viterbi(
    score: np.ndarray, first: np.ndarray, lens: np.ndarray, trans: np.ndarray, labels: np.ndarray
) -> None:
    """``crf1dc_viterbi`` of each sentence: rows ``first[s]`` to ``first[s] + lens[s]`` of ``score``
    (characters × labels); its labels into the same rows of ``labels``."""
    n_labels = trans.shape[0]
    longest = 1
    for s in range(len(lens)):
        longest = max(longest, lens[s])
    back = np.empty((longest, n_labels), np.int64)
    best = np.empty(n_labels)
    cur = np.empty(n_labels)
    for s in range(len(lens)):
        a, n = first[s], lens[s]
        if n == 0:
            continue
        for j in range(n_labels):
            best[j] = score[a, j]
        for t in range(1, n):
            for j in range(n_labels):
                top, arg = -np.inf, -1
                for i in range(n_labels):
                    v = best[i] + trans[i, j]
                    if top < v:  # strictly: the first best label wins a tie
                        top, arg = v, i
                back[t, j] = arg
                cur[j] = top + score[a + t, j]
            best[:] = cur
        top, arg = -np.inf, -1
        for j in range(n_labels):
            if top < best[j]:
                top, arg = best[j], j
        labels[a + n - 1] = arg
        for t in range(n - 1, 0, -1):
            arg = back[t, arg]
            labels[a + t - 1] = arg


@njit(cache=True)
def marginals(
    score: np.ndarray, first: np.ndarray, lens: np.ndarray, exp_trans: np.ndarray, out: np.ndarray
) -> None:
    """``crf1dc_alpha_score``, ``crf1dc_beta_score`` and ``crf1dc_marginal_point`` of each sentence
    (rows ``first[s]`` to ``first[s] + lens[s]`` of ``score``): the marginal of each label at each of
    its characters, into the same rows of ``out``."""
    n_labels = exp_trans.shape[0]
    row = np.empty(n_labels)
    for s in range(len(lens)):
        a, n = first[s], lens[s]
        if n == 0:
            continue
        state = np.exp(score[a : a + n])
        alpha = np.empty((n, n_labels))
        beta = np.empty((n, n_labels))
        scale = np.empty(n)
        for t in range(n):
            if t == 0:
                alpha[0, :] = state[0, :]
            else:
                alpha[t, :] = 0.0
                for i in range(n_labels):
                    p = alpha[t - 1, i]
                    for j in range(n_labels):
                        alpha[t, j] += p * exp_trans[i, j]
                for j in range(n_labels):
                    alpha[t, j] *= state[t, j]
            total = 0.0
            for j in range(n_labels):
                total += alpha[t, j]
            scale[t] = 1.0 / total if total != 0.0 else 1.0  # crfsuite's scale is 1 where the sum is 0
            for j in range(n_labels):
                alpha[t, j] *= scale[t]
        beta[n - 1, :] = scale[n - 1]
        for t in range(n - 1, 0, -1):
            for j in range(n_labels):
                row[j] = beta[t, j] * state[t, j]
            for i in range(n_labels):
                d = 0.0
                for j in range(n_labels):
                    d += exp_trans[i, j] * row[j]
                beta[t - 1, i] = d * scale[t - 1]
        for t in range(n):
            for j in range(n_labels):
                out[a + t, j] = alpha[t, j] * beta[t, j] / scale[t]
