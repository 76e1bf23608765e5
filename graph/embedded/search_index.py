"""Which nodes have a search key containing a query, without looking at every node.

The embedded store's candidate finder for :mod:`graph.core.search` (same rule as Neo4j's: a node is a
candidate when one of its normalised search keys contains the normalised query). Keys are kept in
two parts (ASCII keys, i.e. pinyin, and the rest), each with a posting list per character pair
(bigram): a query of two or more characters checks only the keys holding its rarest pair, a few
dozen instead of every key (scanning a 100k-node graph's keys costs ~2.5 ms a query). A one-character
query scans the part's keys joined into one string with ``str.find`` (in C), where a sorted array of
offsets maps a hit back to its node. Nodes changed since the parts were built are kept apart and
checked one by one; the parts are rebuilt when that set grows, so a write costs O(its nodes).

>>> index = SubstringIndex()
>>> index.rebuild([("park:a", ("深哈产业园", "shenhachanyeyuan")), ("park:b", ("科技园",))])
>>> sorted(index.find("产业"))
['park:a']
>>> index.put("park:b", ("科技产业园",))
>>> sorted(index.find("产业"))
['park:a', 'park:b']
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Iterator

SEPARATOR = "\x00"  # between keys; a query holding it is checked key by key
_NONE: array[int] = array("i")
KeyedNodes = Iterable[tuple[str, tuple[str, ...]]]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class _Keys:
    """Keys with whose each is, their bigram postings, and all of them joined into one string."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.starts = array("q")
        self.ids: list[str] = []
        self.keys: list[str] = []
        self.postings: dict[str, array[int]] = {}
        position = 0
        for k, (id, key) in enumerate(pairs):
            self.starts.append(position)
            self.ids.append(id)
            self.keys.append(key)
            position += len(key) + 1
            for gram in _bigrams(key):
                posting = self.postings.get(gram)
                if posting is None:
                    posting = self.postings[gram] = array("i")
                posting.append(k)
        self.text = SEPARATOR.join(self.keys)

    def find(self, needle: str) -> Iterator[str]:
        if len(needle) >= 2:
            postings, keys, ids = self.postings, self.keys, self.ids
            rarest = min((postings.get(gram, _NONE) for gram in _bigrams(needle)), key=len)
            return (ids[k] for k in rarest if needle in keys[k])
        return self._scan(needle)

    def _scan(self, needle: str) -> Iterator[str]:
        text, starts, ids = self.text, self.starts, self.ids
        at = text.find(needle)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            yield ids[k]
            # Next key: one hit per key is enough.
            at = text.find(needle, starts[k + 1]) if k + 1 < len(starts) else -1


class SubstringIndex:
    """Node ids by substrings of their search keys; ``put`` / ``remove`` keep it current."""

    def __init__(self, rebuild_after: int = 2000) -> None:
        self.rebuild_after = rebuild_after
        self._ascii = _Keys([])
        self._other = _Keys([])
        self._built: set[str] = set()
        # Nodes changed since the strings were built: their keys now (None: gone or not searchable).
        self._changed: dict[str, tuple[str, ...] | None] = {}

    def rebuild(self, nodes: KeyedNodes) -> None:
        """Index exactly ``nodes`` (id, normalised search keys), forgetting everything else."""
        ascii_pairs: list[tuple[str, str]] = []
        other_pairs: list[tuple[str, str]] = []
        built: set[str] = set()
        odd: dict[str, tuple[str, ...] | None] = {}
        for id, keys in nodes:
            if any(SEPARATOR in key for key in keys):
                odd[id] = keys  # cannot be joined: checked one by one, like a changed node
                continue
            built.add(id)
            for key in keys:
                (ascii_pairs if key.isascii() else other_pairs).append((id, key))
        self._ascii, self._other = _Keys(ascii_pairs), _Keys(other_pairs)
        self._built = built
        self._changed = odd

    def put(self, id: str, keys: tuple[str, ...] | None) -> None:
        """``id`` now has ``keys`` (None: it is gone or no longer searchable)."""
        self._changed[id] = keys

    def remove(self, id: str) -> None:
        self._changed[id] = None

    @property
    def needs_rebuild(self) -> bool:
        return len(self._changed) > max(self.rebuild_after, len(self._built) // 10)

    def find(self, needle: str) -> set[str]:
        """Ids of the nodes one of whose keys contains ``needle`` (normalised, not empty)."""
        changed = self._changed
        found: set[str] = set()
        if SEPARATOR in needle:
            return {id for id, keys in changed.items() if keys and any(needle in k for k in keys)}
        parts = (self._ascii, self._other) if needle.isascii() else (self._other,)
        for part in parts:
            found.update(part.find(needle))
        if changed:
            found.difference_update(changed)
            found.update(id for id, keys in changed.items() if keys and any(needle in k for k in keys))
        return found
