"""Models of GET /subgraph: plain JSON, or Cytoscape.js elements (also the /viz page's)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import (
    BELONGS_EXAMPLE,
    HQ_EXAMPLE,
    PARK_EXAMPLE,
    NodeOut,
    RelationshipOut,
)
from graph.core.model import Relationship, edge_id
from graph.core.protocol import Subgraph
from graph.outputs.export import cytoscape_elements


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
                    "nodes": [HQ_EXAMPLE, PARK_EXAMPLE],
                    "edges": [
                        {"id": "project:科创总部|BELONGS_TO|park:深圳(哈尔滨)产业园区", **BELONGS_EXAMPLE}
                    ],
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
