"""The seed report published as a web page, a Word file, a two-column PDF and a scanned newspaper page,
each built from the seed's text at test time, extracted and scored against the seed's gold.

HTML, Word and the text PDF must score within 0.02 of the plain text; the scanned page (a
four-column page image read by OCR, put back in reading order) recall and precision ≥ 0.85.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from document_builders import PageLayout, image_pdf, seed_docx, seed_html, seed_page_image, seed_text_pdf
from test_extraction_scores import score

from loaders.formats import read

pytestmark = pytest.mark.shared

STEM = "harbin-new-area-2021-report"
# The scanned page: four columns of 24-pixel print, headlines across columns (2200 × 6300 pixels).
NEWSPAPER = PageLayout(columns=4, width=2200, height=0, margin=50, gutter=46, size=24, pitch=36)
FIGURES = ("recall", "precision", "relations")


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> Path:
    return shared_dir / "corpus" / "seed" / f"{STEM}.txt"


@pytest.fixture(scope="module")
def gold(shared_dir: Path) -> Path:
    return shared_dir / "gold" / f"{STEM}.gold.json"


@pytest.fixture(scope="module")
def plain_figures(shared_dir: Path, seed: Path, gold: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    return score(shared_dir, seed, gold, tmp_path_factory.mktemp("plain"))


def build(tmp_path: Path, suffix: str, data: bytes | str) -> Path:
    tmp_path.mkdir(exist_ok=True)
    path = tmp_path / f"{STEM}{suffix}"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("suffix", "make"),
    [
        (".html", seed_html),
        (".docx", seed_docx),
        (".pdf", lambda text: seed_text_pdf(text, columns=2)),
    ],
    ids=["html", "docx", "two-column-pdf"],
)
def test_published_formats_score_as_the_plain_text(
    shared_dir: Path, seed: Path, gold: Path, plain_figures: dict, tmp_path: Path, suffix: str, make
) -> None:
    path = build(tmp_path, suffix, make(seed.read_text(encoding="utf-8")))
    figures = score(shared_dir, path, gold, tmp_path)
    for figure in FIGURES:
        assert figures[figure] >= plain_figures[figure] - 0.02, (figure, figures, plain_figures)


def test_scanned_four_column_page_reads_in_order_and_scores(
    shared_dir: Path, seed: Path, gold: Path, tmp_path: Path
) -> None:
    page = build(tmp_path, ".png", seed_page_image(seed.read_text(encoding="utf-8"), NEWSPAPER))
    started = time.perf_counter()
    document = read(page)
    seconds = time.perf_counter() - started
    print(f"OCR of one {NEWSPAPER.columns}-column page: {seconds:.1f} s")
    assert document.format == "image" and document.ocr and document.metadata.pages == 1
    assert all(span.page == 1 and span.box is not None for span in document.spans)
    # Every line of the seed comes back, in the seed's order (columns read down, then across).
    printed = [line.replace(" ", "") for line in seed.read_text(encoding="utf-8").split("\n") if line.strip()]
    read_lines = [line.replace(" ", "") for line in document.text.split("\n") if line.strip()]
    assert len(read_lines) == len(printed)
    same = sum(a == b for a, b in zip(printed, read_lines, strict=True))
    assert same >= 0.95 * len(printed), f"{same}/{len(printed)} lines as printed, in order"
    # Scored on the text read (what `kg extract page.png` extracts from), not OCR'd a second time.
    figures = score(shared_dir, build(tmp_path / "read", ".txt", document.text), gold, tmp_path)
    assert figures["recall"] >= 0.85 and figures["precision"] >= 0.85, figures


def test_scanned_pdf_is_read_by_ocr_with_page_and_box(seed: Path, tmp_path: Path) -> None:
    # One band of the page (its first 16 lines) keeps this to a few seconds of OCR.
    lines = seed.read_text(encoding="utf-8").split("\n")[:16]
    png = seed_page_image("\n".join(lines), NEWSPAPER)
    document = read(build(tmp_path, ".pdf", image_pdf(png, dpi=150)))
    assert document.format == "pdf" and document.ocr and document.metadata.pages == 1
    printed = [line.replace(" ", "") for line in lines if line.strip()]
    read_lines = [line.replace(" ", "") for line in document.text.split("\n") if line.strip()]
    assert read_lines == printed
    # Boxes are in PDF points (the 2200-pixel-wide image at 150 dpi is a 1056-point-wide page).
    first = document.locate(0)[0]
    assert first.page == 1 and first.box is not None
    assert 0 <= first.box[0] < first.box[2] <= 2200 * 72 / 150 + 1
