"""A document's outline: its sections in reading order, each with its parent and the entities it
mentions (what GET /documents/{id} answers).

>>> from graph.core.model import GraphDocument, Node, Provenance, Relationship
>>> doc = GraphDocument(
...     Node("document:d", "Document", "d"),
...     [Node("section:d:2", "Section", "二", provenance=[Provenance("d", 9, 10, "二")]),
...      Node("section:d:1", "Section", "一", provenance=[Provenance("d", 0, 1, "一")]),
...      Node("park:p", "Park", "园区")],
...     [Relationship("section:d:1", "document:d", "PART_OF"),
...      Relationship("section:d:1", "park:p", "MENTIONS")],
... )
>>> [(s.node.name, s.parent, [n.id for n in s.entities]) for s in document_outline(doc)]
[('一', 'document:d', ['park:p']), ('二', None, [])]
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.core.model import GraphDocument, Node


@dataclass
class OutlineSection:
    """A section of a document with its enclosing section (or the Document node) and what it mentions."""

    node: Node
    parent: str | None
    entities: list[Node]


def document_outline(doc: GraphDocument) -> list[OutlineSection]:
    """The sections of ``doc`` in reading order, each with its parent and the entities it mentions
    (by id, each once)."""
    by_id = {n.id: n for n in doc.nodes}
    parent: dict[str, str] = {}
    mentions: dict[str, list[str]] = {}
    for r in doc.relationships:
        if r.type == "PART_OF":
            parent.setdefault(r.source, r.target)
        elif r.type == "MENTIONS":
            mentions.setdefault(r.source, []).append(r.target)
    sections = [n for n in doc.nodes if n.label == "Section"]
    # Reading order: by where the section starts in the text, the store's order breaking ties.
    order = {n.id: i for i, n in enumerate(sections)}
    sections.sort(key=lambda n: (_start_of(n), order[n.id]))
    out = []
    for s in sections:
        targets = sorted(dict.fromkeys(mentions.get(s.id, [])))
        out.append(OutlineSection(s, parent.get(s.id), [by_id[t] for t in targets if t in by_id]))
    return out


def _start_of(n: Node) -> int:
    starts = [p.start for p in n.provenance]
    if starts:
        return min(starts)
    start = n.properties.get("start")
    return start if isinstance(start, int) else 1 << 62
