"""Where the first two characters of a set of forms stand in a text, found with numpy.

A matcher of many forms (the lexicon's names, the national table's divisions) may look only where a
form's first two characters stand. A loop over the text's characters, or a pattern of every pair,
costs 2.5× and 50× as much as vectorised lookups of the text's consecutive pairs
(tests/test_loader_shortcuts.py compares them with the loop).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from loaders.codepoints import SIZE, code_points

_SHIFT = 21  # code points fit in 21 bits: a pair is one int64, first << 21 | second


class CharacterPairs:
    """A set of two-character strings, and where any of them starts in a text."""

    def __init__(self, pairs: Iterable[str]) -> None:
        two = {p for p in pairs if len(p) == 2}
        self.codes = np.array(sorted(ord(p[0]) << _SHIFT | ord(p[1]) for p in two), np.int64)
        # Which characters open or close a pair: most positions of a text are ruled out by these
        # two lookups, and only the rest are searched among the pairs.
        self.opens = np.zeros(SIZE, bool)
        self.opens[[ord(p[0]) for p in two]] = True
        self.closes = np.zeros(SIZE, bool)
        self.closes[[ord(p[1]) for p in two]] = True

    def starts(self, text: str) -> list[int]:
        """Offsets ``i`` where ``text[i : i + 2]`` is one of the pairs, in order."""
        if len(text) < 2 or not len(self.codes):
            return []
        codes = code_points(text).astype(np.int64)
        maybe = np.flatnonzero(self.opens[codes[:-1]] & self.closes[codes[1:]])
        pairs = codes[maybe] << _SHIFT | codes[maybe + 1]
        at = np.searchsorted(self.codes, pairs)
        at[at >= len(self.codes)] = 0
        return maybe[self.codes[at] == pairs].tolist()
