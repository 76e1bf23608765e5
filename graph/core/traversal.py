"""Walking the graph: neighbours, shortest paths and subgraphs, defined once for both stores.

A store supplies an :data:`Adjacency` (the relationships touching some nodes); the walks here are
breadth-first with the tie-breaks of the protocol, so both stores return the same answers.
Filters come from fixed whitelists (``graph.core.model``): a user's text never reaches a query string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graph.core.model import LABELS, RELATIONSHIP_TYPES, SYMMETRIC_TYPES, Relationship
from graph.core.protocol import MAX_DEPTH, Direction

Edge = tuple[str, str, str]  # (source, type, target) as stored
# The relationships with one end in ``ids`` and a type in ``types``, each once.
Adjacency = Callable[[list[str], tuple[str, ...]], list[Relationship]]
# A walk: the node ids from the start and the relationships between them.
Walk = tuple[list[str], list[Relationship]]


def check_types(types: Iterable[str] | None) -> tuple[str, ...]:
    """Relationship types from the whitelist (lower-case accepted); None or empty means all."""
    if not types:
        return RELATIONSHIP_TYPES
    out = []
    for t in types:
        upper = t.strip().upper()
        if upper not in RELATIONSHIP_TYPES:
            raise ValueError(
                f"unknown relationship type {t!r}; expected one of {', '.join(RELATIONSHIP_TYPES)}"
            )
        out.append(upper)
    return tuple(sorted(set(out)))


def check_labels(labels: Iterable[str] | None) -> frozenset[str] | None:
    """Labels from the whitelist; None or empty means any label."""
    if not labels:
        return None
    for label in labels:
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")
    return frozenset(labels)


def check_direction(direction: str) -> Direction:
    if direction not in ("out", "in", "both"):
        raise ValueError(f"direction must be 'out', 'in' or 'both', not {direction!r}")
    return direction  # type: ignore[return-value]


def clamp_depth(depth: int, low: int = 1) -> int:
    """Depth within ``low..MAX_DEPTH``: the graph is small-world, deeper walks return everything."""
    return max(low, min(int(depth), MAX_DEPTH))


def edge_of(r: Relationship) -> Edge:
    return (r.source, r.type, r.target)


def _steps(r: Relationship, u: str, direction: Direction) -> list[str]:
    """Where relationship ``r`` leads from node ``u`` under ``direction`` (symmetric types: both ways)."""
    both = direction == "both" or r.type in SYMMETRIC_TYPES
    out: list[str] = []
    if r.source == u and (both or direction == "out"):
        out.append(r.target)
    if r.target == u and (both or direction == "in"):
        out.append(r.source)
    return [v for v in out if v != u]


def _walk_key(walk: Walk) -> tuple[list[str], list[Edge]]:
    return walk[0], [edge_of(r) for r in walk[1]]


def neighbour_walks(
    start: str, adjacency: Adjacency, types: tuple[str, ...], direction: Direction, depth: int
) -> dict[str, Walk]:
    """Every node within ``depth`` hops of ``start`` with its shortest walk.

    Among shortest walks the one whose node ids (then relationship keys) are lexicographically
    smallest wins; the best walk to a node extends the best walk to its predecessor, so one
    breadth-first pass level by level finds it.
    """
    best: dict[str, Walk] = {start: ([start], [])}
    frontier = [start]
    for _ in range(depth):
        if not frontier:
            break
        on_frontier = set(frontier)
        found: dict[str, Walk] = {}
        for r in adjacency(frontier, types):
            for u in {r.source, r.target} & on_frontier:
                for v in _steps(r, u, direction):
                    if v in best:
                        continue
                    walk = (best[u][0] + [v], best[u][1] + [r])
                    if v not in found or _walk_key(walk) < _walk_key(found[v]):
                        found[v] = walk
        best.update(found)
        frontier = sorted(found)
    del best[start]
    return best


def nearest(
    walks: dict[str, Walk], label_of: Callable[[str], str], labels: frozenset[str] | None, limit: int
) -> list[tuple[int, str]]:
    """The (depth, id) of the walks' ends to return: label filter, then by depth and id, at most ``limit``.

    The protocol's order of neighbours, kept here so both stores apply it the same way.
    """
    chosen = sorted((len(w[1]), v) for v, w in walks.items() if labels is None or label_of(v) in labels)
    return chosen[: max(limit, 0)]


def reach(starts: Iterable[str], adjacency: Adjacency, depth: int) -> set[str]:
    """The ids within ``depth`` hops of any of ``starts``, ignoring direction, over every type."""
    seen = set(starts)
    frontier = sorted(seen)
    for _ in range(depth):
        if not frontier:
            break
        found: set[str] = set()
        for r in adjacency(frontier, RELATIONSHIP_TYPES):
            for v in (r.source, r.target):
                if v not in seen:
                    found.add(v)
        seen |= found
        frontier = sorted(found)
    return seen


def all_shortest_walks(source: str, target: str, adjacency: Adjacency, max_depth: int) -> list[Walk]:
    """Every shortest walk (ignoring direction, one per sequence of relationships), sorted."""
    if source == target:
        return [([source], [])]
    distance = {source: 0}
    # For each node reached, the relationships that reach it from the previous level.
    via: dict[str, list[tuple[str, Relationship]]] = {}
    frontier = [source]
    for level in range(1, max_depth + 1):
        on_frontier = set(frontier)
        found: set[str] = set()
        for r in adjacency(frontier, RELATIONSHIP_TYPES):
            for u in {r.source, r.target} & on_frontier:
                v = r.target if r.source == u else r.source
                if v == u or distance.get(v, level) < level:
                    continue
                distance[v] = level
                via.setdefault(v, []).append((u, r))
                found.add(v)
        if target in found:
            break
        frontier = sorted(found)
        if not frontier:
            return []
    if target not in distance:
        return []

    def back(v: str) -> list[Walk]:
        if v == source:
            return [([source], [])]
        return [([*ids, v], [*rels, r]) for u, r in via[v] for ids, rels in back(u)]

    return sorted(back(target), key=lambda w: (len(w[1]), *_walk_key(w)))
