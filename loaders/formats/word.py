"""Word ``.docx`` files: paragraphs and tables in the order they stand in the document body."""

from __future__ import annotations

import io
import zipfile

from loaders.errors import UnreadableDocument
from loaders.formats.document import DocumentMetadata, ReadDocument, TextAssembly

# A .docx of this many bytes of XML unpacks to far more than any report: refuse it (a zip bomb).
_MAX_UNPACKED = 200 * 1024 * 1024


def read_docx(data: bytes, name: str) -> ReadDocument:
    """The text of a Word file: each paragraph a line, each table row a line of tab-separated cells."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableDocument(name, f"a damaged ZIP/Word file: {exc}") from exc
    if "word/document.xml" not in names:
        what = "a spreadsheet (.xlsx)" if "xl/workbook.xml" in names else None
        what = what or ("a presentation (.pptx)" if "ppt/presentation.xml" in names else None)
        raise UnreadableDocument(
            name, f"this is {what or 'a ZIP archive'}, not a Word document: only .docx is read"
        )
    if unpacked > _MAX_UNPACKED:
        raise UnreadableDocument(name, "a Word file that unpacks to over 200 MB: refused")
    try:
        document = docx.Document(io.BytesIO(data))
        text = _body_text(document)
        core = document.core_properties
        metadata = DocumentMetadata(
            title=core.title or None,
            date=(core.created or core.modified).isoformat() if (core.created or core.modified) else None,
            author=core.author or None,
        )
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:
        raise UnreadableDocument(name, f"a damaged Word file: {exc}") from exc
    return ReadDocument(text, "docx", metadata)


def _body_text(document) -> str:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out = TextAssembly()
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            out.line(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(p.text for p in cell.paragraphs).strip()
                    if not cells or value != cells[-1]:  # a merged cell repeats in each column it spans
                        cells.append(value)
                out.line("\t".join(cells))
            out.blank()
    return out.text()
