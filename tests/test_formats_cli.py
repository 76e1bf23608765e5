"""`kg extract` and `kg load` on published formats, and `kg load DIR` on a folder mixing them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from document_builders import PageLayout, seed_docx, seed_html, seed_page_image, seed_text_pdf
from test_reliability_input import SEED, assert_one_error_line, extracted, run_kg, stored_documents

SMALL_PAGE = PageLayout(columns=4, width=2200, height=0, margin=50, gutter=46, size=24, pitch=36)


def test_extract_reads_a_web_page_as_its_article(tmp_path: Path) -> None:
    (tmp_path / "report.html").write_text(seed_html(SEED), encoding="utf-8")
    data = extracted(run_kg(["extract", "report.html"], tmp_path))
    names = {node["name"] for node in data["nodes"]}
    assert {"龙江碳谷", "哈工大"} <= names
    assert not any("版权所有" in name or "首页" in name for name in names)


def test_load_of_a_folder_loads_every_document_once_and_lists_what_it_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "2021" / "scans").mkdir(parents=True)
    (folder / "web.html").write_text(seed_html(SEED), encoding="utf-8")
    (folder / "word.docx").write_bytes(seed_docx(SEED))
    (folder / "2021" / "columns.pdf").write_bytes(seed_text_pdf(SEED, columns=2))
    (folder / "2021" / "plain.txt").write_text(SEED, encoding="utf-8")
    head = "\n".join(SEED.split("\n")[:16])  # one band of the page: a few seconds of OCR
    (folder / "2021" / "scans" / "page.png").write_bytes(seed_page_image(head, SMALL_PAGE))
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("data.csv", "a,b\n")
    (folder / "2021" / "table.docx").write_bytes(archive.getvalue())
    (folder / ".git").mkdir()
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")

    result = run_kg(["load", "reports"], tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert stored_documents(tmp_path) == [
        "document:columns",
        "document:page",
        "document:plain",
        "document:web",
        "document:word",
    ]
    skipped = [line for line in result.stderr.splitlines() if line.startswith("kg load: skipped ")]
    assert len(skipped) == 3, result.stderr
    assert any("notes.json: not a document type (.json)" in line for line in skipped)
    assert any("broken.pdf" in line and "PDF" in line for line in skipped)
    assert any("table.docx" in line and "not a Word document" in line for line in skipped)
    assert "5 document(s)" in result.stdout


def test_load_of_a_named_bad_file_still_loads_nothing(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text(seed_html(SEED), encoding="utf-8")
    (tmp_path / "locked.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)  # a damaged zip
    result = run_kg(["load", "good.html", "locked.docx"], tmp_path)
    line = assert_one_error_line(result, "load", "locked.docx")
    assert "nothing was loaded" in line
    assert stored_documents(tmp_path) == []


def test_load_of_a_folder_with_no_documents_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.csv").write_text("a,b\n", encoding="utf-8")
    result = run_kg(["load", "empty"], tmp_path)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert "skipped" in result.stderr and "empty: no document to load in this directory" in last
