"""Web pages: the article's main text (trafilatura drops navigation, footers, share buttons), any charset.

Title, publication date and source URL come from the page's own metadata (``<title>``, Open Graph,
``article:published_time``, the canonical link) where it has them.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re
from configparser import ConfigParser

from loaders.errors import UnreadableDocument
from loaders.formats.document import DocumentMetadata, ReadDocument
from loaders.reading import decode_document

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
# Declared charsets read with their superset: pages labelled GB2312 routinely hold GBK characters.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


def read_html(data: bytes, name: str) -> ReadDocument:
    """The main text of the page, one paragraph a line; refused if the page has no article text."""
    import trafilatura

    markup = _decode(data, name)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        extracted = trafilatura.bare_extraction(
            markup,
            config=_config(),
            include_comments=False,
            include_tables=True,
            include_images=False,
            deduplicate=False,
            with_metadata=True,
        )
    except (ValueError, TypeError, RecursionError) as exc:  # malformed markup lxml gives up on
        raise UnreadableDocument(name, f"an HTML page that cannot be parsed: {exc}") from exc
    text = (getattr(extracted, "text", None) or "").strip()
    if not text or _only_links(text, markup):
        raise UnreadableDocument(name, "an HTML page with no article text (only navigation or markup)")
    metadata = DocumentMetadata(
        title=getattr(extracted, "title", None) or None,
        date=getattr(extracted, "date", None) or None,
        source=getattr(extracted, "url", None) or None,
        author=getattr(extracted, "author", None) or None,
    )
    return ReadDocument(text + "\n", "html", metadata)


@functools.cache
def _config() -> ConfigParser:
    """trafilatura's settings for Chinese pages.

    Its main extractor gives up below 250 characters and falls back to a cruder one that keeps
    share buttons and bylines in one run-on line; 250 Chinese characters is a long article (a
    character carries about what five Latin letters do), so the bar is lowered. No extraction
    timeout: trafilatura's uses signals, which work only in the main thread (the API reads in others).
    """
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "30")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _decode(data: bytes, name: str) -> str:
    """The page as text: its declared charset (with the GB/Big5 supersets), else detected."""
    declared = _DECLARED.search(data[:4096])
    if declared:
        label = declared.group(1).decode("ascii", "replace").lower()
        encoding = _SUPERSETS.get(label, label)
        try:
            codecs.lookup(encoding)
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: detect instead, as browsers do
    return decode_document(data, name)


def _only_links(text: str, markup: str) -> bool:
    """Whether every line extracted is the text of a link: a page of navigation, not an article.

    (trafilatura falls back to whatever text a page has, so a menu page would otherwise "read".)
    """
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fromstring(markup)
    except (ParserError, ValueError):
        return False
    links = {"".join(a.text_content().split()) for a in root.iter("a")}
    lines = {"".join(line.split()) for line in text.splitlines()} - {""}
    return lines <= links
