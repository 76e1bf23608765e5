"""crfsuite's state scores, Viterbi and scaled forward-backward passes, compiled with numba.

The passes are a loop over characters with a few labels at each: in Python they cost ~10 µs a
character, and numpy stepping a document's sentences together costs ~25 calls a character of its
longest sentence (most of the CRF stage's time, bench/FINDINGS.md "Sixth round"). Compiled, they are
crfsuite's own loops, in its order of additions: the same labels (first best on ties) and the same
marginals (to ~1e-15: the exponentials come from another library). The state scores are one pass too:
with numpy, twelve gathers and additions of label rows, two sorts of the document's keys and their
temporaries cost more than the two passes above (bench/FINDINGS.md "Seventh round"). Compiled once
per machine and kept in numba's cache.
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


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the key times 2**64 / phi


def key_tables(tables: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Open-addressing tables of int64 keys (not negative), for :func:`state_scores`: slots of
    (key, row: the key's index in its table from 1; a free slot holds key -1), each table a power of
    two at least twice its keys in size. Returns the slots and each table's (first slot, size - 1,
    64 - log2 of its size: the shift of its hash)."""
    sizes = [1 << max(4, 2 * len(t) - 1).bit_length() for t in tables]
    starts = np.cumsum([0, *sizes])[:-1].tolist()
    layout = np.array(
        [(at, size - 1, 65 - size.bit_length()) for at, size in zip(starts, sizes, strict=True)]
    )
    slots = np.zeros((sum(sizes), 2), np.int64)
    slots[:, 0] = -1
    for keys, (at, _, shift), size in zip(tables, layout.tolist(), sizes, strict=True):
        for row, key in enumerate(keys.tolist(), 1):
            k = ((key * int(_GOLDEN)) & 0xFFFFFFFFFFFFFFFF) >> shift
            while slots[at + k, 0] != -1:
                k = (k + 1) & (size - 1)
            slots[at + k] = key, row
    return slots, layout


@njit(cache=True, inline="always")
def _find_row(slots: np.ndarray, layout: np.ndarray, t: int, key: int) -> int:
    """The row of ``key`` in table ``t`` of :func:`key_tables`, or 0."""
    at, mask = layout[t, 0], layout[t, 1]
    k = np.int64((np.uint64(key) * _GOLDEN) >> np.uint64(layout[t, 2]))
    while True:
        found = slots[at + k, 0]
        if found == key:
            return slots[at + k, 1]
        if found == -1:
            return 0
        k = (k + 1) & mask


@njit(cache=True)
def state_scores(
    weights: np.ndarray,
    block_starts: np.ndarray,
    slots: np.ndarray,
    layout: np.ndarray,
    key_at: np.ndarray,
    n_chars: int,
    pair_shift: int,
    suffix_at: np.ndarray,
    codes: np.ndarray,
    kinds: np.ndarray,
    suffix: np.ndarray,
    starts: np.ndarray,
    first: np.ndarray,
    lens: np.ndarray,
    out: np.ndarray,
) -> None:
    """The state score of each character: the weights of its features added from zero in crfsuite's
    order (that of ``sentence_features``), so each sum is crfsuite's to the bit.

    Sentence ``s`` starts at ``codes[starts[s]]`` and at row ``first[s]`` of ``out``. Its features
    are rows of blocks of ``weights`` (``block_starts``), one block a template, then one a suffix
    template:

    - the first block holds a character's first three additions (the bias, ``c=``, the kind) added
      from zero: rows 0–3 those of a character the model never saw, by its kind (``kinds``), then
      one a character of table 0;
    - keyed template ``t`` (its table in ``slots`` at ``layout[t]``, :func:`key_tables`) reads the
      code ``key_at[t]`` from the character, or from ``n_chars`` on, the pair of codes starting
      there (the first shifted left by ``pair_shift``, or the second);
    - suffix template ``t`` reads the id of the suffix ending ``suffix_at[t]`` from the character in
      ``suffix`` (0: none, the row of ``suf=`` in the first suffix block).

    A key the model never saw adds nothing: crfsuite adds no weight for it, and 0.0 added to a sum
    that starts at +0.0 changes no bit."""
    n_keyed = len(key_at)
    rows = np.empty(n_keyed + len(suffix_at), np.int64)
    for s in range(len(lens)):
        for i in range(lens[s]):
            p = starts[s] + i
            row = _find_row(slots, layout, 0, codes[p + key_at[0]])
            rows[0] = block_starts[0] + (kinds[p] if row == 0 else 3 + row)
            m = 1
            for t in range(1, n_chars):
                row = _find_row(slots, layout, t, codes[p + key_at[t]])
                if row:
                    rows[m] = block_starts[t] + row
                    m += 1
            for t in range(n_chars, n_keyed):
                a = p + key_at[t]
                row = _find_row(slots, layout, t, codes[a] << pair_shift | codes[a + 1])
                if row:
                    rows[m] = block_starts[t] + row
                    m += 1
            rows[m] = block_starts[n_keyed] + suffix[p + suffix_at[0]]
            m += 1
            for t in range(1, len(suffix_at)):
                sid = suffix[p + suffix_at[t]]
                if sid:
                    rows[m] = block_starts[n_keyed + t] + sid
                    m += 1
            r = first[s] + i
            for j in range(weights.shape[1]):
                total = weights[rows[0], j]
                for q in range(1, m):
                    total += weights[rows[q], j]
                out[r, j] = total
