"""Models of /documents: the list, one document's outline, and POST /documents."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import NodeOut
from graph.core.model import GraphDocument
from graph.core.outline import document_outline
from graph.core.protocol import DocumentInfo, WriteSummary


class DocumentOut(BaseModel):
    """A loaded document and how much of the graph it supports."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "harbin-new-area-2021-report",
                    "name": "哈尔滨新区2021年工作计划",
                    "format": "pdf",
                    "title": "哈尔滨新区2021年工作报告",
                    "date": "2021-01-05",
                    "source": "harbin-new-area-2021-report.pdf",
                    "pages": 1,
                    "properties": {"document": "harbin-new-area-2021-report", "format": "pdf"},
                    "nodes": 310,
                    "relationships": 540,
                }
            ]
        }
    )

    id: str = Field(description="Document id used in provenance.")
    name: str
    format: str = Field(description="What the file was: text, html, docx, pdf or image.")
    title: str | None = Field(None, description="The title the file gives itself (HTML, Word, PDF).")
    date: str | None = Field(
        None,
        description="Publication date (the page's or PDF's), else the report's date or year read from the "
        "text or file name (YYYY, YYYY-MM-DD); null if unknown.",
    )
    source: str | None = Field(None, description="The page's URL, else the file's name.")
    pages: int | None = Field(None, description="Pages of a PDF or image file.")
    properties: dict[str, Any] = Field(default_factory=dict)
    nodes: int = Field(description="Nodes with provenance from this document.")
    relationships: int

    @classmethod
    def from_info(cls, d: DocumentInfo) -> DocumentOut:
        properties = d.node.properties
        return cls(
            id=d.id,
            name=d.node.name,
            # A text file's node has no format property (its stored JSON is as it always was).
            format=str(properties.get("format", "text")),
            title=_text(properties.get("title")),
            date=_text(properties.get("date")),
            source=_text(properties.get("source")),
            pages=properties.get("pages") if isinstance(properties.get("pages"), int) else None,
            properties=dict(properties),
            nodes=d.nodes,
            relationships=d.relationships,
        )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


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
        sections = [
            SectionOut(
                id=s.node.id,
                name=s.node.name,
                parent=s.parent,
                properties=dict(s.node.properties),
                entities=[NodeOut.from_node(n) for n in s.entities],
            )
            for s in document_outline(doc)
        ]
        return cls(
            id=doc.id, name=doc.document.name, properties=dict(doc.document.properties), sections=sections
        )


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
