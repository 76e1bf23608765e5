"""What every provenance must satisfy, shared by the property tests and the end-to-end tests."""

from __future__ import annotations

import re
import unicodedata

from graph.core.model import GraphDocument


def squash(text: str) -> str:
    """The form quotes and spans are compared in: NFKC, no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def assert_offsets_inside(doc: GraphDocument, text: str) -> None:
    """Every provenance lies inside the text, and its span and quote agree.

    An entity's span is its name inside the quoted sentence; a section's span is the section, which
    begins with its quoted first sentence.
    """
    for item in [*doc.nodes, *doc.relationships]:
        for p in item.provenance:
            assert 0 <= p.start <= p.end <= len(text), (item, p)
            span, quote = squash(text[p.start : p.end]), squash(p.quote)
            assert span in quote or span.startswith(quote), (item, p)
