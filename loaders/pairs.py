"""Where the first two characters of a set of forms stand in a text, found with numpy.

A matcher of many forms (the lexicon's names, the national table's divisions) may look only where a
form's first two characters stand. A loop over the text's characters, or a pattern of every pair,
costs 2.5× and 50× as much as one vectorised lookup of the text's consecutive pairs
(tests/test_loader_shortcuts.py compares it with the loop).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

_SHIFT = 21  # code points fit in 21 bits: a pair is one int64, first << 21 | second


class CharacterPairs:
    """A set of two-character strings, and where any of them starts in a text."""

    def __init__(self, pairs: Iterable[str]) -> None:
        codes = {ord(p[0]) << _SHIFT | ord(p[1]) for p in pairs if len(p) == 2}
        self.codes = np.array(sorted(codes), np.int64)

    def starts(self, text: str) -> list[int]:
        """Offsets ``i`` where ``text[i : i + 2]`` is one of the pairs, in order."""
        if len(text) < 2 or not len(self.codes):
            return []
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32).astype(np.int64)
        pairs = codes[:-1] << _SHIFT | codes[1:]
        at = np.searchsorted(self.codes, pairs)
        at[at >= len(self.codes)] = 0
        return np.flatnonzero(self.codes[at] == pairs).tolist()
