"""Every format through one reader: chosen by content, text and metadata out, bad files one clear reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from document_builders import NAV_ITEMS, seed_docx, seed_html, seed_text_pdf

from loaders.errors import UnreadableDocument
from loaders.formats import read
from loaders.formats.reader import MAX_BYTES

ARTICLE = "\n".join(
    [
        "松北区加快深圳（哈尔滨）产业园区建设，",
        "力争完成投资11.31亿元，实现科创总部一期投入使用。",
        "重点推动龙江碳谷等14个项目开工。",
    ]
)


def refused(source: Path | bytes, name: str | None = None) -> UnreadableDocument:
    with pytest.raises(UnreadableDocument) as info:
        read(source, name)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return info.value


# ---- chosen by content ------------------------------------------------------------------------------


def test_the_format_comes_from_the_content_not_the_name(tmp_path: Path) -> None:
    page = tmp_path / "article.txt"  # an HTML page saved under a text name
    page.write_text(seed_html(ARTICLE), encoding="utf-8")
    document = read(page)
    assert document.format == "html"
    assert "首页" not in document.text and "龙江碳谷" in document.text
    pdf = tmp_path / "report.bin"
    pdf.write_bytes(seed_text_pdf(ARTICLE))
    assert read(pdf).format == "pdf"


# ---- text -----------------------------------------------------------------------------------------------


def test_big5_text_is_read_not_refused_and_not_misread_as_gbk(tmp_path: Path) -> None:
    traditional = "哈爾濱新區加快深圳（哈爾濱）產業園區建設，重點推動龍江碳谷等14個項目開工。\n"
    path = tmp_path / "big5.txt"
    path.write_bytes(traditional.encode("big5"))
    assert read(path).text == traditional


@pytest.mark.parametrize("encoding", ["gb2312", "gbk", "gb18030", "utf-8"])
def test_simplified_text_in_each_chinese_encoding_reads_the_same(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes((ARTICLE + "\n").encode(encoding))
    document = read(path)
    assert (document.text, document.format, document.spans) == (ARTICLE + "\n", "text", ())


# ---- HTML -----------------------------------------------------------------------------------------------


def test_html_gives_the_article_without_navigation_and_its_metadata() -> None:
    document = read(seed_html(ARTICLE).encode("utf-8"), "page.html")
    assert document.format == "html"
    for line in ARTICLE.split("\n"):
        assert line in document.text.split("\n")
    for chrome in ("首页", "当前位置", "分享到", "版权所有", "相关新闻", "冰雪经济"):
        assert chrome not in document.text, chrome
    assert document.metadata.title == "哈尔滨新区2021年工作报告"
    assert document.metadata.date == "2021-01-05"
    assert document.metadata.source == "https://epaper.example.cn/hrbrb/2021-01-05/3.html"


@pytest.mark.parametrize("encoding", ["gb2312", "gbk", "big5"])
def test_html_in_its_declared_charset(encoding: str) -> None:
    text = ARTICLE if encoding != "big5" else "哈爾濱新區加快產業園區建設。\n重點推動龍江碳谷開工。"
    page = seed_html(text).replace('charset="utf-8"', f'charset="{encoding}"')
    document = read(page.encode(encoding, errors="xmlcharrefreplace"), "page.html")
    assert text.split("\n")[-1] in document.text


def test_html_with_an_undeclared_gbk_charset_is_detected() -> None:
    page = seed_html(ARTICLE).replace('<meta charset="utf-8">', "")
    assert "龙江碳谷" in read(page.encode("gbk"), "page.html").text


def test_html_with_only_navigation_is_refused() -> None:
    nav = "".join(f'<li><a href="/{i}.html">{name}</a></li>' for i, name in enumerate(NAV_ITEMS))
    page = f"<html><head><title>哈尔滨日报</title></head><body><nav><ul>{nav}</ul></nav></body></html>"
    error = refused(page.encode("utf-8"), "menu.html")
    assert error.path == "menu.html" and "no article text" in error.reason


# ---- Word ------------------------------------------------------------------------------------------------


def test_docx_gives_paragraphs_and_tables_in_document_order() -> None:
    import docx

    word = docx.Document()
    word.core_properties.title = "松北区2021年重点项目"
    word.add_paragraph("一是创新推进产业项目建设。")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "项目", "状态"
    table.cell(1, 0).text, table.cell(1, 1).text = "龙江碳谷", "开工"
    word.add_paragraph("二是创新开展招商引资。")
    buffer = io.BytesIO()
    word.save(buffer)
    document = read(buffer.getvalue(), "plan.docx")
    assert document.format == "docx"
    assert document.text.split("\n")[:5] == [
        "一是创新推进产业项目建设。",
        "项目\t状态",
        "龙江碳谷\t开工",
        "",
        "二是创新开展招商引资。",
    ]
    assert document.metadata.title == "松北区2021年重点项目"


def test_docx_of_the_seed_reads_every_line() -> None:
    document = read(seed_docx(ARTICLE), "seed.docx")
    assert document.text == ARTICLE + "\n"
    assert document.metadata.author == "哈尔滨日报"


@pytest.mark.parametrize(
    ("members", "reason"),
    [({"notes.txt": "hello"}, "not a Word document"), ({"xl/workbook.xml": "<x/>"}, "spreadsheet")],
)
def test_a_zip_that_is_not_a_word_document_is_refused(members: dict[str, str], reason: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    error = refused(buffer.getvalue(), "report.docx")
    assert error.path == "report.docx" and reason in error.reason


def test_a_truncated_docx_is_refused() -> None:
    data = seed_docx(ARTICLE)
    assert "damaged" in refused(data[: len(data) // 2], "cut.docx").reason


# ---- PDF -------------------------------------------------------------------------------------------------


def test_text_pdf_gives_pages_and_boxes_for_every_line() -> None:
    lines = [f"第{i}行：重点推动龙江碳谷等14个项目开工。" for i in range(200)]
    document = read(seed_text_pdf("\n".join(lines), columns=2), "plan.pdf")
    assert document.format == "pdf" and document.metadata.pages == 2
    assert [line for line in document.text.split("\n") if line] == lines
    assert document.metadata.title == "哈尔滨新区2021年工作报告"
    last = document.text.index("第199行")
    (span,) = document.locate(last, last + 5)
    assert span.page == 2 and span.box is not None
    left, top, right, bottom = span.box
    assert 297 < left < right <= 595 and 0 < top < bottom <= 842  # the right column of an A4 page
    assert document.pages_of(0, len(document.text)) == [1, 2]


def test_an_encrypted_pdf_is_refused_saying_so() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.text(20, 20, "locked")
    error = refused(bytes(pdf.output()), "locked.pdf")
    assert "encrypted" in error.reason and "password" in error.reason


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", b"%PDF-1.4\n" + bytes(range(256)) * 40],
)
def test_a_corrupt_pdf_is_refused(data: bytes) -> None:
    error = refused(data, "broken.pdf")
    assert error.path == "broken.pdf" and "PDF" in error.reason


def test_a_pdf_over_its_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(MAX_BYTES["pdf"] + 1)
    assert "PDF 50 MB limit" in refused(path).reason


# ---- images ----------------------------------------------------------------------------------------------


def test_a_zero_byte_image_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.png"
    path.write_bytes(b"")
    assert "empty" in refused(path).reason


def test_a_100_megapixel_image_is_refused_before_it_is_decoded() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000), 1).save(buffer, format="PNG")  # compresses to a few kB
    error = refused(buffer.getvalue(), "poster.png")
    assert "100 megapixels" in error.reason and "limit" in error.reason


def test_a_truncated_image_is_refused() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (400, 300), 255).save(buffer, format="PNG")
    data = buffer.getvalue()
    assert "damaged PNG" in refused(data[: len(data) // 2], "cut.png").reason


def test_without_the_ocr_extra_an_image_is_refused_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from loaders.formats import image

    real_import = builtins.__import__

    def no_rapidocr(name: str, *args: object, **kwargs: object) -> object:
        if name == "rapidocr":
            raise ModuleNotFoundError("No module named 'rapidocr'", name="rapidocr")
        return real_import(name, *args, **kwargs)

    image._engine.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_rapidocr)
    try:
        error = refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "scan.png")
    finally:
        image._engine.cache_clear()
    assert "pip install -e '.[ocr]'" in error.reason and "PNG" in error.reason
