"""The graph document: what a loader produces and what a store receives.

Plain dataclasses in the shape of ``shared/design/graph-contract.md``. A loader builds a
:class:`GraphDocument` from one text; a store writes it; ``to_dict`` gives the contract's JSON.

>>> p = Provenance("doc", 0, 4, "龙江碳谷")
>>> n = Node(id=node_id("Project", "龙江碳谷"), label="Project", name="龙江碳谷", provenance=[p])
>>> n.id
'project:龙江碳谷'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from graph.core.forms import canonical_key

# Labels of the contract. Structure labels hold the document's shape; the rest are entities.
STRUCTURE_LABELS: tuple[str, ...] = ("Document", "Section")
ENTITY_LABELS: tuple[str, ...] = (
    "Project",
    "Park",
    "Organization",
    "Person",
    "Place",
    "Program",
    "Industry",
    "Indicator",
    "Proposal",
)
# A dated milestone of a Project or Park as one document reports it (planned or done): neither
# structure nor an entity (never matched by search, no :Entity in Neo4j).
EVENT_LABELS: tuple[str, ...] = ("Event",)
LABELS: tuple[str, ...] = STRUCTURE_LABELS + ENTITY_LABELS + EVENT_LABELS

RELATIONSHIP_TYPES: tuple[str, ...] = (
    "PART_OF",
    "MENTIONS",
    "BELONGS_TO",
    "LOCATED_IN",
    "OPERATED_BY",
    "COOPERATES_WITH",
    "PROPOSED_BY",
    "MEMBER_OF",
    "IN_INDUSTRY",
    "TARGETS",
    "HAS_EVENT",
)
# Stored once, read both ways.
SYMMETRIC_TYPES: frozenset[str] = frozenset({"COOPERATES_WITH"})


def node_id(label: str, name: str) -> str:
    """A stable id from label and canonical name: same entity in two documents → same id.

    Brackets are kept full-width in names (深圳（哈尔滨）产业园区) but the id uses the NFKC form so
    that an OCR'd half-width variant resolves to the same node.
    """
    return f"{label.lower()}:{canonical_key(name)}"


def relationship_key(source: str, type_: str, target: str) -> tuple[str, str, str]:
    """Identity of a relationship; symmetric types are ordered so A↔B and B↔A are one."""
    if type_ in SYMMETRIC_TYPES and target < source:
        source, target = target, source
    return (source, type_, target)


# A box on a printed page, (left, top, right, bottom): PDF points from the page's top left for a
# PDF (its text layer or its scanned pages), pixels for an image.
Box = tuple[float, float, float, float]


@functools.total_ordering
@dataclass(frozen=True)
class Provenance:
    """Where a node or relationship was read: ``text[start:end]`` of ``document``, in ``quote``.

    For a document read from pages (PDF, images), ``page`` (1-based) is the page the quote begins
    on and ``box`` the box around its lines there; both None for text, HTML and Word.
    """

    document: str
    start: int
    end: int
    quote: str
    page: int | None = None
    box: Box | None = None

    def _order(self) -> tuple[str, int, int, str, int, Box]:
        return (self.document, self.start, self.end, self.quote, self.page or 0, self.box or (0, 0, 0, 0))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Provenance):
            return NotImplemented
        return self._order() < other._order()

    def to_json(self) -> dict[str, Any]:
        """The contract's JSON: page and box only where the document has pages (text stays as it was)."""
        out: dict[str, Any] = {
            "document": self.document,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
        }
        if self.page is not None:
            out["page"] = self.page
        if self.box is not None:
            out["box"] = list(self.box)
        return out

    @classmethod
    def from_json(cls, data: Any) -> Provenance:
        page, box = data.get("page"), data.get("box")
        return cls(
            str(data["document"]),
            int(data["start"]),
            int(data["end"]),
            str(data["quote"]),
            None if page is None else int(page),
            None if box is None else (float(box[0]), float(box[1]), float(box[2]), float(box[3])),
        )


@dataclass
class Node:
    id: str
    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Relationship:
    source: str
    target: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)
    provenance: list[Provenance] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return relationship_key(self.source, self.type, self.target)


def edge_id(rel: Relationship) -> str:
    """A stable id for a relationship: its identity ``source|TYPE|target`` (symmetric types ordered).

    >>> edge_id(Relationship("b", "a", "COOPERATES_WITH"))
    'a|COOPERATES_WITH|b'
    """
    source, type_, target = rel.key
    return f"{source}|{type_}|{target}"


@dataclass
class GraphDocument:
    """One loaded text: its Document node, and every node and relationship read from it.

    ``nodes`` includes the Document node and the Section nodes; ``text`` is the text as read, so
    that every provenance's offsets can be checked against it.
    """

    document: Node
    nodes: list[Node]
    relationships: list[Relationship]
    text: str = ""

    @property
    def id(self) -> str:
        """The document id used in provenance (the file's stem)."""
        return str(self.document.properties["document"])

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape: ``{"document", "nodes", "relationships"}`` (no text)."""
        return {
            "document": node_json(self.document),
            "nodes": [node_json(n) for n in self.nodes],
            "relationships": [relationship_json(r) for r in self.relationships],
        }


def node_json(n: Node) -> dict[str, Any]:
    """A node in the contract's JSON shape."""
    return {
        "id": n.id,
        "label": n.label,
        "name": n.name,
        "aliases": list(n.aliases),
        "properties": dict(n.properties),
        "provenance": [p.to_json() for p in n.provenance],
    }


def relationship_json(r: Relationship) -> dict[str, Any]:
    """A relationship in the contract's JSON shape."""
    return {
        "source": r.source,
        "target": r.target,
        "type": r.type,
        "properties": dict(r.properties),
        "provenance": [p.to_json() for p in r.provenance],
    }
