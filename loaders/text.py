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
from dataclasses import dataclass, field
from typing import Any


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

    @classmethod
    def build(cls, original: str, joins: list[int] | None = None) -> CleanText:
        """Normalise ``original``, dropping the characters at the offsets in ``joins``.

        ``joins`` are offsets of the original's line-break characters (and the spaces around them)
        that OCR repair decided sit inside a sentence.
        """
        drop = set(joins or ())
        out: list[str] = []
        index: list[int] = []
        for i, ch in enumerate(original):
            if i in drop:
                continue
            # NFKC: full-width letters, digits and punctuation (（，：％) become half-width.
            for c in unicodedata.normalize("NFKC", ch):
                out.append(c)
                index.append(i)
        index.append(len(original))
        return cls(original=original, clean="".join(out), index=index)

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
        out: list[str] = []
        last = -1
        for i in range(start, end):
            o = self.index[i]
            if o != last:  # NFKC may expand one original character into several clean ones
                out.append(self.original[o])
                last = o
        return "".join(out)

    def to_clean(self, original_offset: int) -> int:
        """The first clean offset at or after an original offset."""
        from bisect import bisect_left

        return bisect_left(self.index, original_offset, 0, len(self.index) - 1)
