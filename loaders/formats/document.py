"""What a reader gives back: the text, its format and metadata, and where each stretch of it came from."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

# A box on a page, in the page's own units (PDF points from the top left, or image pixels):
# (left, top, right, bottom).
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class SourceSpan:
    """Characters ``start``–``end`` of the read text came from ``page`` (1-based), within ``box``.

    ``page`` is None for formats without pages (text, HTML, Word); ``box`` is set for lines placed on
    a page (PDF text lines and OCR lines), in the page's units.
    """

    start: int
    end: int
    page: int | None = None
    box: Box | None = None


@dataclass(frozen=True)
class DocumentMetadata:
    """What the file says about itself; None where it does not say."""

    title: str | None = None
    date: str | None = None  # as the file gives it, ISO 8601 where the format has dates (HTML, Word)
    source: str | None = None  # a URL (HTML canonical link) or the file's name
    author: str | None = None
    pages: int | None = None


@dataclass(frozen=True)
class ReadDocument:
    """The text of one file as read, with ``spans`` in text order covering every located character.

    Offsets elsewhere (provenance) point into ``text`` exactly as given here.
    """

    text: str
    format: str  # "text", "html", "docx", "pdf", "image"
    metadata: DocumentMetadata = field(default_factory=DocumentMetadata)
    spans: tuple[SourceSpan, ...] = ()
    ocr: bool = False  # the text (or part of it) was recognised from page images

    def locate(self, start: int, end: int | None = None) -> list[SourceSpan]:
        """The spans that characters ``start``–``end`` of the text came from (one or more pages/boxes).

        >>> doc = ReadDocument("ab\\ncd", "pdf", spans=(SourceSpan(0, 2, 1), SourceSpan(3, 5, 2)))
        >>> [s.page for s in doc.locate(1, 4)]
        [1, 2]
        """
        end = start + 1 if end is None else end
        starts = [s.start for s in self.spans]
        first = max(0, bisect.bisect_right(starts, start) - 1)
        return [s for s in self.spans[first:] if s.start < end and s.end > start]

    def where(self, start: int, end: int) -> tuple[int | None, Box | None]:
        """The page characters ``start``–``end`` begin on and the box around their lines on it.

        What a provenance (document, start, end, quote) needs to point at the printed page: a quote
        over two lines gets the box around both; one that runs onto the next page gets its first.

        >>> doc = ReadDocument("ab\\ncd", "image", spans=(SourceSpan(0, 2, 1, (0, 0, 9, 5)),
        ...                                               SourceSpan(3, 5, 1, (0, 6, 7, 11))))
        >>> doc.where(1, 4)
        (1, (0, 0, 9, 11))
        """
        spans = self.locate(start, end)
        if not spans:
            return None, None
        page = spans[0].page
        boxes = [s.box for s in spans if s.page == page and s.box is not None]
        if not boxes:
            return page, None
        box = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        return page, box

    def pages_of(self, start: int, end: int) -> list[int]:
        """The pages characters ``start``–``end`` are printed on, in order, each once."""
        return sorted({s.page for s in self.locate(start, end) if s.page is not None})


class TextAssembly:
    """Builds a read text line by line, keeping where each line came from."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.spans: list[SourceSpan] = []

    def line(self, text: str, page: int | None = None, box: Box | None = None) -> None:
        """Append ``text`` and a line break; the text's characters are mapped to ``page`` and ``box``."""
        if text and (page is not None or box is not None):
            self.spans.append(SourceSpan(self._length, self._length + len(text), page, box))
        self._parts.append(text)
        self._parts.append("\n")
        self._length += len(text) + 1

    def blank(self) -> None:
        """An empty line (a paragraph or block break), unless the text already ends with one."""
        if self._parts and not (len(self._parts) >= 2 and self._parts[-2] == ""):
            self.line("")

    def text(self) -> str:
        return "".join(self._parts)
