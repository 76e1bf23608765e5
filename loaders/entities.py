"""Entities and relationships read from a cleaned text (being written: see the loader issue)."""

from __future__ import annotations

from graph.model import Node, Relationship
from loaders.text import CleanText, SectionSpan


def extract_entities(
    text: CleanText, document: str, sections: list[SectionSpan]
) -> tuple[list[Node], list[Relationship]]:
    """Entity nodes and their relationships (MENTIONS from the innermost section included)."""
    raise NotImplementedError
