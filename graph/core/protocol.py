"""The one interface both stores implement, and the plain result types it returns.

The API and the CLI talk to a :class:`GraphStore` only; ``EmbeddedStore`` (NetworkX) and
``Neo4jStore`` answer every method with the same results for the same data, in a defined order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

from graph.core.model import GraphDocument, Node, Relationship

Direction = Literal["out", "in", "both"]

MAX_DEPTH = 3  # neighbours, paths and subgraphs never walk further: the graph is small-world


@dataclass
class WriteSummary:
    """What writing one document did: counts by label / type, split into new and existing."""

    document: str
    nodes_new: dict[str, int] = field(default_factory=dict)
    nodes_existing: dict[str, int] = field(default_factory=dict)
    relationships_new: dict[str, int] = field(default_factory=dict)
    relationships_existing: dict[str, int] = field(default_factory=dict)


@dataclass
class SearchHit:
    node: Node
    score: float
    matched: str  # the name, alias or pinyin that matched


@dataclass
class SearchResult:
    total: int
    hits: list[SearchHit]


@dataclass
class Path:
    """A walk from ``nodes[0]`` to ``nodes[-1]``; ``relationships[i]`` joins nodes i and i+1."""

    nodes: list[Node]
    relationships: list[Relationship]


@dataclass
class Neighbour:
    node: Node
    depth: int
    path: Path  # from the start entity to ``node``


@dataclass
class Subgraph:
    nodes: list[Node]
    relationships: list[Relationship]


@dataclass
class Counts:
    nodes: dict[str, int]  # by label
    relationships: dict[str, int]  # by type


@dataclass
class DocumentInfo:
    id: str  # the document id used in provenance
    node: Node  # the Document node
    nodes: int  # nodes with provenance from this document
    relationships: int


@runtime_checkable
class GraphStore(Protocol):
    """A graph of documents and the entities they name.

    Ordering is part of the contract so both stores agree: search hits by descending score then
    id; neighbours by depth, then id; paths by length, then the sequence of node ids; node and
    relationship lists by id / (source, type, target).
    """

    kind: str  # "embedded" or "neo4j"

    def write_document(self, doc: GraphDocument) -> WriteSummary:
        """Write one document's graph, all or nothing. Writing the same document again changes nothing.

        Writing a document again replaces what it said before. A document that breaks the contract
        (unknown label or type, a relationship to a node that exists nowhere) raises
        ``graph.core.merge.InvalidDocument`` (a ValueError) and nothing is written.
        """
        ...

    def delete_document(self, document: str) -> bool:
        """Remove a document's provenance, and the nodes and relationships only it supported.

        False (and nothing changed) when no node holds anything from ``document``.
        """
        ...

    def get_entity(self, id: str) -> Node | None:
        """A node (any label) with its merged aliases and provenance from every document; None if absent."""
        ...

    def search(self, q: str, label: str | None = None, limit: int = 20, offset: int = 0) -> SearchResult:
        """Entities by Chinese name, alias (exact, prefix, substring) or pinyin, best first.

        Scores and order are ``graph.core.search``'s. Document and Section nodes never match; a blank
        query matches nothing; an unknown label or a negative limit/offset raises ValueError.
        """
        ...

    def neighbours(
        self,
        id: str,
        types: list[str] | None = None,
        direction: Direction = "both",
        labels: list[str] | None = None,
        depth: int = 1,
        limit: int = 100,
    ) -> list[Neighbour]:
        """Nodes within ``depth`` (clamped to 1..MAX_DEPTH) hops, each with the shortest path reaching it.

        Every hop follows ``direction`` (symmetric types go both ways) over ``types`` (default all;
        lower case accepted); ``labels`` filters the nodes returned (default any, Sections included),
        not the nodes walked through. Among shortest paths the one with the lexicographically first
        node ids wins. Unknown id: EntityNotFound; unknown type, label or direction: ValueError.
        """
        ...

    def shortest_paths(self, source: str, target: str, max_depth: int = MAX_DEPTH) -> list[Path]:
        """All shortest paths (ignoring direction) of at most ``max_depth`` (1..MAX_DEPTH) hops.

        One path per sequence of relationships; ``[]`` when none is that short; source == target
        gives the one path of one node. Unknown id: EntityNotFound.
        """
        ...

    def subgraph(self, ids: list[str], depth: int = 1) -> Subgraph:
        """The nodes within ``depth`` (0..MAX_DEPTH; 0: the induced subgraph) hops of ``ids``
        (ignoring direction) and every relationship among them. Unknown id: EntityNotFound."""
        ...

    def counts(self) -> Counts:
        """Nodes by label and relationships by type (keys sorted; absent labels left out)."""
        ...

    def documents(self) -> list[DocumentInfo]:
        """The loaded documents by id, with how many nodes and relationships each supports."""
        ...

    def document_graph(self, document: str) -> GraphDocument | None:
        """Everything one document contributed, as a graph document (sections in order)."""
        ...

    def events(self, entity: str | None = None, label: str | None = None) -> list[tuple[Node, Node]]:
        """(Event, entity) pairs over HAS_EVENT: of one entity id, or of entities with ``label``;
        ordered by ``graph.core.timeline.event_sort_key``. An unknown label raises ValueError."""
        ...

    def all_graph(self) -> Subgraph:
        """Every node and relationship: for exports and analytics."""
        ...

    def ping(self) -> bool:
        """Whether the store answers now."""
        ...

    def close(self) -> None: ...
