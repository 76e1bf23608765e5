"""Ranking entities against a search query: one function both stores use, so they agree.

A store finds the candidates (the embedded store from its substring index, graph.embedded.search_index;
Neo4j asks for those whose ``search_keys`` contain the query), then :func:`rank` (or
:func:`rank_entries`, which builds a ``Node`` only for the page returned) scores and orders them.

>>> from graph.core.model import Node
>>> park = Node("park:深哈产业园", "Park", "深圳（哈尔滨）产业园区", aliases=["深哈产业园"])
>>> score(park, [], "深哈")
(70, '深哈产业园')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from graph.core.forms import normalise
from graph.core.model import ENTITY_LABELS, LABELS, Node
from graph.core.protocol import SearchHit, SearchResult

# Best first. Exact beats prefix beats substring; Chinese names beat pinyin.
EXACT_NAME, EXACT_ALIAS = 100, 90
PREFIX_NAME, PREFIX_ALIAS = 80, 70
SUBSTRING_NAME, SUBSTRING_ALIAS = 60, 50
EXACT_PINYIN, PREFIX_PINYIN, SUBSTRING_PINYIN = 45, 40, 30


def search_keys(name: str, aliases: Iterable[str], pinyin: Iterable[str]) -> list[str]:
    """Every string a query can match for a node, normalised (stored by Neo4j for its candidate query)."""
    keys = {normalise(name), *(normalise(a) for a in aliases), *(normalise(p) for p in pinyin)}
    keys.discard("")
    return sorted(keys)


def _grade(key: str, q: str, exact: int, prefix: int, substring: int) -> int:
    if key == q:
        return exact
    if key.startswith(q):
        return prefix
    if q in key:
        return substring
    return 0


def score(node: Node, pinyin: Iterable[str], q: str) -> tuple[int, str] | None:
    """The best score of ``node`` for the normalised query ``q`` and the string that earned it."""
    return score_names(node.name, node.aliases, pinyin, q)


def score_names(name: str, aliases: Iterable[str], pinyin: Iterable[str], q: str) -> tuple[int, str] | None:
    """:func:`score` on a node's name, aliases and pinyin keys (no ``Node`` needed)."""
    if not q:
        return None
    best: tuple[int, str] | None = None
    tiers = (
        ([name], (EXACT_NAME, PREFIX_NAME, SUBSTRING_NAME)),
        (sorted(aliases), (EXACT_ALIAS, PREFIX_ALIAS, SUBSTRING_ALIAS)),
        (sorted(pinyin), (EXACT_PINYIN, PREFIX_PINYIN, SUBSTRING_PINYIN)),
    )
    for keys, grades in tiers:
        for key in keys:
            points = _grade(normalise(key), q, *grades)
            if points and (best is None or points > best[0]):
                best = (points, key)
    return best


def check_label(label: str | None) -> None:
    """Reject a label outside the contract (a user's typo should not silently match nothing)."""
    if label is not None and label not in LABELS:
        raise ValueError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")


def rank(
    candidates: Iterable[tuple[Node, list[str]]],
    q: str,
    label: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Score ``(node, pinyin keys)`` candidates; order by score (desc) then id; one page of hits.

    Only entity labels are searchable: Document and Section nodes never match.
    """
    nodes = {}
    entries = []
    for node, pinyin in candidates:
        nodes[node.id] = node
        entries.append((node.id, node.label, node.name, node.aliases, pinyin))
    return rank_entries(entries, q, nodes.__getitem__, label=label, limit=limit, offset=offset)


# A candidate as a store holds it: (id, label, name, aliases, pinyin keys).
Entry = tuple[str, str, str, list[str], list[str]]


def rank_entries(
    entries: Iterable[Entry],
    q: str,
    node_of: Callable[[str], Node],
    label: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """:func:`rank` on plain entries; ``node_of(id)`` builds a ``Node`` only for the hits of the page."""
    check_label(label)
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    q = normalise(q)
    scored: list[tuple[int, str, str]] = []
    for id, node_label, name, aliases, pinyin in entries:
        if node_label not in ENTITY_LABELS or (label is not None and node_label != label):
            continue
        best = score_names(name, aliases, pinyin, q)
        if best is not None:
            scored.append((-best[0], id, best[1]))
    scored.sort()
    return SearchResult(
        total=len(scored),
        hits=[
            SearchHit(node=node_of(id), score=float(-points), matched=matched)
            for points, id, matched in scored[offset : offset + limit]
        ],
    )
