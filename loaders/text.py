"""Text as read and text as matched, with a map between them.

OCR breaks lines mid-word and mixes full-width and half-width forms. Extraction matches on a
*clean* text (line breaks inside a sentence removed, NFKC-normalised), but provenance must point
into the text *as read*. :class:`CleanText` keeps both and maps clean offsets back.

>>> ct = CleanText.build("哈工大、哈工程创新中心\\n等研发机构落户。", joins=[11])
>>> ct.clean
'哈工大、哈工程创新中心等研发机构落户。'
>>> s, e = ct.to_original(4, 11)
>>> ct.original[s:e]
'哈工程创新中心'
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from loaders.codepoints import code_points, outside_common, text_of


class _CharForms(dict[str, str]):
    """NFKC of single characters, computed as met (a text uses a few thousand distinct ones)."""

    def __missing__(self, ch: str) -> str:
        self[ch] = unicodedata.normalize("NFKC", ch)
        return self[ch]


_NFKC = _CharForms()


@dataclass(frozen=True)
class SectionSpan:
    """A unit of the document's structure as the layout recovery found it.

    ``start``/``end`` are offsets into the original text; ``kind`` is one of ``pillar``, ``item``,
    ``bullet``, ``targets``, ``indicator``, ``news``, ``article``, ``statement``, ``paragraph``,
    ``heading``, ``byline``. ``parent`` is the id of the enclosing section (None for top level, under
    the Document). ``properties`` holds what the layout read besides the span (a statement's
    ``speaker`` and ``role``, a byline's ``people``, a pillar's ``title_start``/``title_end``); it takes
    no part in equality.
    """

    id: str
    kind: str
    name: str
    start: int
    end: int
    parent: str | None = None
    ordinal: int | None = None
    properties: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class CleanText:
    """``clean[i]`` was read from ``original[index[i]]``; ``index`` has a final sentinel ``len(original)``."""

    original: str
    clean: str
    index: list[int] = field(repr=False)
    # Clean offsets i where clean[i + 1] is not read from the character after clean[i]'s (a join, an
    # NFKC expansion): between two of them the clean text is a plain slice of the original.
    _breaks: list[int] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def build(cls, original: str, joins: list[int] | None = None) -> CleanText:
        """Normalise ``original``, dropping the characters at the offsets in ``joins``.

        ``joins`` are offsets of the original's line-break characters (and the spaces around them)
        that OCR repair decided sit inside a sentence.
        """
        n = len(original)
        codes = code_points(original)
        drops = [j for j in set(joins or ()) if 0 <= j < n]
        if drops:  # the text between drops, whole
            keep = np.ones(n, bool)
            keep[drops] = False
            kept = np.flatnonzero(keep)
            codes = codes[kept]
        else:
            kept = np.arange(n)
        # NFKC: full-width letters, digits and punctuation (（，：％) become half-width, … three dots.
        # Only the characters outside ASCII and the common ideographs can change.
        forms = {c: _NFKC[chr(c)] for c in np.unique(outside_common(codes)).tolist()}
        changed = {c: f for c, f in forms.items() if f != chr(c)}
        if not changed:
            clean = text_of(codes) if drops else original
            return cls(original=original, clean=clean, index=[*kept.tolist(), n])
        # Each character's form takes its own length in the clean text, every one read from it.
        size = np.ones(len(codes), np.int64)
        where = {c: np.flatnonzero(codes == c) for c in changed}
        for c, at in where.items():
            size[at] = len(changed[c])
        first = np.cumsum(size) - size
        out = np.repeat(codes, size)
        for c, at in where.items():
            for k, ch in enumerate(changed[c]):
                out[first[at] + k] = ord(ch)
        return cls(original=original, clean=text_of(out), index=[*np.repeat(kept, size).tolist(), n])

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span ``[start, end)`` to the original span that holds the same characters."""
        if not 0 <= start <= end <= len(self.clean):
            raise ValueError(f"span {start}:{end} outside clean text of length {len(self.clean)}")
        if start == end:
            o = self.index[start]
            return o, o
        return self.index[start], self.index[end - 1] + 1

    def shown(self, start: int, end: int) -> str:
        """The original characters behind the clean span ``[start, end)``, line breaks of joins left out.

        Names and quotes use this form: what the page prints (full-width brackets kept), on one line.
        """
        if start >= end:
            return ""
        if self._breaks is None:
            self._breaks = _breaks(self.index, len(self.clean))
        at = bisect_left(self._breaks, start)
        # Between breaks the clean text is a slice of the original; at a break the original skips
        # joined characters, or repeats one NFKC expanded (printed once).
        idx, breaks, original = self.index, self._breaks, self.original
        out: list[str] = []
        last = -1
        i = start
        while i < end:
            j = breaks[at] if at < len(breaks) and breaks[at] < end - 1 else end - 1
            a, b = idx[i], idx[j]
            if a == last:
                a += 1
            if a <= b:
                out.append(original[a : b + 1])
            last = b
            i, at = j + 1, at + 1
        return "".join(out)

    def to_clean(self, original_offset: int) -> int:
        """The first clean offset at or after an original offset."""
        return bisect_left(self.index, original_offset, 0, len(self.index) - 1)


def _breaks(index: list[int], n: int) -> list[int]:
    """Offsets i < n - 1 where ``index[i + 1] != index[i] + 1`` (the final sentinel takes no part):
    numpy's difference instead of a Python loop over every character (tests/test_loader_shortcuts.py)."""
    if n < 2:
        return []
    steps = np.diff(np.array(index[:n], np.int64))
    return np.flatnonzero(steps != 1).tolist()
