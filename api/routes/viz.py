"""The network page: GET /viz, its static files, and the one view the JSON API has no endpoint for.

The page (api/static/viz/) is plain HTML + JavaScript over Cytoscape.js (vendored in
api/static/vendor/, no CDN) and calls the API's JSON endpoints (/entities, /entities/{id}/related,
/subgraph, /stats). Its initial view comes from ``GET /viz/overview``: the entities' network (the
document's structure on request) when it has at most ``limit`` nodes, else the ``limit``
best-connected nodes and the relationships among them.
"""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import FileResponse, HTMLResponse

from api.dependencies import Store
from api.errors import error_responses
from api.schemas.subgraph import CytoscapeOut
from api.schemas.viz import VizOverview
from graph.core.model import RELATIONSHIP_TYPES
from graph.outputs.analytics import most_connected, without_structure
from graph.outputs.palette import LABEL_COLOURS

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
OVERVIEW_LIMIT = 400  # fcose keeps ~400 nodes legible and lays them out in about a second

router = APIRouter(tags=["network view"])


@router.get(
    "/viz/overview",
    response_model=VizOverview,
    responses=error_responses(),
    summary="Initial view of the network page",
)
def overview(
    store: Store,
    limit: int = Query(OVERVIEW_LIMIT, ge=1, le=2000, description="Most nodes to show."),
    structure: bool = Query(
        False, description="Also the Document and Section nodes (the document's structure) and their links."
    ),
) -> VizOverview:
    """The entities' network (with ``structure``, the whole graph) when it has at most ``limit`` nodes,
    else the ``limit`` nodes with the most relationships (ties by id) and the relationships among them,
    as Cytoscape.js elements."""
    graph = store.all_graph()
    if not structure:
        graph = without_structure(graph)
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
