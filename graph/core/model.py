"""The graph document: what a loader produces and what a store receives.

Plain dataclasses in the shape of ``shared/design/graph-contract.md``. A loader builds a
:class:`GraphDocument` from one text; a store writes it; ``to_dict`` gives the contract's JSON.

>>> p = Provenance("doc", 0, 4, "龙江碳谷")
>>> n = Node(id=node_id("Project", "龙江碳谷"), label="Project", name="龙江碳谷", provenance=[p])
>>> n.id
'project:龙江碳谷'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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


@dataclass(frozen=True, order=True)
class Provenance:
    """Where a node or relationship was read: ``text[start:end]`` of ``document``, in ``quote``."""

    document: str
    start: int
    end: int
    quote: str


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
            "document": asdict(self.document),
            "nodes": [asdict(n) for n in self.nodes],
            "relationships": [asdict(r) for r in self.relationships],
        }
