"""Opening the store the settings choose (``KG_STORE``): the embedded graph file or Neo4j."""

from __future__ import annotations

from typing import Any

from graph.core.protocol import GraphStore
from settings import Settings


def open_store(settings: Settings, **options: Any) -> GraphStore:
    """The store named by ``settings.kg_store``; ``options`` go to its constructor (batch_size, on_batch).

    Raises StoreUnavailable (Neo4j not reachable) or StoreCorrupt (graph file not ours).
    """
    if settings.kg_store == "neo4j":
        from graph.neo4j.store import Neo4jStore

        return Neo4jStore.from_settings(settings, **options)
    from graph.embedded.store import EmbeddedStore

    return EmbeddedStore(settings.graph_file, **options)
