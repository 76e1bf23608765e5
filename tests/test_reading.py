"""Reading files: the encodings Chinese reports come in, and clear refusals for what is not text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from loaders.errors import UnreadableDocument
from loaders.reading import document_id, read_document

TEXT = "哈尔滨新区 2021年工作：重点推动龙江碳谷等14个项目开工（松北区）。\n·加快推动哈工大创新中心落户。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "gbk", "utf-16"])
def test_reads_each_encoding_to_the_same_text(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"report-{encoding}.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_document(path) == TEXT


def test_utf8_bom_is_stripped_and_offsets_count_from_the_text_returned(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + TEXT.encode("utf-8"))
    text = read_document(path)
    assert text == TEXT
    assert text.index("龙江碳谷") == TEXT.index("龙江碳谷")


def test_utf16_big_endian_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "be.txt"
    path.write_bytes(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"))
    assert read_document(path) == TEXT


def test_line_endings_are_kept_as_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes("龙江碳谷\r\n开工。\r\n".encode())
    assert read_document(path) == "龙江碳谷\r\n开工。\r\n"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\n\t ", "no text"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        ("nul.txt", "龙江碳谷".encode() + b"\x00\x00\x01", "binary"),
        ("latin1.txt", "café crème brûlée".encode("latin-1"), "not UTF-8"),
        ("controls.txt", bytes(range(1, 9)) * 20, "binary"),
    ],
)
def test_unreadable_files_are_refused_with_the_file_name(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableDocument) as info:
        read_document(path)
    assert name in str(info.value)
    assert reason in info.value.reason


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="no such file"):
        read_document(tmp_path / "absent.txt")


def test_document_id_is_the_file_stem() -> None:
    assert document_id("/data/reports/harbin-new-area-2021-report.txt") == "harbin-new-area-2021-report"
