"""The first run: an empty embedded store gets the sample report, so `kg serve` shows a graph."""

from __future__ import annotations

from graph.core.protocol import WriteSummary
from settings import Settings


def needs_sample(settings: Settings) -> bool:
    """Whether the store is the embedded one and its data folder holds no graph yet."""
    return settings.kg_store == "embedded" and not settings.graph_file.exists()


def load_sample(settings: Settings) -> WriteSummary:
    """Load ``settings.kg_sample`` into the store; raises ``OSError`` or ``UnreadableDocument``."""
    from graph.curation import Curation
    from graph.stores import open_store
    from loaders.report import load_report

    doc = load_report(settings.kg_sample)
    store = open_store(settings)
    try:
        return Curation(store).write_document(doc)  # the log applies to the sample too
    finally:
        store.close()
