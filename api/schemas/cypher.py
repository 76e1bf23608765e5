"""Models of POST /cypher."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
