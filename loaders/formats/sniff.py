"""Which format a file is in, from its first bytes (magic numbers), not from its name."""

from __future__ import annotations

import re

from loaders.errors import UnreadableDocument

# How many leading bytes are enough to tell the formats apart.
HEAD_BYTES = 8192

_IMAGES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
)
_REFUSED: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0", "an old Office (OLE) file such as .doc: save it as .docx and load that"),
    (b"{\\rtf", "an RTF file: save it as .docx and load that"),
    (b"\x1f\x8b", "a gzip archive: unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive: unpack it first"),
    (b"Rar!", "a RAR archive: unpack it first"),
)
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_INSIDE = re.compile(rb"<(?:html|head|body)\b[^>]*>", re.I)


def sniff(head: bytes) -> tuple[str, str | None]:
    """The format of a file starting with ``head``: ("pdf"|"zip"|"image"|"html"|"text", detail).

    ``detail`` names the image type (PNG, JPEG …). Formats this product cannot read raise
    :class:`UnreadableDocument` with the name "<file>" (the caller names the file).
    """
    if b"%PDF-" in head[:1024]:
        return "pdf", None
    if head.startswith(b"PK\x03\x04"):
        return "zip", None
    for magic, kind in _IMAGES:
        if head.startswith(magic):
            return "image", kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image", "WebP"
    for magic, what in _REFUSED:
        if head.startswith(magic):
            raise UnreadableDocument("<file>", f"this is {what}")
    if _HTML_START.match(head) or (head.lstrip().startswith(b"<") and _HTML_INSIDE.search(head)):
        return "html", None
    return "text", None
