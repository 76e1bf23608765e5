"""Counts of the graph, and its most central entities (NetworkX over the whole graph)."""

from __future__ import annotations

import threading
import time
from typing import Annotated, Literal

import networkx as nx
from fastapi import APIRouter, Query, Request

from api.dependencies import Store, answer
from api.errors import error_responses
from api.routes.entities import Label
from api.schemas.common import NodeOut
from api.schemas.stats import CentralItem, CentralOut, StatsOut
from graph.core.protocol import GraphStore
from graph.outputs.analytics import central_entities, centralities, entity_graph

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=StatsOut, responses=error_responses())
async def stats(store: Store) -> StatsOut:
    """Node counts by label and relationship counts by type."""
    return await answer(store, lambda: StatsOut.from_counts(store.kind, store.counts()))


@router.get("/analytics/central", response_model=CentralOut, responses=error_responses(422))
def central(
    request: Request,
    store: Store,
    label: Annotated[Label | None, Query(description="Only rank entities with this label.")] = None,
    by: Annotated[Literal["degree", "betweenness"], Query(description="Rank by this centrality.")] = "degree",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> CentralOut:
    """Degree and betweenness centrality of the entity graph (Document and Section nodes left out)."""
    cache = getattr(request.app.state, "centrality_cache", None)
    if cache is None:  # one per app, so two apps over two stores never share numbers
        cache = request.app.state.centrality_cache = CentralityCache()
    graph, scores = cache.get(store)
    ranked = central_entities(graph, by=by, label=label, limit=limit, scores=scores)
    items = [
        CentralItem(entity=NodeOut.from_node(graph.nodes[n]["node"]), degree=deg, betweenness=btw)
        for n, deg, btw in ranked
    ]
    return CentralOut(by=by, label=label, items=items)


class CentralityCache:
    """Centralities of the last graph seen, reused while its counts are unchanged (at most ``ttl`` s).

    Betweenness takes seconds on a graph of a few hundred entities; the graph changes only when a
    document is loaded, which changes the counts. The time limit covers a change that keeps them.
    """

    def __init__(self, ttl: float = 300.0) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._key: tuple[object, ...] | None = None
        self._at = 0.0
        self._value: tuple[nx.Graph, dict[str, tuple[float, float]]] | None = None

    def get(self, store: GraphStore) -> tuple[nx.Graph, dict[str, tuple[float, float]]]:
        counts = store.counts()
        key = (tuple(counts.nodes.items()), tuple(counts.relationships.items()))
        with self._lock:  # one computation at a time; the others wait and reuse it
            if self._value is None or key != self._key or time.monotonic() - self._at > self.ttl:
                graph = entity_graph(store.all_graph())
                self._value, self._key, self._at = (graph, centralities(graph)), key, time.monotonic()
            return self._value
