"""The network page: GET /viz, its static files, and the one view the JSON API has no endpoint for.

The page (api/static/viz/) is plain HTML + JavaScript over Cytoscape.js (vendored in
api/static/vendor/, no CDN) and calls the API's JSON endpoints (/entities, /entities/{id}/related,
/subgraph, /stats). Its initial view comes from ``GET /viz/overview``: the whole graph when it has at
most ``limit`` nodes, else the ``limit`` best-connected nodes and the relationships among them.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, Field

from api.dependencies import Store
from api.errors import error_responses
from api.schemas import CytoscapeElements, CytoscapeOut
from graph.core.model import RELATIONSHIP_TYPES
from graph.core.protocol import Subgraph
from graph.outputs.palette import LABEL_COLOURS

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
OVERVIEW_LIMIT = 400  # fcose keeps ~400 nodes legible and lays them out in about a second

router = APIRouter(tags=["network view"])


class VizOverview(BaseModel):
    """The initial view of the network page, as Cytoscape.js elements."""

    total_nodes: int = Field(description="Nodes in the whole graph.")
    limit: int = Field(description="Most nodes the view holds.")
    truncated: bool = Field(description="True when only the best-connected `limit` nodes are shown.")
    elements: CytoscapeElements


def most_connected(graph: Subgraph, limit: int) -> Subgraph:
    """The ``limit`` nodes with most relationships (ties by id) and the relationships among them.

    >>> from graph.core.model import Node, Relationship
    >>> g = Subgraph([Node("a", "Park", "甲"), Node("b", "Park", "乙"), Node("c", "Park", "丙")],
    ...              [Relationship("a", "b", "BELONGS_TO")])
    >>> [n.id for n in most_connected(g, 2).nodes]
    ['a', 'b']
    """
    if len(graph.nodes) <= limit:
        return graph
    degree: Counter[str] = Counter()
    for rel in graph.relationships:
        degree[rel.source] += 1
        degree[rel.target] += 1
    kept = sorted(graph.nodes, key=lambda node: (-degree[node.id], node.id))[:limit]
    ids = {node.id for node in kept}
    return Subgraph(
        sorted(kept, key=lambda node: node.id),
        [rel for rel in graph.relationships if rel.source in ids and rel.target in ids],
    )


@router.get(
    "/viz/overview",
    response_model=VizOverview,
    responses=error_responses(),
    summary="Initial view of the network page",
)
def overview(
    store: Store,
    limit: int = Query(OVERVIEW_LIMIT, ge=1, le=2000, description="Most nodes to show."),
) -> VizOverview:
    """The whole graph when it has at most ``limit`` nodes, else the ``limit`` nodes with the most
    relationships (ties by id) and the relationships among them, as Cytoscape.js elements."""
    graph = store.all_graph()
    shown = most_connected(graph, limit)
    return VizOverview(
        total_nodes=len(graph.nodes),
        limit=limit,
        truncated=len(shown.nodes) < len(graph.nodes),
        elements=CytoscapeOut.from_subgraph(shown).elements,
    )


@router.get("/viz", include_in_schema=False, response_class=HTMLResponse)
def page() -> HTMLResponse:
    """The network page (works offline: every script it loads is served below).

    The label colours and relationship types are written into the page, so the page, the legend and
    `kg draw` share one palette (graph/outputs/palette.py) and the contract's list of types.
    """
    html = (STATIC_DIR / "viz" / "index.html").read_text(encoding="utf-8")
    config = json.dumps({"colours": LABEL_COLOURS, "types": list(RELATIONSHIP_TYPES)}, ensure_ascii=False)
    # "</" would close the <script> element the JSON sits in.
    return HTMLResponse(html.replace("__KG_VIZ_CONFIG__", config.replace("</", "<\\/")))


@router.get("/viz/static/{path:path}", include_in_schema=False)
def static_file(path: str) -> FileResponse:
    """A file of api/static/ (the page's script and style, the vendored library)."""
    file = (STATIC_DIR / path).resolve()
    # Refuse anything outside the static folder ("../" in the path) and folders.
    if not file.is_relative_to(STATIC_DIR) or not file.is_file():
        raise HTTPException(status_code=404, detail=f"no static file {path!r}")
    return FileResponse(file)
