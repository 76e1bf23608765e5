"""Page images (PNG, JPEG, TIFF …) read by offline OCR, then put in reading order.

OCR is RapidOCR running PP-OCR's Chinese models on onnxruntime; the models ship inside the
``rapidocr`` wheel, so nothing is downloaded at run time. It is an extra (``pip install -e
'.[ocr]'``): without it an image is refused with one line saying so.
"""

from __future__ import annotations

import functools
import io
import warnings
from typing import TYPE_CHECKING, Any

from loaders.errors import UnreadableDocument
from loaders.formats.document import DocumentMetadata, ReadDocument, TextAssembly
from loaders.formats.reading_order import PlacedLine, reading_order

if TYPE_CHECKING:
    from PIL.Image import Image

# Largest page image read: a broadsheet page scanned at 300 dpi is about 20 megapixels. Bigger
# images (a 100-megapixel poster, a decompression bomb) are refused before they are decoded.
MAX_PIXELS = 40_000_000
# Most pages OCR'd from one file (a multi-page TIFF or a scanned PDF): ~1-2 minutes a page here.
MAX_OCR_PAGES = 20
# Longest side OCR works at: a page is not shrunk (small print shrunk to the engine's default 2000
# pixels becomes unreadable) ...
_MAX_SIDE = 8000
# ... but text *detection* (finding the lines, not reading them) works at most at this size: on the
# four-column test page (2200 × 6300) it cuts OCR from 85 to 58 CPU-seconds, the same lines read.
_DETECTION_SIDE = 3200
OCR_EXTRA = "pip install -e '.[ocr]'"


def read_image(data: bytes, name: str, kind: str, ocr_pages: int = MAX_OCR_PAGES) -> ReadDocument:
    """The text of an image file, one page a frame (multi-page TIFF), lines in reading order."""
    engine = ocr_engine(name, f"a {kind} image")  # first: without the extra there is no Pillow either
    from PIL import Image as PILImage
    from PIL import ImageSequence, UnidentifiedImageError

    try:
        with warnings.catch_warnings():  # the size is checked below, before anything is decoded
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            picture = PILImage.open(io.BytesIO(data))
    except PILImage.DecompressionBombError as exc:
        raise UnreadableDocument(name, f"a {kind} image too large to read: {exc}") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise UnreadableDocument(name, f"a damaged {kind} image: {exc}") from exc
    frames = getattr(picture, "n_frames", 1)
    if frames > ocr_pages:  # refused before any page is OCR'd
        raise UnreadableDocument(name, too_many_pages(ocr_pages, f"pages ({frames})"))
    out = TextAssembly()
    pages = 0
    try:
        for page, frame in enumerate(ImageSequence.Iterator(picture), start=1):
            if page > ocr_pages:
                raise UnreadableDocument(name, too_many_pages(ocr_pages, "pages"))
            check_pixels(frame.size, name, kind)
            add_page(out, recognise(engine, frame.convert("RGB")), page)
            pages = page
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt image data
        raise UnreadableDocument(name, f"a damaged {kind} image: {exc}") from exc
    return ReadDocument(out.text(), "image", DocumentMetadata(pages=pages), tuple(out.spans), ocr=True)


def too_many_pages(limit: int, what: str) -> str:
    """The reason for a file with more pages to OCR than ``limit`` (OCR takes ~1 minute a page)."""
    return f"over {limit} {what} to OCR (about a minute each): split the file"


def check_pixels(size: tuple[int, int], name: str, kind: str) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        megapixels = width * height / 1e6
        raise UnreadableDocument(
            name,
            f"a {kind} image of {megapixels:.0f} megapixels ({width}×{height}), over the "
            f"{MAX_PIXELS // 1_000_000}-megapixel limit: scale it down or crop it to the page",
        )
    if width < 8 or height < 8:
        raise UnreadableDocument(name, f"a {kind} image of {width}×{height} pixels: too small to read")


def add_page(out: TextAssembly, lines: list[PlacedLine], page: int, scale: float = 1.0) -> None:
    """Append one page's lines in reading order, each mapped to its page and box (÷ ``scale``)."""
    if page > 1:
        out.blank()
    for line in reading_order(lines):
        box = tuple(round(v / scale, 1) for v in line.box)
        out.line(line.text, page, box)  # type: ignore[arg-type]
        if line.ends_block:
            out.blank()


def recognise(engine: Any, image: Image) -> list[PlacedLine]:
    """The text lines OCR finds on an image, each with its axis-aligned box in pixels."""
    import numpy as np

    result = engine(np.asarray(image)[:, :, ::-1])  # RapidOCR takes OpenCV's BGR order
    if result.boxes is None or result.txts is None:
        return []
    lines: list[PlacedLine] = []
    for quad, text in zip(result.boxes.tolist(), result.txts, strict=True):
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        lines.append(PlacedLine(text, (min(xs), min(ys), max(xs), max(ys))))
    return lines


def ocr_engine(name: str, what: str) -> Any:
    """The OCR engine, loaded once; refuse ``name`` with the extra to install if OCR is missing."""
    try:
        return _engine()
    except ImportError as exc:
        missing = f" ({exc.name} missing)" if exc.name else ""
        raise UnreadableDocument(
            name, f"{what}: reading it needs OCR, which is not installed: {OCR_EXTRA}{missing}"
        ) from exc


@functools.cache
def _engine() -> Any:
    import logging

    from rapidocr import RapidOCR

    engine = RapidOCR(
        params={
            "Global.max_side_len": _MAX_SIDE,
            "Global.log_level": "critical",
            "Det.limit_type": "max",
            "Det.limit_side_len": _DETECTION_SIDE,
        }
    )
    logging.getLogger("RapidOCR").setLevel(logging.CRITICAL)
    return engine
