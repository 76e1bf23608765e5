"""Ranking entities against a search query: one function both stores use, so they agree.

A store finds the candidates (the embedded store scans every entity; Neo4j asks for those whose
``search_keys`` contain the query), then :func:`rank` scores and orders them.

>>> from graph.model import Node
>>> park = Node("park:深哈产业园", "Park", "深圳（哈尔滨）产业园区", aliases=["深哈产业园"])
>>> score(park, [], "深哈")
(70, '深哈产业园')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from graph.model import ENTITY_LABELS, LABELS, Node
from graph.protocol import SearchHit, SearchResult

# Best first. Exact beats prefix beats substring; Chinese names beat pinyin.
EXACT_NAME, EXACT_ALIAS = 100, 90
PREFIX_NAME, PREFIX_ALIAS = 80, 70
SUBSTRING_NAME, SUBSTRING_ALIAS = 60, 50
EXACT_PINYIN, PREFIX_PINYIN, SUBSTRING_PINYIN = 45, 40, 30


def normalise(text: str) -> str:
    """The form queries and names are compared in: NFKC (half-width brackets, digits), lower case."""
    return unicodedata.normalize("NFKC", text).strip().lower()


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
    if not q:
        return None
    best: tuple[int, str] | None = None
    tiers = (
        ([node.name], (EXACT_NAME, PREFIX_NAME, SUBSTRING_NAME)),
        (sorted(node.aliases), (EXACT_ALIAS, PREFIX_ALIAS, SUBSTRING_ALIAS)),
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
    check_label(label)
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    q = normalise(q)
    hits: list[SearchHit] = []
    for node, pinyin in candidates:
        if node.label not in ENTITY_LABELS or (label is not None and node.label != label):
            continue
        scored = score(node, pinyin, q)
        if scored is not None:
            hits.append(SearchHit(node=node, score=float(scored[0]), matched=scored[1]))
    hits.sort(key=lambda h: (-h.score, h.node.id))
    return SearchResult(total=len(hits), hits=hits[offset : offset + limit])
