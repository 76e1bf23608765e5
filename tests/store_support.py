"""Opening stores for tests: a fresh embedded file or a wiped Neo4j, and a comparable form of results."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.core.protocol import GraphStore

StoreFactory = Callable[..., GraphStore]


def wipe_neo4j(settings: Any) -> None:
    """Delete every relationship, then every node, 10,000 per transaction.

    One transaction would exceed the server's memory on a large graph (a developer's server that also
    ran the benchmarks holds 100,000 nodes); nodes first would carry their hubs' relationships.
    Managed transactions, which the driver retries on a transient error (a deadlock). The bench has
    the same loop (``bench.neo4j_server.delete_everything``), but ``bench`` is not installed: tests
    run from a clone with ``.venv/bin/pytest`` cannot import it.
    """
    from neo4j import GraphDatabase

    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
    auth = (settings.neo4j_user, password) if password else None
    with GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver:
        for query in (
            "MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*) AS deleted",
            "MATCH (n) WITH n LIMIT 10000 DELETE n RETURN count(*) AS deleted",
        ):
            while driver.execute_query(query, database_=settings.neo4j_database).records[0]["deleted"]:
                pass


def open_stores(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[StoreFactory]:
    """A generator yielding ``make(**options)``, which opens a store of ``kind`` on one empty graph."""
    opened: list[GraphStore] = []
    if kind == "neo4j":
        settings = request.getfixturevalue("neo4j_settings")
        wipe_neo4j(settings)

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
