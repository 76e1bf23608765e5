"""Readers of every supported format behind one entry, :func:`read`: text, HTML, Word, PDF, images.

The format is chosen from the file's first bytes (magic numbers), not its name. Each reader gives a
:class:`ReadDocument`: the text (offsets everywhere else point into it), the format, the metadata
the file holds (title, date, source, pages) and the spans mapping character ranges back to their
page and, for PDF and OCR lines, their box on it.
"""

from loaders.formats.document import DocumentMetadata, ReadDocument, SourceSpan
from loaders.formats.reader import MAX_BYTES, read

__all__ = ["MAX_BYTES", "DocumentMetadata", "ReadDocument", "SourceSpan", "read"]
