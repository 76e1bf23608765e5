"""Models several routes share: nodes, entities, relationships, provenance, paths, errors, and
the Chinese examples of the OpenAPI page."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph.core.model import Node, Relationship
from graph.core.protocol import Path

PROVENANCE_EXAMPLE = {
    "document": "harbin-new-area-2021-report",
    "start": 812,
    "end": 816,
    "quote": "重点推动龙江碳谷等14个项目开工",
}


ENTITY_EXAMPLE = {
    "id": "project:龙江碳谷",
    "label": "Project",
    "name": "龙江碳谷",
    "aliases": [],
    "properties": {"status": "开工", "year": 2021},
    "provenance": [PROVENANCE_EXAMPLE],
}


NODE_EXAMPLE = {k: v for k, v in ENTITY_EXAMPLE.items() if k != "provenance"}


PARK_EXAMPLE = {
    "id": "park:深圳(哈尔滨)产业园区",
    "label": "Park",
    "name": "深圳（哈尔滨）产业园区",
    "aliases": [],
    "properties": {},
}


HQ_EXAMPLE = {
    "id": "project:科创总部",
    "label": "Project",
    "name": "科创总部",
    "aliases": [],
    "properties": {},
}


BELONGS_EXAMPLE = {
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
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [PROVENANCE_EXAMPLE]})

    document: str = Field(description="Document id (the file's stem).")
    start: int = Field(description="Start offset into the document's text as read.")
    end: int = Field(description="End offset (exclusive).")
    quote: str = Field(description="The sentence the fact was read from.")
    page: int | None = Field(
        None, description="PDF or image: the page (1-based) the quote begins on; null for text, HTML, Word."
    )
    box: list[float] | None = Field(
        None,
        description="The box (left, top, right, bottom) around the quote's lines on that page: PDF "
        "points from the page's top left, or pixels of an image; null where the reader gives none.",
    )


class NodeOut(BaseModel):
    """A node without its provenance: what paths and subgraphs carry."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [NODE_EXAMPLE]})

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

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [ENTITY_EXAMPLE]})

    provenance: list[ProvenanceOut] = Field(default_factory=list)

    @classmethod
    def from_node(cls, n: Node) -> EntityOut:
        return cls.model_validate(n)


class RelationshipOut(BaseModel):
    """A relationship; ``COOPERATES_WITH`` is symmetric and stored once."""

    model_config = ConfigDict(from_attributes=True, json_schema_extra={"examples": [BELONGS_EXAMPLE]})

    source: str = Field(examples=["project:科创总部"])
    target: str = Field(examples=["park:深圳(哈尔滨)产业园区"])
    type: str = Field(examples=["BELONGS_TO"])
    properties: dict[str, Any] = Field(default_factory=dict)
    provenance: list[ProvenanceOut] = Field(default_factory=list)

    @classmethod
    def from_relationship(cls, r: Relationship) -> RelationshipOut:
        return cls.model_validate(r)


class PathOut(BaseModel):
    """A walk: ``relationships[i]`` joins ``nodes[i]`` and ``nodes[i+1]`` (in either direction)."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [{"nodes": [HQ_EXAMPLE, PARK_EXAMPLE], "relationships": [BELONGS_EXAMPLE]}]
        },
    )

    nodes: list[NodeOut]
    relationships: list[RelationshipOut]

    @classmethod
    def from_path(cls, p: Path) -> PathOut:
        return cls.model_validate(p)


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
