"""Model of GET /viz/overview, the network page's first view."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.subgraph import CytoscapeElements


class VizOverview(BaseModel):
    """The initial view of the network page, as Cytoscape.js elements."""

    total_nodes: int = Field(description="Nodes the view draws from: the entities (with structure: all).")
    limit: int = Field(description="Most nodes the view holds.")
    truncated: bool = Field(description="True when only the best-connected `limit` nodes are shown.")
    elements: CytoscapeElements
