"""Models of GET /stats and GET /analytics/central."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import (
    PARK_EXAMPLE,
    NodeOut,
)
from graph.core.protocol import Counts


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
                            "entity": {**PARK_EXAMPLE},
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
