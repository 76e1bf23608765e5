"""One-to-one assignment of rows to columns by score: exact (every injection) for small problems,
greedy beyond. Pillar headings are matched to item runs with it."""

from __future__ import annotations


def best_assignment(scores: list[list[float]]) -> dict[int, int]:
    """Row → column, one-to-one, maximising the total score (exact up to 8 rows/columns, greedy beyond).

    Ties go to the earlier permutation, so the answer is deterministic.
    """
    rows, cols = len(scores), len(scores[0]) if scores else 0
    if rows == 0 or cols == 0:
        return {}
    if max(rows, cols) <= 8:
        if rows <= cols:
            perm = _first_best_injection(scores)
            return dict(enumerate(perm))
        perm = _first_best_injection([list(col) for col in zip(*scores, strict=True)])
        return {r: c for c, r in enumerate(perm)}
    pairs = sorted((-scores[r][c], r, c) for r in range(rows) for c in range(cols))
    out: dict[int, int] = {}
    taken: set[int] = set()
    for _, r, c in pairs:
        if r not in out and c not in taken:
            out[r] = c
            taken.add(c)
    return out


def _first_best_injection(scores: list[list[float]]) -> tuple[int, ...]:
    """The permutation ``itertools.permutations(range(cols), rows)`` would settle on when keeping
    the first one whose total beats the best so far by more than 1e-12 (from -1.0), found without
    trying them all (8 of 8 is 40,320 permutations).

    The same permutations in the same order, but a prefix is dropped when even each remaining
    row's largest score cannot lift its total past the best so far: nothing it leads to would have
    been kept. Totals of the permutations tried are summed exactly as before, row by row.
    """
    rows, cols = len(scores), len(scores[0])
    # Room for rounding: a bound in real numbers must not fall below a float total it bounds.
    slack = 1e-9 * (1.0 + sum(abs(x) for row in scores for x in row))
    rest = [0.0] * (rows + 1)  # rest[k]: the rows from k on, each at its largest score
    for k in range(rows - 1, -1, -1):
        rest[k] = rest[k + 1] + max(scores[k])
    best_total, best_perm = -1.0, ()
    perm: list[int] = []
    used = [False] * cols

    def extend(k: int, partial: float) -> None:
        nonlocal best_total, best_perm
        if k == rows:
            total = sum(scores[r][c] for r, c in enumerate(perm))
            if total > best_total + 1e-12:
                best_total, best_perm = total, tuple(perm)
            return
        for c in range(cols):
            if used[c]:
                continue
            p = partial + scores[k][c]
            if p + rest[k + 1] + slack <= best_total + 1e-12:
                continue
            used[c] = True
            perm.append(c)
            extend(k + 1, p)
            perm.pop()
            used[c] = False

    extend(0, 0.0)
    return best_perm
