"""Models of GET /entities (search) and GET /entities/{id}/related."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import (
    BELONGS_EXAMPLE,
    ENTITY_EXAMPLE,
    HQ_EXAMPLE,
    PARK_EXAMPLE,
    EntityOut,
    NodeOut,
    PathOut,
)
from graph.core.protocol import Neighbour, SearchHit


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
                    "items": [{"entity": ENTITY_EXAMPLE, "score": 0.6, "matched": "longjiangtangu"}],
                }
            ]
        }
    )

    total: int
    limit: int
    offset: int
    items: list[SearchItem]


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
                            "entity": HQ_EXAMPLE,
                            "depth": 1,
                            "path": {"nodes": [PARK_EXAMPLE, HQ_EXAMPLE], "relationships": [BELONGS_EXAMPLE]},
                        }
                    ],
                }
            ]
        }
    )

    id: str = Field(description="The start entity.")
    items: list[RelatedOut]
