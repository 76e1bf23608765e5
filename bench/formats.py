"""Reading published formats: extraction MB/s per format, and OCR seconds per page.

The files are the seed report published each way, built exactly as the tests build them
(``tests/document_builders.py``: a web page with navigation around the article, a Word file, a
two-column text PDF, a four-column newspaper page image and an image-only PDF of it). Each is read
with ``loaders.formats.read`` (format by content, text in reading order, page and box of every line)
from bytes in memory, so the disk is not measured. MB/s is of the file as published (its bytes);
OCR is given per page, in wall-clock and CPU seconds (onnxruntime uses every core).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

from bench.config import BenchConfig
from bench.report import Figure, Section, median

MB = 1024 * 1024
BUILDERS = Path(__file__).resolve().parents[1] / "tests" / "document_builders.py"


def _builders() -> ModuleType:
    """The tests' builders of the seed in each format (one definition of the test documents)."""
    spec = importlib.util.spec_from_file_location("document_builders", BUILDERS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("document_builders", module)
    spec.loader.exec_module(module)
    return module


def _published(quick: bool) -> dict[str, tuple[str, bytes]]:
    """Format key → (what it is, the file's bytes)."""
    from bench.extraction import seed_text

    b = _builders()
    seed = seed_text()
    page_text = "\n".join(seed.split("\n")[:16]) if quick else seed  # quick: one band of the page
    layout = b.PageLayout(columns=4, width=2200, height=0, margin=50, gutter=46, size=24, pitch=36)
    png = b.seed_page_image(page_text, layout)
    return {
        "text": ("plain text (UTF-8)", seed.encode("utf-8")),
        "html": ("web page with navigation, share buttons, footer", b.seed_html(seed).encode("utf-8")),
        "docx": ("Word .docx", b.seed_docx(seed)),
        "pdf": ("two-column text PDF (5 pages)", b.seed_text_pdf(seed, columns=2)),
        "image": ("four-column newspaper page, PNG (OCR)", png),
        "scanned-pdf": ("the same page as an image-only PDF (OCR)", b.image_pdf(png)),
    }


def _timed_read(data: bytes, name: str) -> tuple[float, float, int, int]:
    """Wall and CPU seconds of one read; pages and characters read."""
    from loaders.formats import read

    wall, cpu = time.perf_counter(), time.process_time()
    document = read(data, name)
    return (
        time.perf_counter() - wall,
        time.process_time() - cpu,
        document.metadata.pages or 1,
        len(document.text),
    )


def run(cfg: BenchConfig) -> Section:
    section = Section("formats", "Reading published formats")
    try:
        import fpdf  # noqa: F401  (the builders' PDF writer: the test extra)
        import rapidocr  # noqa: F401

        published = _published(cfg.quick)
    except (ImportError, OSError) as exc:
        section.skipped = f"needs the test and ocr extras and fonts-noto-cjk: {exc}"
        return section
    section.method = [
        "The seed report published each way, built as the tests build them (tests/document_builders.py), "
        "read from memory by `loaders.formats.read`: format by content, text in reading order, page and "
        "box of every line. MB/s is of the file's own bytes, the median of "
        f"{max(cfg.runs, 10)} reads; an OCR'd file is read once (a minute a page). OCR: RapidOCR "
        "(PP-OCR models) on onnxruntime, detection at most 3200 pixels a side; CPU seconds count "
        "every thread.",
    ]
    from loaders.formats.image import _engine

    _engine()  # the OCR models are loaded once a process: not part of any page's time
    for key, (what, data) in published.items():
        ocr = key in ("image", "scanned-pdf")
        runs = 1 if ocr else max(cfg.runs, 10)  # a page of OCR is a minute: long enough to time once
        timings = [_timed_read(data, f"seed.{key}") for _ in range(runs)]
        wall = median([t[0] for t in timings])
        cpu = median([t[1] for t in timings])
        pages, chars = timings[0][2], timings[0][3]
        size = f"{len(data) / 1024:,.0f} kB"
        if ocr:
            section.figures.append(
                Figure(
                    f"OCR: {what}",
                    f"{wall / pages:.1f} s/page",
                    note=f"{size}, {pages} page(s), {chars:,} characters; {cpu / pages:.1f} CPU-s/page; "
                    f"median of {runs}",
                )
            )
        else:
            section.figures.append(
                Figure(
                    f"extraction: {what}",
                    f"{len(data) / MB / wall:.2f} MB/s",
                    note=f"{size} in {wall * 1000:.0f} ms ({cpu * 1000:.0f} ms CPU), {chars:,} characters "
                    f"({chars / wall / 1000:,.0f} k chars/s); median of {runs}",
                )
            )
    return section
