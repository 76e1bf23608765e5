"""Pydantic models of the HTTP API: what each endpoint takes and returns, with Chinese examples.

The stores speak plain dataclasses (``graph.core.model``, ``graph.core.protocol``); these models are the
boundary. ``from_*`` class methods convert, so routes stay one line of store call and one of output.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.core.model import GraphDocument, Node, Provenance, Relationship, edge_id
from graph.core.protocol import Counts, DocumentInfo, Neighbour, Path, SearchHit, Subgraph, WriteSummary
from graph.outputs.export import cytoscape_elements

_PROVENANCE_EXAMPLE = {
    "document": "harbin-new-area-2021-report",
    "start": 812,
    "end": 816,
    "quote": "重点推动龙江碳谷等14个项目开工",
}
_ENTITY_EXAMPLE = {
    "id": "project:龙江碳谷",
    "label": "Project",
    "name": "龙江碳谷",
    "aliases": [],
    "properties": {"status": "开工", "year": 2021},
    "provenance": [_PROVENANCE_EXAMPLE],
}
_NODE_EXAMPLE = {k: v for k, v in _ENTITY_EXAMPLE.items() if k != "provenance"}
_PARK = {
    "id": "park:深圳(哈尔滨)产业园区",
    "label": "Park",
    "name": "深圳（哈尔滨）产业园区",
    "aliases": [],
    "properties": {},
}
_HQ = {"id": "project:科创总部", "label": "Project", "name": "科创总部", "aliases": [], "properties": {}}
_BELONGS = {
    "source": "project:科创总部",
    "target": "park:深圳(哈尔滨)产业园区",
    "type": "BELONGS_TO",
    "properties": {},
    "provenance": [],
}


class ProvenanceOut(BaseModel):
    """Where a node or relationship was read: ``text[start:end]`` of ``document``."""

    # from_attributes: read straight from the graph's dataclasses in one validation pass (in Rust),
    # not field by field in Python: the related and search routes build dozens of these per request.
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_PROVENANCE_EXAMPLE]})

    document: str = Field(description="Document id (the file's stem).")
    start: int = Field(description="Start offset into the document's text as read.")
    end: int = Field(description="End offset (exclusive).")
    quote: str = Field(description="The sentence the fact was read from.")

    @classmethod
    def from_provenance(cls, p: Provenance) -> ProvenanceOut:
        return cls.model_validate(p)


class NodeOut(BaseModel):
    """A node without its provenance: what paths and subgraphs carry."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_NODE_EXAMPLE]})

    id: str = Field(
        description="Stable id: lower-case label, ':', canonical name.", examples=["project:龙江碳谷"]
    )
    label: str = Field(description="One label of the graph contract.", examples=["Project"])
    name: str = Field(examples=["龙江碳谷"])
    aliases: list[str] = Field(default_factory=list)
    properties: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def from_node(cls, n: Node) -> NodeOut:
        return cls.model_validate(n)


class EntityOut(NodeOut):
    """A node with its aliases, properties and provenance from every document."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_ENTITY_EXAMPLE]})

    provenance: list[ProvenanceOut] = Field(default_factory=list)

    @classmethod
    def from_node(cls, n: Node) -> EntityOut:
        return cls.model_validate(n)


class RelationshipOut(BaseModel):
    """A relationship; ``COOPERATES_WITH`` is symmetric and stored once."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [_BELONGS]})

    source: str = Field(examples=["project:科创总部"])
    target: str = Field(examples=["park:深圳(哈尔滨)产业园区"])
    type: str = Field(examples=["BELONGS_TO"])
    properties: dict[str, Any] = Field(default_factory=dict)
    provenance: list[ProvenanceOut] = Field(default_factory=list)

    @classmethod
    def from_relationship(cls, r: Relationship) -> RelationshipOut:
        return cls.model_validate(r)


class ErrorBody(BaseModel):
    code: str = Field(description="Machine-readable reason.", examples=["entity_not_found"])
    message: str = Field(
        description="What went wrong, for a person.", examples=["no entity with id 'project:不存在'"]
    )
    details: list[dict[str, Any]] | None = Field(
        None, description="Which parameters were invalid (422 only)."
    )


class ErrorOut(BaseModel):
    """The one error shape of every endpoint."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"error": {"code": "entity_not_found", "message": "no entity with id 'project:不存在'"}}
            ]
        }
    )

    error: ErrorBody


# --- search ------------------------------------------------------------------------------------


class SearchItem(BaseModel):
    entity: EntityOut
    score: float = Field(description="Higher is better: exact name > alias > prefix > substring > pinyin.")
    matched: str = Field(description="The name, alias or pinyin that matched.", examples=["longjiangtangu"])

    @classmethod
    def from_hit(cls, h: SearchHit) -> SearchItem:
        return cls.model_validate({"entity": h.node, "score": h.score, "matched": h.matched})


class SearchPage(BaseModel):
    """One page of search results, best first, with the total number of matches."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "total": 1,
                    "limit": 20,
                    "offset": 0,
                    "items": [{"entity": _ENTITY_EXAMPLE, "score": 0.6, "matched": "longjiangtangu"}],
                }
            ]
        }
    )

    total: int
    limit: int
    offset: int
    items: list[SearchItem]


# --- related, paths, subgraph ------------------------------------------------------------------


class PathOut(BaseModel):
    """A walk: ``relationships[i]`` joins ``nodes[i]`` and ``nodes[i+1]`` (in either direction)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"examples": [{"nodes": [_HQ, _PARK], "relationships": [_BELONGS]}]},
    )

    nodes: list[NodeOut]
    relationships: list[RelationshipOut]

    @classmethod
    def from_path(cls, p: Path) -> PathOut:
        return cls.model_validate(p)


class RelatedOut(BaseModel):
    """An entity related to the start entity, with the shortest path that reaches it.

    The entity comes without its own provenance (``GET /entities/{id}`` has it): a node named in many
    documents carries a quote from each, which made a related page of hubs weigh megabytes. Why it is
    related is the provenance of the path's relationships, which the page keeps.
    """

    entity: NodeOut
    depth: int = Field(description="Hops from the start entity.", examples=[1])
    path: PathOut

    @classmethod
    def from_neighbour(cls, nb: Neighbour) -> RelatedOut:
        return cls.model_validate({"entity": nb.node, "depth": nb.depth, "path": nb.path})


class RelatedPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "park:深圳(哈尔滨)产业园区",
                    "items": [
                        {
                            "entity": _HQ,
                            "depth": 1,
                            "path": {"nodes": [_PARK, _HQ], "relationships": [_BELONGS]},
                        }
                    ],
                }
            ]
        }
    )

    id: str = Field(description="The start entity.")
    items: list[RelatedOut]


class PathsOut(BaseModel):
    """All shortest paths between two entities (empty when none within ``max_depth``)."""

    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={
            "examples": [
                {
                    "from": "project:科创总部",
                    "to": "park:深圳(哈尔滨)产业园区",
                    "max_depth": 3,
                    "paths": [{"nodes": [_HQ, _PARK], "relationships": [_BELONGS]}],
                }
            ]
        },
    )

    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    max_depth: int
    paths: list[PathOut]


class EdgeOut(RelationshipOut):
    id: str = Field(
        description="source|TYPE|target", examples=["project:科创总部|BELONGS_TO|park:深圳(哈尔滨)产业园区"]
    )

    @classmethod
    def from_relationship(cls, r: Relationship) -> EdgeOut:
        return cls(id=edge_id(r), **RelationshipOut.from_relationship(r).model_dump())


class SubgraphOut(BaseModel):
    """Nodes and edges around the given ids (format=json)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "nodes": [_HQ, _PARK],
                    "edges": [{"id": "project:科创总部|BELONGS_TO|park:深圳(哈尔滨)产业园区", **_BELONGS}],
                }
            ]
        }
    )

    nodes: list[NodeOut]
    edges: list[EdgeOut]

    @classmethod
    def from_subgraph(cls, g: Subgraph) -> SubgraphOut:
        return cls(
            nodes=[NodeOut.from_node(n) for n in g.nodes],
            edges=[EdgeOut.from_relationship(r) for r in g.relationships],
        )


class CytoscapeNodeData(BaseModel):
    id: str
    label: str
    name: str


class CytoscapeEdgeData(BaseModel):
    id: str
    source: str
    target: str
    type: str


class CytoscapeNode(BaseModel):
    data: CytoscapeNodeData


class CytoscapeEdge(BaseModel):
    data: CytoscapeEdgeData


class CytoscapeElements(BaseModel):
    nodes: list[CytoscapeNode]
    edges: list[CytoscapeEdge]


class CytoscapeOut(BaseModel):
    """The same subgraph as Cytoscape.js elements (format=cytoscape): ``cy.add(body.elements)``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "elements": {
                        "nodes": [
                            {"data": {"id": "project:科创总部", "label": "Project", "name": "科创总部"}}
                        ],
                        "edges": [],
                    }
                }
            ]
        }
    )

    elements: CytoscapeElements

    @classmethod
    def from_subgraph(cls, g: Subgraph) -> CytoscapeOut:
        return cls.model_validate({"elements": cytoscape_elements(g, properties=False)})


# --- documents ---------------------------------------------------------------------------------


class DocumentOut(BaseModel):
    """A loaded document and how much of the graph it supports."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "harbin-new-area-2021-report",
                    "name": "哈尔滨新区2021年工作计划",
                    "properties": {"document": "harbin-new-area-2021-report"},
                    "nodes": 310,
                    "relationships": 540,
                }
            ]
        }
    )

    id: str = Field(description="Document id used in provenance.")
    name: str
    properties: dict[str, Any] = Field(default_factory=dict)
    nodes: int = Field(description="Nodes with provenance from this document.")
    relationships: int

    @classmethod
    def from_info(cls, d: DocumentInfo) -> DocumentOut:
        return cls(
            id=d.id,
            name=d.node.name,
            properties=dict(d.node.properties),
            nodes=d.nodes,
            relationships=d.relationships,
        )


class SectionOut(BaseModel):
    """A section of a document, in reading order, with the entities it mentions."""

    id: str = Field(examples=["section:harbin-new-area-2021-report:1.3"])
    name: str = Field(examples=["三是创新推进产业项目建设"])
    parent: str | None = Field(None, description="The enclosing section, or the Document node's id.")
    properties: dict[str, Any] = Field(default_factory=dict)
    entities: list[NodeOut]


class DocumentDetailOut(BaseModel):
    """A document's sections in reading order, each with the entities it mentions."""

    id: str
    name: str
    properties: dict[str, Any] = Field(default_factory=dict)
    sections: list[SectionOut]

    @classmethod
    def from_graph_document(cls, doc: GraphDocument) -> DocumentDetailOut:
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
            entities = [NodeOut.from_node(by_id[t]) for t in targets if t in by_id]
            out.append(
                SectionOut(
                    id=s.id,
                    name=s.name,
                    parent=parent.get(s.id),
                    properties=dict(s.properties),
                    entities=entities,
                )
            )
        return cls(id=doc.id, name=doc.document.name, properties=dict(doc.document.properties), sections=out)


def _start_of(n: Node) -> int:
    starts = [p.start for p in n.provenance]
    if starts:
        return min(starts)
    start = n.properties.get("start")
    return start if isinstance(start, int) else 1 << 62


class DocumentIn(BaseModel):
    """A text to load (JSON body of POST /documents)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "松北区重点推动龙江碳谷等14个项目开工，科创总部落户深圳（哈尔滨）产业园区。",
                    "document": "songbei-2021-notes",
                }
            ]
        }
    )

    text: str = Field(min_length=1, description="The document's text (UTF-8).")
    document: str | None = Field(
        None,
        min_length=1,
        max_length=200,
        pattern=r"^[^/\\\x00-\x1f]+$",
        description="Document id; default: from the text's hash, so posting it again changes nothing.",
    )


class DocumentLoadedOut(BaseModel):
    """What loading a document wrote: counts by label / type, new and already present."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "document": "songbei-2021-notes",
                    "nodes_new": {"Project": 2, "Park": 1},
                    "nodes_existing": {},
                    "relationships_new": {"BELONGS_TO": 1},
                    "relationships_existing": {},
                }
            ]
        }
    )

    document: str
    nodes_new: dict[str, int]
    nodes_existing: dict[str, int]
    relationships_new: dict[str, int]
    relationships_existing: dict[str, int]

    @classmethod
    def from_summary(cls, s: WriteSummary) -> DocumentLoadedOut:
        return cls(
            document=s.document,
            nodes_new=dict(s.nodes_new),
            nodes_existing=dict(s.nodes_existing),
            relationships_new=dict(s.relationships_new),
            relationships_existing=dict(s.relationships_existing),
        )


# --- stats, health, analytics ------------------------------------------------------------------


class StatsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "store": "embedded",
                    "nodes": {"Project": 60, "Park": 25},
                    "relationships": {"BELONGS_TO": 30},
                    "total_nodes": 85,
                    "total_relationships": 30,
                    "documents": 1,
                }
            ]
        }
    )

    store: str
    nodes: dict[str, int] = Field(description="Node counts by label.")
    relationships: dict[str, int] = Field(description="Relationship counts by type.")
    total_nodes: int
    total_relationships: int
    documents: int

    @classmethod
    def from_counts(cls, store: str, c: Counts) -> StatsOut:
        return cls(
            store=store,
            nodes=dict(c.nodes),
            relationships=dict(c.relationships),
            total_nodes=sum(c.nodes.values()),
            total_relationships=sum(c.relationships.values()),
            documents=c.nodes.get("Document", 0),
        )


class HealthOut(BaseModel):
    """Always 200: ``reachable`` says whether the store answers; ``counts`` is null when it does not."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"status": "ok", "store": "neo4j", "reachable": True, "nodes": 85, "relationships": 30},
                {
                    "status": "degraded",
                    "store": "neo4j",
                    "reachable": False,
                    "nodes": None,
                    "relationships": None,
                },
            ]
        }
    )

    status: Literal["ok", "degraded"]
    store: str
    reachable: bool
    nodes: int | None = None
    relationships: int | None = None


class CentralItem(BaseModel):
    entity: NodeOut
    degree: float = Field(description="Degree centrality (NetworkX, normalised by n-1).")
    betweenness: float = Field(description="Betweenness centrality (NetworkX, normalised).")


class CentralOut(BaseModel):
    """The most central entities of the entity graph (Document and Section nodes left out)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "by": "degree",
                    "label": "Park",
                    "items": [
                        {
                            "entity": {**_PARK},
                            "degree": 0.12,
                            "betweenness": 0.08,
                        }
                    ],
                }
            ]
        }
    )

    by: Literal["degree", "betweenness"]
    label: str | None
    items: list[CentralItem]


# --- cypher ------------------------------------------------------------------------------------


class CypherIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "query": "MATCH (p:Project)-[:BELONGS_TO]->(:Park {name: $park}) RETURN p.name",
                    "params": {"park": "深圳（哈尔滨）产业园区"},
                }
            ]
        }
    )

    query: str = Field(min_length=1, max_length=20_000, description="One read-only Cypher statement.")
    params: dict[str, Any] = Field(default_factory=dict, description="Query parameters ($name in the query).")


class CypherOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"columns": ["project"], "rows": [["科创总部"]], "truncated": False}]}
    )

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = Field(description="True when the result had more rows than the cap.")
