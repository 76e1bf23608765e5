"""Reading a text file: encodings detected, unreadable files refused with a reason.

:func:`read_document` reads any supported format (HTML, Word, PDF, images: ``loaders.formats``).

Offsets everywhere else point into the text *as returned here* (after decoding, BOM removed,
line endings untouched), so the text is returned exactly once and never rewritten.
"""

from __future__ import annotations

import codecs
import os
import stat
import unicodedata
from pathlib import Path

import numpy as np

from loaders.codepoints import code_points, outside_common
from loaders.errors import UnreadableDocument

# Magic numbers of binary formats people drop in by mistake; named so the error says what it was.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file, not text (extract its text first)"),
    (b"PK\x03\x04", "a ZIP/Office file, not text"),
    (b"\xd0\xcf\x11\xe0", "an old Office (OLE) file, not text"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"GIF8", "a GIF image, not text"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# More control characters than this share of the text means it is not prose.
_MAX_CONTROL_SHARE = 0.01
_BLANKS = [ord(c) for c in "\n\r\t\f\v"]  # control characters of any text
# Largest document read (bytes as stored): the seed page is 15 kB, so 1 MiB is ~70 such pages and
# loads in well under a minute; bigger files (or endless ones: /dev/zero, a pipe) are refused.
MAX_DOCUMENT_BYTES = 1024 * 1024


def document_id(path: str | Path) -> str:
    """The document id of a file: its stem (``report-2021.txt`` → ``report-2021``)."""
    return Path(path).stem


def decode_document(data: bytes, name: str = "<text>") -> str:
    """Decode the bytes of a text file; raise :class:`UnreadableDocument` naming ``name`` otherwise.

    Order: BOM (UTF-8/16/32) → UTF-8 → GB18030 (a superset of GBK and GB2312, common for Chinese
    government files) or Big5 (Taiwan, Hong Kong), told apart by charset-normalizer.
    Binary data (NUL bytes, known magic numbers, many control characters) is refused.
    """
    if not data:
        raise UnreadableDocument(name, "the file is empty")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument(name, _too_large(len(data)))
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise UnreadableDocument(name, f"this is {what}")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise UnreadableDocument(
                    name, f"starts with a {encoding} mark but does not decode: {exc}"
                ) from exc
            break
    if text is None:
        if b"\x00" in data:
            raise UnreadableDocument(name, "binary data (NUL bytes), not text")
        text = _decode_without_mark(data)
        if text is None:
            raise UnreadableDocument(name, "not UTF-8, UTF-16, GB18030/GBK or Big5 text")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise UnreadableDocument(name, "the file holds no text (only blanks)")
    _refuse_binary(text, name)
    return text


def _decode_without_mark(data: bytes) -> str | None:
    """UTF-8 if it decodes; else GB18030 or Big5, whichever reads as Chinese (None if neither decodes).

    Almost every Big5 byte sequence is also valid GB18030 (their double-byte ranges overlap), so
    decoding alone cannot tell them apart: charset-normalizer compares how coherent each reading is.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    readings: dict[str, str] = {}
    for encoding in ("gb18030", "big5hkscs"):
        try:
            readings[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if len(readings) < 2:
        return next(iter(readings.values()), None)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5hkscs", "big5"]).best()
    if best is not None and best.encoding in ("big5", "big5hkscs"):
        return readings["big5hkscs"]
    return readings["gb18030"]


def _refuse_binary(text: str, name: str) -> None:
    """Refuse decoded text that is mostly control characters (a binary file that happened to decode)."""
    codes = code_points(text)
    low = codes[(codes < 0x20) | (codes == 0x7F)]  # ASCII's control characters: blanks aside, all
    control = int(np.count_nonzero(~np.isin(low, _BLANKS)))
    # The others by distinct character outside ASCII and the common ideographs (a few thousand).
    distinct, counts = np.unique(outside_common(codes), return_counts=True)
    control += sum(
        n
        for c, n in zip(distinct.tolist(), counts.tolist(), strict=True)
        if unicodedata.category(chr(c)) in ("Cc", "Cs", "Co", "Cn")
    )
    if control > max(2, _MAX_CONTROL_SHARE * len(text)):
        raise UnreadableDocument(name, "binary data (control characters), not text")


def _too_large(size: int | None) -> str:
    """The reason for a file over the limit (``size`` None: a pipe or device, its size unknown)."""
    limit = f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB"
    shown = "over" if size is None else f"{size / (1024 * 1024):.1f} MB, over"
    return f"too large ({shown} the {limit} limit): split it into smaller documents"


def read_document(path: str | Path) -> str:
    """The text of the file at ``path``, in any supported format (see :func:`loaders.formats.read`).

    Raises :class:`UnreadableDocument` if it is missing, empty, too large, binary, undecodable,
    or a damaged file of its format. A pipe or device that never ends is read only up to the limit.
    """
    from loaders.formats import read

    return read(path).text


def _regular_size(fd: int) -> int | None:
    """The size of a regular file (None for a pipe or device, whose size is not known ahead)."""
    st = os.fstat(fd)
    return st.st_size if stat.S_ISREG(st.st_mode) else None
