"""Models of GET /paths."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import (
    BELONGS_EXAMPLE,
    HQ_EXAMPLE,
    PARK_EXAMPLE,
    PathOut,
)


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
                    "paths": [{"nodes": [HQ_EXAMPLE, PARK_EXAMPLE], "relationships": [BELONGS_EXAMPLE]}],
                }
            ]
        },
    )

    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    max_depth: int
    paths: list[PathOut]
