"""One entry for every format: read a file (or bytes), choose its reader by content, return ReadDocument."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from loaders.errors import UnreadableDocument
from loaders.formats.document import ReadDocument
from loaders.formats.image import MAX_OCR_PAGES
from loaders.formats.sniff import HEAD_BYTES, sniff
from loaders.reading import MAX_DOCUMENT_BYTES

MB = 1024 * 1024
# Largest file read, per format (bytes as stored). Text stays at the loader's 1 MB; the others are
# mostly markup, fonts and pictures around far less text, and their extracted text must still fit
# in MAX_DOCUMENT_BYTES (checked after reading).
MAX_BYTES: dict[str, int] = {
    "text": MAX_DOCUMENT_BYTES,
    "html": 5 * MB,
    "zip": 20 * MB,
    "pdf": 50 * MB,
    "image": 30 * MB,
}
FORMAT_NAMES = {"text": "text", "html": "HTML", "zip": "Word", "pdf": "PDF", "image": "image"}


def read(source: str | Path | bytes, name: str | None = None, ocr_pages: int = MAX_OCR_PAGES) -> ReadDocument:
    """The text of a file (a path, or its bytes with ``name`` for messages), in any supported format.

    At most ``ocr_pages`` pages are OCR'd (the API allows fewer than ``kg load``: a page takes a
    minute). Raises :class:`UnreadableDocument` naming the file, with one line of reason, for anything that
    cannot be read: missing, empty, too large, encrypted, corrupt, no text in it, an unknown format.
    """
    if isinstance(source, bytes):
        label = name or "<upload>"
        try:
            kind, detail = sniff(source[:HEAD_BYTES])
        except UnreadableDocument as exc:
            raise UnreadableDocument(label, exc.reason) from None
        if len(source) > MAX_BYTES[kind]:
            raise UnreadableDocument(label, too_large(kind, len(source)))
        return _read_bytes(source, kind, detail, label, ocr_pages)
    path = Path(source)
    label = str(path)
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
            try:
                kind, detail = sniff(head)
            except UnreadableDocument as exc:
                raise UnreadableDocument(label, exc.reason) from None
            limit = MAX_BYTES[kind]
            size = _regular_size(f.fileno())
            if size is not None and size > limit:
                raise UnreadableDocument(label, too_large(kind, size))
            data = head + _read_up_to(f, limit + 1 - len(head))
            if len(data) > limit:
                raise UnreadableDocument(label, too_large(kind, size))
    except FileNotFoundError as exc:
        raise UnreadableDocument(path, "no such file") from exc
    except IsADirectoryError as exc:
        raise UnreadableDocument(path, "is a directory, not a file") from exc
    except OSError as exc:
        raise UnreadableDocument(path, f"cannot be read: {exc.strerror or exc}") from exc
    document = _read_bytes(data, kind, detail, label, ocr_pages)
    if document.metadata.source is None:
        document = replace(document, metadata=replace(document.metadata, source=path.name))
    return document


def _read_bytes(data: bytes, kind: str, detail: str | None, label: str, ocr_pages: int) -> ReadDocument:
    if kind == "text":
        from loaders.formats.plain import read_text

        document = read_text(data, label)
    elif kind == "html":
        from loaders.formats.webpage import read_html

        document = read_html(data, label)
    elif kind == "zip":
        from loaders.formats.word import read_docx

        document = read_docx(data, label)
    elif kind == "pdf":
        from loaders.formats.pdf import read_pdf

        document = read_pdf(data, label, ocr_pages)
    else:
        from loaders.formats.image import read_image

        document = read_image(data, label, detail or "image", ocr_pages)
    if not document.text.strip():
        raise UnreadableDocument(label, f"the {FORMAT_NAMES[kind]} file holds no text")
    if len(document.text.encode("utf-8")) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument(
            label,
            f"its text is over the {MAX_DOCUMENT_BYTES // MB} MB limit of one document: "
            "split it into smaller documents",
        )
    return document


def too_large(kind: str, size: int | None) -> str:
    """The reason for a file over its format's limit (``size`` None: a pipe or device)."""
    limit = f"{MAX_BYTES[kind] // MB} MB"
    shown = "over" if size is None else f"{size / MB:.1f} MB, over"
    what = "" if kind == "text" else f"{FORMAT_NAMES[kind]} "
    return f"too large ({shown} the {what}{limit} limit): split it into smaller documents"


def _read_up_to(f: BinaryIO, count: int) -> bytes:
    return f.read(count) if count > 0 else b""


def _regular_size(fd: int) -> int | None:
    st = os.fstat(fd)
    return st.st_size if stat.S_ISREG(st.st_mode) else None
