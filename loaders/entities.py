"""Entities and relationships read from a cleaned text: the stages of the extraction, in order.

mentions (lexicon, short names, rule names, people) → crf (names a trained CRF finds where the
rules found none) → resolution (overlaps, entities) → properties
(status, investment, area, indicator values) → people (bodies, proposals) → relations → sections
(MENTIONS from the innermost section). Each stage is a module of :mod:`loaders.stages`; they pass
one :class:`~loaders.stages.state.ExtractionState`. Offsets are clean offsets until provenance maps
them back.
"""

from __future__ import annotations

from graph.core.model import Node, Relationship
from loaders.origin import mark
from loaders.stages.crf import add_crf_mentions
from loaders.stages.mentions import find_mentions
from loaders.stages.people import read_people
from loaders.stages.properties import read_properties
from loaders.stages.relations import read_relations
from loaders.stages.resolution import resolve
from loaders.stages.sections import mention_sections
from loaders.stages.state import ExtractionState
from loaders.text import CleanText, SectionSpan

STAGES = (
    find_mentions,
    add_crf_mentions,
    resolve,
    read_properties,
    read_people,
    read_relations,
    mention_sections,
)


def extract_entities(
    text: CleanText, document: str, sections: list[SectionSpan]
) -> tuple[list[Node], list[Relationship]]:
    """Entity nodes and their relationships (MENTIONS from the innermost section included)."""
    state = ExtractionState(text, document, sections)
    for stage in STAGES:
        stage(state)
    for r in state.rels.values():
        r.provenance.sort()
    nodes, rels = state.nodes(), sorted(state.rels.values(), key=lambda r: r.key)
    mark(state, nodes, rels)  # origin and confidence of each: properties added, nothing else changed
    return nodes, rels
