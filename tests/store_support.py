"""Opening stores for tests: a fresh embedded file or a wiped Neo4j, and a comparable form of results."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j_target
import pytest

from graph.core.protocol import GraphStore

StoreFactory = Callable[..., GraphStore]


def open_stores(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[StoreFactory]:
    """A generator yielding ``make(**options)``, which opens a store of ``kind`` on one empty graph."""
    opened: list[GraphStore] = []
    if kind == "neo4j":
        settings = request.getfixturevalue("neo4j_settings")
        neo4j_target.wipe(settings)

    def make(**options: Any) -> GraphStore:
        if kind == "neo4j":
            from graph.neo4j.store import Neo4jStore

            store: GraphStore = Neo4jStore.from_settings(settings, **options)
        else:
            from graph.embedded.store import EmbeddedStore

            store = EmbeddedStore(tmp_path / "graph.json", **options)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()


def canonical(value: Any) -> str:
    """A comparable text form of any result (dataclasses, lists of them, None)."""

    def plain(v: Any) -> Any:
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return dataclasses.asdict(v)
        if isinstance(v, list):
            return [plain(i) for i in v]
        return v

    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True)


def snapshot(store: GraphStore) -> str:
    return canonical([store.all_graph(), store.counts(), store.documents()])
