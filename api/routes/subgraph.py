"""The neighbourhood of some entities, ready to draw (plain JSON or Cytoscape.js elements)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.dependencies import Store, answer
from api.errors import error_responses
from api.ids import canonical_id, find_entity
from api.schemas.subgraph import CytoscapeOut, SubgraphOut
from graph.core.errors import EntityNotFound
from graph.core.protocol import MAX_DEPTH, GraphStore

router = APIRouter(tags=["subgraph"])

MAX_IDS = 500


@router.get("/subgraph", response_model=SubgraphOut | CytoscapeOut, responses=error_responses(404, 422))
async def subgraph(
    store: Store,
    ids: Annotated[
        list[str],
        Query(
            min_length=1,
            max_length=MAX_IDS,
            description="Entity ids or exact names (repeat the parameter: ids=a&ids=b).",
            examples=[["park:深圳(哈尔滨)产业园区"]],
        ),
    ],
    depth: Annotated[
        int, Query(ge=0, le=MAX_DEPTH, description="0: only the ids and the edges among them.")
    ] = 1,
    format: Annotated[Literal["json", "cytoscape"], Query()] = "json",
) -> SubgraphOut | CytoscapeOut:
    """Nodes within ``depth`` hops of ``ids`` and every relationship among them."""
    return await answer(store, lambda: _subgraph(store, ids, depth, format))


def _subgraph(store: GraphStore, ids: list[str], depth: int, format: str) -> SubgraphOut | CytoscapeOut:
    wanted = list(dict.fromkeys(canonical_id(i) for i in ids))
    try:
        g = store.subgraph(wanted, depth=depth)
    except EntityNotFound:
        # Some are names or aliases (or unknown: find_entity raises the 404 naming the first).
        wanted = list(dict.fromkeys(find_entity(store, i).id for i in ids))
        g = store.subgraph(wanted, depth=depth)
    present = {n.id for n in g.nodes}
    missing = [i for i in wanted if i not in present]
    if missing:
        raise EntityNotFound(missing[0])
    return CytoscapeOut.from_subgraph(g) if format == "cytoscape" else SubgraphOut.from_subgraph(g)
