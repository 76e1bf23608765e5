"""Plain text: the encodings Chinese reports come in (see :func:`loaders.reading.decode_document`)."""

from __future__ import annotations

from loaders.formats.document import ReadDocument
from loaders.reading import decode_document


def read_text(data: bytes, name: str) -> ReadDocument:
    """The decoded text; no pages, so no spans."""
    return ReadDocument(decode_document(data, name), "text")
