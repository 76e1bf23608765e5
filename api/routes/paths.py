"""Shortest paths between two entities."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.dependencies import Store, answer
from api.errors import error_responses
from api.ids import find_entity
from api.schemas.common import PathOut
from api.schemas.paths import PathsOut
from graph.core.protocol import MAX_DEPTH

router = APIRouter(tags=["paths"])


@router.get("/paths", response_model=PathsOut, responses=error_responses(404, 422))
async def shortest_paths(
    store: Store,
    source: Annotated[
        str,
        Query(alias="from", min_length=1, description="Entity id or exact name.", examples=["person:戴瑞"]),
    ],
    target: Annotated[
        str,
        Query(
            alias="to", min_length=1, description="Entity id or exact name.", examples=["哈尔滨极地馆二期"]
        ),
    ],
    max_depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = MAX_DEPTH,
) -> PathsOut:
    """All shortest paths (direction ignored) of at most ``max_depth`` hops; empty when there is none."""

    def reply() -> PathsOut:
        start, end = find_entity(store, source), find_entity(store, target)
        paths = [PathOut.from_path(p) for p in store.shortest_paths(start.id, end.id, max_depth=max_depth)]
        return PathsOut(from_=start.id, to=end.id, max_depth=max_depth, paths=paths)

    return await answer(store, reply)
