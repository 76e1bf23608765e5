"""Model of GET /health."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


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
