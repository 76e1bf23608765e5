"""PDF: the text layer in reading order (columns from the characters' geometry), scanned pages by OCR.

PDFium (``pypdfium2``) gives every character with its box, fast (C++). Characters are grouped into
runs along a line, split at gutters, and :mod:`loaders.formats.reading_order` orders the runs as
for an OCR'd page: column by column, headlines before the columns under them. A page without a
text layer (a scan) is rendered at its image's own resolution and read by OCR (the ``ocr`` extra).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from loaders.errors import UnreadableDocument
from loaders.formats.document import DocumentMetadata, ReadDocument, TextAssembly
from loaders.formats.image import (
    MAX_OCR_PAGES,
    MAX_PIXELS,
    add_page,
    ocr_engine,
    recognise,
    too_many_pages,
)
from loaders.formats.reading_order import PlacedLine

MAX_PAGES = 1000
# A page with fewer printable characters than this in its text layer is taken for a scan.
_SCAN_BELOW_CHARS = 10
# Characters further apart than this many character heights are in different runs (a gutter).
_RUN_GAP_HEIGHTS = 1.0
# Resolution a scanned page is rendered at when its image's own is not known.
_DEFAULT_DPI = 200


@dataclass
class _Run:
    chars: list[str] = field(default_factory=list)
    left: float = 0.0
    top: float = 0.0
    right: float = 0.0
    bottom: float = 0.0

    def line(self) -> PlacedLine:
        return PlacedLine("".join(self.chars).strip(), (self.left, self.top, self.right, self.bottom))


def read_pdf(data: bytes, name: str, ocr_pages: int = MAX_OCR_PAGES) -> ReadDocument:
    """The text of every page in reading order; each line mapped to its page and box (points, top-left)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableDocument(
                name, "an encrypted PDF (it needs a password): save an unprotected copy and load that"
            ) from exc
        raise UnreadableDocument(name, f"a damaged PDF that cannot be opened ({exc})") from exc
    try:
        pages = len(pdf)
        if pages == 0:
            raise UnreadableDocument(name, "a PDF with no pages")
        if pages > MAX_PAGES:
            raise UnreadableDocument(name, f"a PDF of {pages} pages, over the {MAX_PAGES}-page limit")
        out = TextAssembly()
        layers = [_text_layer(pdf[number]) for number in range(pages)]
        scans = [sum(len(line.text) for line in lines) < _SCAN_BELOW_CHARS for lines in layers]
        scanned = sum(scans)
        if scanned > ocr_pages:  # refused before any page is OCR'd
            raise UnreadableDocument(name, too_many_pages(ocr_pages, f"scanned pages ({scanned})"))
        for number, (lines, scan) in enumerate(zip(layers, scans, strict=True), start=1):
            scale = 1.0
            if scan:
                lines, scale = _ocr_page(pdf[number - 1], name)
            add_page(out, lines, number, scale)
        metadata = _metadata(pdf, pages)
    except pdfium.PdfiumError as exc:
        raise UnreadableDocument(name, f"a damaged PDF ({exc})") from exc
    finally:
        pdf.close()
    return ReadDocument(out.text(), "pdf", metadata, tuple(out.spans), ocr=scanned > 0)


def _text_layer(page: Any) -> list[PlacedLine]:
    """The page's characters as runs: consecutive characters on one line with no gutter between."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    height = page.get_height()
    runs: list[_Run] = []
    run: _Run | None = None
    try:
        for i in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
            if char in "\r\n\x00\ufffe\uffff":
                run = None
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            top, bottom = height - top, height - bottom  # PDF's origin is bottom-left
            if char.isspace() and run is not None:
                run.chars.append(" ")
                continue
            size = bottom - top
            if (
                run is None
                or abs((top + bottom) / 2 - (run.top + run.bottom) / 2) > size / 2
                or left - run.right > _RUN_GAP_HEIGHTS * size
                or left < run.left - size  # back to the left: a new line
            ):
                run = _Run([], left, top, right, bottom)
                runs.append(run)
            run.chars.append(char)
            run.left, run.right = min(run.left, left), max(run.right, right)
            run.top, run.bottom = min(run.top, top), max(run.bottom, bottom)
    finally:
        textpage.close()
    return [line for line in (r.line() for r in runs) if line.text]


def _ocr_page(page: Any, name: str) -> tuple[list[PlacedLine], float]:
    """OCR of a page without text: rendered at its largest image's resolution (or 200 dpi)."""
    import pypdfium2.raw as pdfium_c

    engine = ocr_engine(name, "a scanned PDF (no text layer)")
    width, height = page.get_size()
    scale = _DEFAULT_DPI / 72
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    if images:
        biggest = max(images, key=lambda image: image.get_px_size()[0] * image.get_px_size()[1])
        left, _bottom, right, _top = biggest.get_bounds()
        if right > left:
            scale = biggest.get_px_size()[0] / (right - left)
    scale = min(scale, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
    image = page.render(scale=scale).to_pil().convert("RGB")
    return recognise(engine, image), scale


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


def _metadata(pdf: Any, pages: int) -> DocumentMetadata:
    info = pdf.get_metadata_dict()
    date = None
    m = _PDF_DATE.match(info.get("CreationDate") or "")
    if m:
        date = "-".join(part for part in m.groups() if part)
    return DocumentMetadata(
        title=(info.get("Title") or "").strip() or None,
        date=date,
        author=(info.get("Author") or "").strip() or None,
        pages=pages,
    )
